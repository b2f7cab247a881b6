/**
 * The {@code containersec sbom} command: catalog an image and write its SBOM as CycloneDX, SPDX or a table.
 */
package dev.containersec.cli.sbom;
