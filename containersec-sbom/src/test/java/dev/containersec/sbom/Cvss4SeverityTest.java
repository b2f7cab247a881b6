package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An advisory that carries only a CVSS v4.0 vector gets its severity from the v4.0 score. */
class Cvss4SeverityTest {

    @Test
    void advisoryWithOnlyAV4Vector_getsSeverityFromItsScore(@TempDir Path tmp) {
        String events = "[{\"introduced\":\"0\"},{\"fixed\":\"2.0.0\"}]";
        Advisories.write(tmp.resolve("src"), "v4.json", Advisories.synthetic("GHSA-v4v4-v4v4-v4v4", "[]", "npm",
                "v4only", events, "\"severity\":[{\"type\":\"CVSS_V4\",\"score\":"
                        + "\"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N\"}],"));
        Advisories.write(tmp.resolve("src"), "both.json", Advisories.synthetic("GHSA-v3v3-v3v3-v3v3", "[]", "npm",
                "both", events, "\"severity\":[{\"type\":\"CVSS_V4\",\"score\":"
                        + "\"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H\"},{\"type\":\"CVSS_V3\","
                        + "\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N\"}],"));
        VulnerabilityDb.importer(tmp.resolve("db")).add(tmp.resolve("src")).run();
        try (VulnerabilityDb db = VulnerabilityDb.open(tmp.resolve("db"))) {
            VulnerabilityDb.Advisory v4 = db.find("npm", "v4only").get(0);
            assertThat(v4.vulnerability().severity()).isEqualTo(Severity.HIGH);
            assertThat(v4.vulnerability().severitySource()).startsWith("CVSS:4.0/").contains("8.7");
            // A v3 vector, when present, is preferred.
            VulnerabilityDb.Advisory both = db.find("npm", "both").get(0);
            assertThat(both.vulnerability().severity()).isEqualTo(Severity.MEDIUM);
            VulnerabilityReport report = VulnerabilityScanner.of(db).scan(Advisories.sbom(java.util.Optional.empty(),
                    Advisories.pkg("pkg:npm/v4only@1.0.0", java.util.Map.of())));
            byte[] vex = VulnerabilityReportWriter.cycloneDxVex(new SuppressionResult(report, List.of(), List.of()),
                    "t", "1");
            assertThat(new String(vex, java.nio.charset.StandardCharsets.UTF_8)).contains("\"CVSSv4\"")
                    .contains("\"score\" : 8.7");
        }
    }
}
