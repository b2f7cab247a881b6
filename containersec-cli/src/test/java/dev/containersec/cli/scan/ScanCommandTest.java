package dev.containersec.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.cli.Cli;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.VulnerableImages;
import dev.containersec.cli.demo.OciLayoutWriter;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
    @TempDir
    static Path tmp;
    static String db;
    static String vulnerable;
    static String clean;
    static String vulnerableLayer;

    @BeforeAll
    static void setUp() throws Exception {
        VulnerableImages images = VulnerableImages.create(tmp);
        db = images.db();
        vulnerable = images.vulnerable();
        vulnerableLayer = images.vulnerableLayer();
        clean = images.clean();
    }

    @Test
    void scan_json_hasTheContractFields() throws Exception {
        Cli.Result r = Cli.run("scan", vulnerable, "--db", db, "--format", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.OK);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("suppressed").asInt(-1)).isZero();
        JsonNode log4shell = null;
        for (JsonNode f : json.path("findings")) {
            for (String field : List.of("id", "aliases", "package", "severity", "fixedVersions", "suppressed")) {
                assertThat(f.has(field)).as(field).isTrue();
            }
            if (f.path("id").asText().equals("GHSA-jfh8-c2jp-5v3q")) {
                log4shell = f;
            }
        }
        assertThat(log4shell).as(r.out()).isNotNull();
        assertThat(log4shell.path("aliases").get(0).asText()).isEqualTo("CVE-2021-44228");
        assertThat(log4shell.path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(log4shell.path("fixedVersions").toString()).contains("2.15.0");
        assertThat(log4shell.path("published").asText()).isEqualTo("2021-12-10T00:40:56Z");
        JsonNode pkg = log4shell.path("package");
        assertThat(pkg.path("name").asText()).isEqualTo("log4j-core");
        assertThat(pkg.path("version").asText()).isEqualTo("2.14.1");
        assertThat(pkg.path("purl").asText()).startsWith("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        assertThat(pkg.path("locations").get(0).path("path").asText()).isEqualTo("/app/log4j-core-2.14.1.jar");
        assertThat(pkg.path("locations").get(0).path("layerDigest").asText()).isEqualTo(vulnerableLayer);
        assertThat(json.path("os").asText()).isEqualTo("Debian:12");
    }

    @Test
    void scan_failOn_exitsOneWhenAFindingAtOrAboveRemains() {
        Cli.Result r = Cli.run("scan", vulnerable, "--db", db, "--fail-on", "high");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(r.out()).contains("CVE-2021-44228");
        assertThat(r.err()).contains("at or above HIGH");
        Cli.Result ok = Cli.run("scan", clean, "--db", db, "--fail-on", "low");
        assertThat(ok.exitCode()).as(ok.toString()).isEqualTo(ExitCode.OK);
        assertThat(ok.out()).contains("0 findings");
    }

    @Test
    void scan_debianImage_matchesBinaryPackagesBySourceAndRelease(@TempDir Path dir) throws Exception {
        byte[] status;
        byte[] osRelease;
        try (InputStream s = ScanCommandTest.class.getResourceAsStream("/demo/dpkg-status");
             InputStream o = ScanCommandTest.class.getResourceAsStream("/demo/os-release")) {
            status = s.readAllBytes();
            osRelease = o.readAllBytes();
        }
        OciLayoutWriter.Written w = OciLayoutWriter.write(dir.resolve("debian"), "t", List.of(
                new OciLayoutWriter.Layer("base").file("etc/os-release", osRelease).file("var/lib/dpkg/status", status)));
        // Synthetic advisories in the shape of Debian's OSV records: the source package, per release.
        String advisory = "{\"id\":\"DEBIAN-CVE-2099-0001\",\"modified\":\"2099-01-01T00:00:00Z\","
                + "\"aliases\":[\"CVE-2099-0001\"],\"affected\":[{\"package\":{\"ecosystem\":\"%s\","
                + "\"name\":\"openssl\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
                + "{\"fixed\":\"3.0.99-1~deb12u1\"}]}]}]}";
        Path osv = java.nio.file.Files.createDirectories(dir.resolve("osv"));
        java.nio.file.Files.writeString(osv.resolve("deb12.json"), advisory.formatted("Debian:12"));
        java.nio.file.Files.writeString(osv.resolve("deb11.json"),
                advisory.formatted("Debian:11").replace("DEBIAN-CVE-2099-0001", "DEBIAN-CVE-2099-0002"));
        String debDb = dir.resolve("db").toString();
        assertThat(Cli.run("db", "import", osv.toString(), "--db", debDb).exitCode()).isZero();
        Cli.Result r = Cli.run("scan", "oci:" + w.layout() + ":t", "--db", debDb, "--format", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        List<String> hits = new java.util.ArrayList<>();
        for (JsonNode f : json.path("findings")) {
            hits.add(f.path("package").path("name").asText() + " " + f.path("id").asText());
        }
        assertThat(hits).containsExactlyInAnyOrder("libssl3 DEBIAN-CVE-2099-0001", "openssl DEBIAN-CVE-2099-0001");
    }

    @Test
    void scan_badFailOnValue_isUsageError() {
        assertThat(Cli.run("scan", vulnerable, "--db", db, "--fail-on", "severe").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void scan_sbomFile_isAcceptedLikeAnImage() {
        Path sbom = tmp.resolve("sbom.cdx.json");
        Cli.Result written = Cli.run("sbom", vulnerable, "--format", "cyclonedx-json", "-o", sbom.toString());
        assertThat(written.exitCode()).as(written.toString()).isZero();
        Cli.Result r = Cli.run("scan", sbom.toString(), "--db", db, "--fail-on", "critical");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(r.out()).contains("GHSA-jfh8-c2jp-5v3q");
    }

    @Test
    void scan_missingImage_isBadInput() {
        Cli.Result r = Cli.run("scan", "oci:" + tmp.resolve("no-such-layout") + ":t", "--db", db);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void scan_withoutDatabase_isBadInput() {
        Cli.Result r = Cli.run("scan", vulnerable, "--db", tmp.resolve("none").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
    }

    static Path write(String name, String content) throws Exception {
        return java.nio.file.Files.writeString(tmp.resolve(name), content);
    }

    @Test
    void scan_vex_suppressesByAliasAndPurl_andListsThem() throws Exception {
        Path vex = write("log4j.openvex.json", "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"@id\":\"x\","
                + "\"author\":\"a\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"version\":1,\"statements\":[{"
                + "\"vulnerability\":{\"name\":\"CVE-2021-44228\"},\"products\":[{\"@id\":"
                + "\"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1\"}],\"status\":\"not_affected\","
                + "\"justification\":\"vulnerable_code_not_in_execute_path\"}]}");
        Cli.Result r = Cli.run("scan", vulnerable, "--db", db, "--format", "json", "--vex", vex.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("findings").findValuesAsText("id")).doesNotContain("GHSA-jfh8-c2jp-5v3q");
        assertThat(json.path("suppressed").asInt()).isEqualTo(json.path("suppressedFindings").size()).isPositive();
        JsonNode s = json.path("suppressedFindings").get(0);
        assertThat(s.path("id").asText()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
        assertThat(s.path("reason").asText()).contains("vulnerable_code_not_in_execute_path");
        Cli.Result gate = Cli.run("scan", vulnerable, "--db", db, "--vex", vex.toString(), "--fail-on", "critical");
        assertThat(gate.out()).contains(json.path("suppressed").asInt() + " suppressed")
                .contains("--show-suppressed lists them").doesNotContain("SUPPRESSED (");
        Cli.Result listed = Cli.run("scan", vulnerable, "--db", db, "--vex", vex.toString(), "--show-suppressed");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        String section = listed.out().substring(listed.out().indexOf("SUPPRESSED ("));
        assertThat(section).startsWith("SUPPRESSED (" + json.path("suppressed").asInt() + ")")
                .contains("GHSA-jfh8-c2jp-5v3q").contains("CVE-2021-44228")
                .contains("vulnerable_code_not_in_execute_path");
        assertThat(listed.out().substring(0, listed.out().indexOf("SUPPRESSED ("))).doesNotContain("GHSA-jfh8-c2jp-5v3q");
    }

    @Test
    void scan_ignoreFile_expiredEntryIsReportedOnStderrAndInJson() throws Exception {
        Path ignore = write("ignore.yaml", "ignore:\n  - id: CVE-2021-44228\n    package: log4j-core\n"
                + "    reason: accepted\n    expires: 2000-01-01\n");
        Cli.Result r = Cli.run("scan", vulnerable, "--db", db, "--format", "json", "--ignore", ignore.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("CVE-2021-44228").contains("expired");
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("suppressed").asInt()).isZero();
        assertThat(json.path("expiredIgnores").get(0).path("expires").asText()).isEqualTo("2000-01-01");
        Path active = write("ignore2.yaml", "- id: CVE-2021-44228\n  path: /app/log4j-core-2.14.1.jar\n"
                + "  reason: accepted\n  expires: 2999-01-01\n");
        JsonNode suppressed = new ObjectMapper().readTree(Cli.run("scan", vulnerable, "--db", db, "--format", "json",
                "--ignore", active.toString()).out());
        assertThat(suppressed.path("suppressedFindings").findValuesAsText("id")).contains("GHSA-jfh8-c2jp-5v3q");
    }

    @Test
    void scan_malformedVexOrIgnore_isBadInput() throws Exception {
        Path bad = write("bad.yaml", "- id: A\n  id: B\n");
        Cli.Result r = Cli.run("scan", vulnerable, "--db", db, "--ignore", bad.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("duplicate");
        Path badVex = write("bad.json", "{\"statements\":[{\"vulnerability\":\"X\",\"products\":[\"pkg:npm/a\"],"
                + "\"status\":\"nope\"}]}");
        assertThat(Cli.run("scan", vulnerable, "--db", db, "--vex", badVex.toString()).exitCode())
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(Cli.run("scan", vulnerable, "--db", db, "--vex", tmp.resolve("missing.json").toString())
                .exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void scan_sarif_hasRulesResultsAndLocations() throws Exception {
        Cli.Result r = Cli.run("scan", vulnerable, "--db", db, "--format", "sarif");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode run = new ObjectMapper().readTree(r.out()).path("runs").get(0);
        assertThat(run.path("tool").path("driver").path("name").asText()).isEqualTo("containersec");
        assertThat(run.path("tool").path("driver").path("rules").get(0).path("properties").has("security-severity"))
                .isTrue();
        JsonNode result = null;
        for (JsonNode x : run.path("results")) {
            if (x.path("ruleId").asText().equals("GHSA-jfh8-c2jp-5v3q")) {
                result = x;
            }
        }
        assertThat(result).as(r.out()).isNotNull();
        assertThat(result.path("level").asText()).isEqualTo("error");
        assertThat(result.path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri")
                .asText()).isEqualTo("app/log4j-core-2.14.1.jar");
    }

    @Test
    void scan_cyclonedxVex_listsVulnerabilitiesAffectingComponents() throws Exception {
        Cli.Result r = Cli.run("scan", vulnerable, "--db", db, "--format", "cyclonedx-vex");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode bom = new ObjectMapper().readTree(r.out());
        assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
        assertThat(bom.path("vulnerabilities").findValuesAsText("id")).contains("GHSA-jfh8-c2jp-5v3q");
        assertThat(bom.path("components").findValuesAsText("purl"))
                .anySatisfy(p -> assertThat(p).startsWith("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"));
        assertThat(Cli.run("scan", vulnerable, "--db", db, "--format", "xml").exitCode()).isEqualTo(ExitCode.USAGE);
    }
}
