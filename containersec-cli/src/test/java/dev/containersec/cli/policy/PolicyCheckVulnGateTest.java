package dev.containersec.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.cli.Cli;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.VulnerableImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code policy check} with vuln-gate: scan reports as input, and images scanned with {@code --db}. */
class PolicyCheckVulnGateTest {

    @TempDir
    static Path tmp;
    static String db;
    static String vulnerable;
    static String clean;
    static Path report;

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void setUp() throws Exception {
        VulnerableImages images = VulnerableImages.create(tmp);
        db = images.db();
        vulnerable = images.vulnerable();
        clean = images.clean();
        Cli.Result scan = Cli.run("scan", vulnerable, "--db", db, "--format", "json");
        assertThat(scan.exitCode()).as(scan.toString()).isZero();
        report = Files.writeString(tmp.resolve("findings.json"), scan.out());
    }

    private static List<String> violations(JsonNode result) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : result.path("violations")) {
            out.add(v.path("rule").asText() + " " + v.path("value").asText() + (v.path("waived").asBoolean()
                    ? " waived" : ""));
        }
        return out;
    }

    @Test
    void findingsReport_isDetected_andCriticalLog4ShellFailsTheDefaultThreshold() throws Exception {
        Cli.Result r = Cli.run("policy", "check", report.toString(), "--format", "json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.GATE_FAILED);
        JsonNode result = JSON.readTree(r.out()).path("results").get(0);
        assertThat(result.path("input").asText()).isEqualTo(report.toString());
        assertThat(result.path("kind").asText()).isEqualTo("VulnerabilityReport");
        assertThat(result.path("name").asText()).isEqualTo(vulnerable);
        assertThat(result.path("allowed").asBoolean()).isFalse();
        assertThat(violations(result)).contains("vuln-severity GHSA-jfh8-c2jp-5v3q");
        assertThat(JSON.readTree(r.out()).path("packs").toString()).contains("vuln-gate");
    }

    @Test
    void findingsReport_kevListedByAlias_failsEvenWhenTheSeverityRuleIsWaived() throws Exception {
        Path waivers = Files.writeString(tmp.resolve("w.yaml"), """
                waivers:
                - {rule: vuln-severity, reason: accepted for the test, expires: 2999-01-01}
                """);
        Cli.Result waived = Cli.run("policy", "check", report.toString(), "--pack", "vuln-gate", "--waivers",
                waivers.toString(), "--format", "json");
        assertThat(waived.exitCode()).as(waived.toString()).isEqualTo(ExitCode.OK);

        Path kev = Files.writeString(tmp.resolve("kev.txt"), "# exploited\nCVE-2021-44228\n");
        Cli.Result r = Cli.run("policy", "check", report.toString(), "--pack", "vuln-gate", "--waivers",
                waivers.toString(), "--kev", kev.toString(), "--format", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(violations(JSON.readTree(r.out()).path("results").get(0)))
                .contains("vuln-known-exploited GHSA-jfh8-c2jp-5v3q", "vuln-severity GHSA-jfh8-c2jp-5v3q waived");
    }

    @Test
    void imageWithDb_isScanned_andItsFindingsJudgedInTheImagesResult() throws Exception {
        Cli.Result r = Cli.run("policy", "check", vulnerable, "--db", db, "--pack", "vuln-gate", "--format", "json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.GATE_FAILED);
        JsonNode result = JSON.readTree(r.out()).path("results").get(0);
        assertThat(result.path("kind").asText()).isEqualTo("Image");
        assertThat(result.path("input").asText()).isEqualTo(vulnerable);
        assertThat(violations(result)).contains("vuln-severity GHSA-jfh8-c2jp-5v3q");
        assertThat(result.path("violations").get(0).path("path").asText()).isEqualTo("/app/log4j-core-2.14.1.jar");
        assertThat(result.path("violations").get(0).path("image").asText()).isEqualTo(vulnerable);

        Cli.Result ok = Cli.run("policy", "check", clean, "--db", db, "--vuln-max-age", "30", "--vuln-severity", "low",
                "--pack", "vuln-gate");
        assertThat(ok.exitCode()).as(ok.toString()).isEqualTo(ExitCode.OK);
    }

    @Test
    void findingsReportWithPublicationDates_fixAvailableSince2021IsOverdue() throws Exception {
        JsonNode scan = JSON.readTree(report.toFile());
        for (JsonNode f : scan.path("findings")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) f).put("published", "2021-12-10T00:40:56Z");
        }
        Path dated = Files.writeString(tmp.resolve("dated.json"), JSON.writeValueAsString(scan));
        Path waivers = Files.writeString(tmp.resolve("w2.yaml"), """
                waivers:
                - {rule: vuln-severity, reason: only the age rule is under test, expires: 2999-01-01}
                """);

        Cli.Result within = Cli.run("policy", "check", dated.toString(), "--vuln-max-age", "100000", "--waivers",
                waivers.toString(), "--format", "json");
        assertThat(within.exitCode()).as(within.toString()).isEqualTo(ExitCode.OK);
        Cli.Result r = Cli.run("policy", "check", dated.toString(), "--vuln-max-age", "30", "--waivers",
                waivers.toString(), "--format", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(violations(JSON.readTree(r.out()).path("results").get(0)))
                .contains("vuln-fix-overdue GHSA-jfh8-c2jp-5v3q");
    }

    @Test
    void vulnOptions_badValues_areUsageErrors() {
        assertThat(Cli.run("policy", "check", report.toString(), "--vuln-severity", "severe").exitCode())
                .isEqualTo(ExitCode.USAGE);
        assertThat(Cli.run("policy", "check", report.toString(), "--vuln-max-age", "-3").exitCode())
                .isEqualTo(ExitCode.USAGE);
    }

    @Test
    void malformedKevList_isBadInput() throws Exception {
        Path kev = Files.writeString(tmp.resolve("bad-kev.txt"), "CVE-2021-44228\n<script>\n");
        Cli.Result r = Cli.run("policy", "check", report.toString(), "--kev", kev.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("line 2");
    }
}
