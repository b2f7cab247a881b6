/**
 * The public API of the containersec sbom module. Everything under {@code dev.containersec.sbom.internal}
 * is an implementation detail and not exported.
 */
package dev.containersec.sbom;
