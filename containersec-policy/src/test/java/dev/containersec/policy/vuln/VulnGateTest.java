package dev.containersec.policy.vuln;

import static dev.containersec.policy.vuln.VulnFindings.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.Finding;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.Severity;
import dev.containersec.policy.PolicyMode;
import dev.containersec.policy.PolicyPackCheck;
import dev.containersec.policy.PolicyPackFinding;
import dev.containersec.policy.PolicyPackResult;
import dev.containersec.policy.PolicySeverity;
import dev.containersec.policy.PolicyWaivers;
import dev.containersec.policy.VulnGate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VulnGateTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    private static final String IMAGE = "oci:app:1.0";

    private static List<String> rules(PolicyPackResult r) {
        return r.findings().stream().map(f -> f.violation().rule() + " " + f.value().orElse("")).toList();
    }

    @Test
    void severity_defaultHigh_failsHighAndCritical_passesMediumLowUnknown() {
        PolicyPackResult r = VulnGate.defaults().evaluate(List.of(
                finding("CVE-1-1", Severity.CRITICAL, List.of()), finding("CVE-1-2", Severity.HIGH, List.of("2")),
                finding("CVE-1-3", Severity.MEDIUM, List.of("2")), finding("CVE-1-4", Severity.LOW, List.of()),
                finding("CVE-1-5", Severity.UNKNOWN, List.of())), IMAGE, TODAY);

        assertThat(rules(r)).containsExactly("vuln-severity CVE-1-1", "vuln-severity CVE-1-2");
        assertThat(r.allowed()).isFalse();
        assertThat(r.findings().get(0).violation().severity()).isEqualTo(PolicySeverity.CRITICAL);
        assertThat(r.findings().get(0).violation().path()).isEqualTo("/app/log4j-core-2.14.1.jar");
        assertThat(r.findings().get(0).image()).contains(IMAGE);
        assertThat(r.findings().get(1).violation().message()).contains("CVE-1-2", "high", "fixed in 2");
    }

    @Test
    void severity_thresholdCritical_passesHigh() {
        PolicyPackResult r = VulnGate.defaults().severity(Severity.CRITICAL)
                .evaluate(List.of(finding("CVE-1-2", Severity.HIGH, List.of("2"))), IMAGE, TODAY);
        assertThat(r.findings()).isEmpty();
        assertThat(r.allowed()).isTrue();
    }

    @Test
    void fixableOnly_ignoresFindingsWithoutAFixedVersion() {
        List<Finding> findings = List.of(finding("CVE-2-1", Severity.CRITICAL, List.of()),
                finding("CVE-2-2", Severity.CRITICAL, List.of("1.2.3")));
        assertThat(rules(VulnGate.defaults().evaluate(findings, IMAGE, TODAY)))
                .containsExactly("vuln-severity CVE-2-1", "vuln-severity CVE-2-2");
        assertThat(rules(VulnGate.defaults().fixableOnly(true).evaluate(findings, IMAGE, TODAY)))
                .containsExactly("vuln-severity CVE-2-2");
    }

    @Test
    void maxAge_failsFixableFindingsPublishedLongerAgoThanTheGracePeriod_anySeverity() {
        Instant old = Instant.parse("2026-04-01T10:00:00Z"); // 61 days before TODAY
        Instant recent = Instant.parse("2026-05-20T00:00:00Z"); // 12 days
        Instant boundary = Instant.parse("2026-05-02T23:59:59Z"); // exactly 30 days: still within the grace period
        List<Finding> findings = List.of(
                finding("CVE-3-1", List.of(), Severity.LOW, List.of("2"), Optional.of(old)),
                finding("CVE-3-2", List.of(), Severity.LOW, List.of("2"), Optional.of(recent)),
                finding("CVE-3-3", List.of(), Severity.LOW, List.of(), Optional.of(old)),
                finding("CVE-3-4", List.of(), Severity.LOW, List.of("2"), Optional.empty()),
                finding("CVE-3-5", List.of(), Severity.LOW, List.of("2"), Optional.of(boundary)));

        PolicyPackResult r = VulnGate.defaults().maxAgeDays(30).evaluate(findings, IMAGE, TODAY);

        assertThat(rules(r)).containsExactly("vuln-fix-overdue CVE-3-1");
        assertThat(r.findings().get(0).violation().message()).contains("61 days", "30-day grace period");
        assertThat(VulnGate.defaults().evaluate(findings, IMAGE, TODAY).findings()).isEmpty();
        assertThatThrownBy(() -> VulnGate.defaults().maxAgeDays(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void kev_failsAListedFindingWhateverItsSeverity_matchingByAlias() {
        Finding low = finding("GHSA-jfh8-c2jp-5v3q", List.of("CVE-2021-44228"), Severity.LOW, List.of(),
                Optional.empty());
        Finding other = finding("GHSA-xxxx-yyyy-zzzz", List.of("CVE-2020-0001"), Severity.LOW, List.of(),
                Optional.empty());

        PolicyPackResult r = VulnGate.defaults().fixableOnly(true).kev(Set.of("cve-2021-44228"))
                .evaluate(List.of(low, other), IMAGE, TODAY);

        assertThat(rules(r)).containsExactly("vuln-known-exploited GHSA-jfh8-c2jp-5v3q");
        assertThat(r.findings().get(0).violation().severity()).isEqualTo(PolicySeverity.CRITICAL);
        assertThat(r.findings().get(0).violation().message()).contains("CVE-2021-44228 is in the KEV list");
        assertThat(r.allowed()).isFalse();
    }

    @Test
    void kev_readsCisaCatalogJsonAndPlainText(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("kev.json"), """
                {"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "2026.06.01",
                 "vulnerabilities": [{"cveID": "CVE-2021-44228", "vendorProject": "Apache"},
                                     {"cveID": "CVE-2023-4863"}]}
                """);
        Path text = Files.writeString(dir.resolve("kev.txt"), "# exploited\nCVE-2021-44228, cve-2023-4863\n\n"
                + "GHSA-jfh8-c2jp-5v3q   # by advisory id\n");

        assertThat(VulnGate.defaults().kev(json).kev()).containsExactlyInAnyOrder("CVE-2021-44228", "CVE-2023-4863");
        assertThat(VulnGate.defaults().kev(text).kev())
                .containsExactlyInAnyOrder("CVE-2021-44228", "CVE-2023-4863", "GHSA-JFH8-C2JP-5V3Q");
    }

    @Test
    void kev_malformedEntries_areInvalidInputNamingTheLine(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("kev.txt"), "CVE-2021-44228\nnot an id\n");
        assertThatThrownBy(() -> VulnGate.defaults().kev(text)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2").hasMessageContaining("'not'");
        Path json = Files.writeString(dir.resolve("kev.json"), "{\"vulnerabilities\": [{\"cveID\": 7}]}");
        assertThatThrownBy(() -> VulnGate.defaults().kev(json)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("vulnerabilities[0].cveID");
    }

    @Test
    void waivers_scopedByRuleImageAndVulnerabilityId_expireAndStopApplying() {
        PolicyWaivers waivers = PolicyWaivers.parse("""
                waivers:
                - rule: vuln-severity
                  image: oci:app:*
                  value: CVE-4-1
                  reason: not reachable, TICKET-7
                  expires: 2026-06-30
                - rule: vuln-severity
                  value: CVE-4-2
                  reason: old waiver
                  expires: 2026-05-31
                """.getBytes(StandardCharsets.UTF_8), "w.yaml");
        PolicyPackCheck check = PolicyPackCheck.builder().packs(List.of("vuln-gate")).waivers(waivers).today(TODAY)
                .build();
        String report = report(IMAGE, "CVE-4-1", "CVE-4-2");

        PolicyPackResult r = check.checkManifests(report.getBytes(StandardCharsets.UTF_8), "scan.json").get(0);

        assertThat(r.kind()).isEqualTo(PolicyPackCheck.REPORT_KIND);
        assertThat(r.name()).isEqualTo(IMAGE);
        assertThat(r.findings()).extracting(PolicyPackFinding::waived).containsExactly(true, false);
        assertThat(r.allowed()).isFalse();
        assertThat(check.expiredWaivers()).extracting(w -> w.value().orElseThrow()).containsExactly("CVE-4-2");
        PolicyPackResult otherImage = check.checkManifests(report("oci:other:1", "CVE-4-1")
                .getBytes(StandardCharsets.UTF_8), "scan.json").get(0);
        assertThat(otherImage.findings()).extracting(PolicyPackFinding::waived).containsExactly(false);
    }

    @Test
    void checkManifests_scanReport_warnModeReportsButAllows_andWithoutThePackHasNoFindings() {
        byte[] report = report(IMAGE, "CVE-5-1").getBytes(StandardCharsets.UTF_8);
        PolicyPackResult warn = PolicyPackCheck.builder().packs(List.of("vuln-gate")).mode("vuln-gate", PolicyMode.WARN)
                .build().checkManifests(report, "scan.json").get(0);
        assertThat(warn.findings()).hasSize(1);
        assertThat(warn.allowed()).isTrue();
        PolicyPackResult none = PolicyPackCheck.builder().packs(List.of("pss-baseline")).build()
                .checkManifests(report, "scan.json").get(0);
        assertThat(none.findings()).isEmpty();
    }

    @Test
    void readFindings_roundTripsTheScanReportFields() {
        String json = """
                {"target": "oci:app:1.0", "findings": [{"id": "GHSA-jfh8-c2jp-5v3q", "aliases": ["CVE-2021-44228"],
                  "summary": "Log4Shell", "severity": "CRITICAL", "severitySource": "CVSS:3.1/AV:N",
                  "published": "2021-12-10T00:00:00Z",
                  "package": {"name": "log4j-core", "version": "2.14.1", "type": "maven",
                    "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                    "locations": [{"path": "/app/l.jar", "layerIndex": 1,
                      "layerDigest": "sha256:0000000000000000000000000000000000000000000000000000000000000000"}]},
                  "ecosystem": "Maven", "packageName": "org.apache.logging.log4j:log4j-core",
                  "affectedRange": ">=2.0-beta9 <2.15.0", "fixedVersions": ["2.15.0"], "evidence": "jar",
                  "suppressed": 0}], "suppressedFindings": []}
                """;
        List<Finding> f = VulnGate.defaults().readFindings(json.getBytes(StandardCharsets.UTF_8), "s.json");
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.vulnerability().isKnownAs("CVE-2021-44228")).isTrue();
            assertThat(x.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(x.vulnerability().published()).contains(Instant.parse("2021-12-10T00:00:00Z"));
            assertThat(x.pkg().locations().get(0).layerIndex()).isEqualTo(1);
            assertThat(x.fixedVersions()).containsExactly("2.15.0");
        });
        assertThatThrownBy(() -> VulnGate.defaults().readFindings(
                "{\"target\": \"t\", \"findings\": [{\"id\": \"X-1\", \"package\": {\"name\": \"n\", \"purl\": \"nope\"}}]}"
                        .getBytes(StandardCharsets.UTF_8), "s.json"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("findings[0].package.purl");
    }

    static String report(String target, String... ids) {
        StringBuilder b = new StringBuilder("{\"target\": \"" + target + "\", \"findings\": [");
        for (int i = 0; i < ids.length; i++) {
            b.append(i > 0 ? "," : "").append("{\"id\": \"").append(ids[i]).append("\", \"severity\": \"HIGH\", "
                    + "\"package\": {\"name\": \"openssl\", \"version\": \"3.0.1\", "
                    + "\"purl\": \"pkg:deb/debian/openssl@3.0.1\"}, \"fixedVersions\": [\"3.0.2\"]}");
        }
        return b.append("]}").toString();
    }
}
