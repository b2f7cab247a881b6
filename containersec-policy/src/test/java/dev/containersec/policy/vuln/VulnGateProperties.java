package dev.containersec.policy.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.Finding;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import dev.containersec.policy.VulnGate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a scan report or a KEV list holds, reading gives values or an InvalidInputException, nothing else. */
class VulnGateProperties {

    @Property(tries = 300)
    void readFindings_reportShapedText_givesFindingsOrInvalidInput(@ForAll("reportish") String text) {
        try {
            List<Finding> findings = VulnGate.defaults().readFindings(text.getBytes(StandardCharsets.UTF_8), "f.json");
            assertThat(VulnGate.defaults().maxAgeDays(0).kev(java.util.Set.of("CVE-1"))
                    .evaluate(findings, "img", LocalDate.of(2026, 1, 1)).findings()).isNotNull();
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).contains("f.json");
        }
    }

    @Property(tries = 300)
    void kev_listShapedText_givesIdsOrInvalidInput(@ForAll("kevish") String text) throws Exception {
        Path file = Files.createTempFile("kev", ".txt");
        try {
            Files.writeString(file, text);
            assertThat(VulnGate.defaults().limits(ScanLimits.defaults()).kev(file).kev())
                    .allSatisfy(id -> assertThat(id).startsWith(id.substring(0, 1).toUpperCase()));
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).contains(file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Provide
    Arbitrary<String> reportish() {
        return Arbitraries.of("{", "}", "[", "]", ",", ":", "\"target\"", "\"findings\"", "\"id\"", "\"CVE-1\"",
                        "\"package\"", "\"name\"", "\"purl\"", "\"pkg:npm/a@1\"", "\"severity\"", "\"HIGH\"",
                        "\"published\"", "\"2020-01-01\"", "\"2020-01-01T00:00:00Z\"", "\"locations\"", "\"path\"",
                        "\"layerIndex\"", "-5", "1", "null", "\"fixedVersions\"", "\"aliases\"", "\"layerDigest\"",
                        "\"sha256:zz\"", "true", "\"kind\"")
                .list().ofMaxSize(60).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> kevish() {
        return Arbitraries.of("{", "}", "[", "]", ",", ":", "\"vulnerabilities\"", "\"cveID\"", "\"CVE-2021-1\"",
                        "CVE-2021-44228", "cve-1-2", "GHSA-a-b", "# c", "\n", " ", "x", "-", "7", "\uFEFF", "\r\n")
                .list().ofMaxSize(40).map(parts -> String.join("", parts));
    }
}
