/** {@code containersec scan}: match an image's or an SBOM's packages against the vulnerability database. */
package dev.containersec.cli.scan;
