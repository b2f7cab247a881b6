/**
 * The {@code containersec verify} and {@code containersec sign} commands: cosign-style image signatures
 * and in-toto attestations through {@code containersec-signature}.
 */
package dev.containersec.cli.signature;
