/**
 * SBOMs (CycloneDX, SPDX), OSV advisories, per-ecosystem version semantics and vulnerability matching.
 */
module dev.containersec.sbom {
    requires transitive dev.containersec.api;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports dev.containersec.sbom;
}
