/**
 * SBOMs (CycloneDX, SPDX), OSV advisories, per-ecosystem version semantics and vulnerability matching.
 *
 * <p>The local vulnerability database ({@code VulnerabilityDb}) is one SQLite file written through
 * sqlite-jdbc ({@code java.sql}); {@code VulnerabilityScanner} matches an SBOM against it; {@code OsvMirror}
 * keeps it up to date from OSV's per-ecosystem archives over HTTP(S) ({@code java.net.http}).
 */
module dev.containersec.sbom {
    requires transitive dev.containersec.api;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires java.sql;
    requires java.net.http;
    requires org.xerial.sqlitejdbc;

    exports dev.containersec.sbom;
}
