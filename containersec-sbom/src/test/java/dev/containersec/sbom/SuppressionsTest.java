package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.Finding;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Purl;
import dev.containersec.api.Severity;
import dev.containersec.api.Vulnerability;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SuppressionsTest {
    static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

    static Finding finding(String id, List<String> aliases, String purl, String path) {
        Purl p = Purl.parse(purl);
        Package pkg = new Package(p.name(), p.version().orElse(""), p.type(), p, List.of(),
                List.of(new PackageLocation(path, 1, Optional.empty())), "test", new TreeMap<>(), List.of());
        return new Finding(new Vulnerability(id, aliases, "s", Severity.CRITICAL, "test"), pkg, "Maven",
                p.namespace().map(n -> n + ":").orElse("") + p.name(), "[0, 2.15.0)", List.of("2.15.0"), "test");
    }

    static final Finding LOG4J = finding("GHSA-jfh8-c2jp-5v3q", List.of("CVE-2021-44228"),
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar", "/app/log4j-core-2.14.1.jar");
    static final Finding OTHER = finding("GHSA-xxxx-yyyy-zzzz", List.of("CVE-2099-0001"),
            "pkg:npm/lodash@4.17.20", "/app/node_modules/lodash/package.json");
    static final VulnerabilityReport REPORT = new VulnerabilityReport(List.of(LOG4J, OTHER), 2, 0, 0, Optional.empty());

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String openVex(String vulnerability, String product, String status, String extra) {
        return "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"@id\":\"https://example.com/vex-1\","
                + "\"author\":\"me\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"version\":1,\"statements\":[{"
                + "\"vulnerability\":" + vulnerability + ",\"products\":[" + product + "],\"status\":\"" + status + "\""
                + extra + "}]}";
    }

    SuppressionResult apply(Suppressions s) {
        return s.apply(REPORT, TODAY);
    }

    @Test
    void openVex_notAffectedById_suppressesWithReason() {
        SuppressionResult r = apply(Suppressions.builder().addVex(bytes(openVex(
                "{\"name\":\"GHSA-jfh8-c2jp-5v3q\"}", "{\"@id\":\"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1\"}",
                "not_affected", ",\"justification\":\"vulnerable_code_not_in_execute_path\"")), "vex.json").build());
        assertThat(r.report().findings()).containsExactly(OTHER);
        assertThat(r.suppressed()).singleElement().satisfies(s -> {
            assertThat(s.finding()).isEqualTo(LOG4J);
            assertThat(s.reason()).contains("not_affected").contains("vulnerable_code_not_in_execute_path")
                    .contains("vex.json");
        });
    }

    @Test
    void openVex_matchByAliasOfStatementOrFinding() {
        // The statement names the CVE (the finding's alias) and lists the GHSA among its own aliases.
        Suppressions byFindingAlias = Suppressions.builder().addVex(bytes(openVex("{\"name\":\"CVE-2021-44228\"}",
                "\"pkg:maven/org.apache.logging.log4j/log4j-core\"", "not_affected",
                ",\"justification\":\"component_not_present\"")), "v").build();
        assertThat(apply(byFindingAlias).suppressed()).hasSize(1);
        Suppressions byStatementAlias = Suppressions.builder().addVex(bytes(openVex(
                "{\"name\":\"XYZ-1\",\"aliases\":[\"GHSA-jfh8-c2jp-5v3q\"]}",
                "\"pkg:maven/org.apache.logging.log4j/log4j-core\"", "not_affected",
                ",\"justification\":\"component_not_present\"")), "v").build();
        assertThat(apply(byStatementAlias).suppressed()).hasSize(1);
    }

    @Test
    void openVex_purlQualifiersIgnoredUnlessGiven_versionMustMatchWhenGiven() {
        String j = ",\"justification\":\"vulnerable_code_not_present\"";
        String id = "{\"name\":\"CVE-2021-44228\"}";
        assertThat(apply(Suppressions.builder().addVex(bytes(openVex(id,
                "\"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar\"", "not_affected", j)), "v")
                .build()).suppressed()).hasSize(1);
        assertThat(apply(Suppressions.builder().addVex(bytes(openVex(id,
                "\"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=pom\"", "not_affected", j)), "v")
                .build()).suppressed()).isEmpty();
        assertThat(apply(Suppressions.builder().addVex(bytes(openVex(id,
                "\"pkg:maven/org.apache.logging.log4j/log4j-core@2.17.0\"", "not_affected", j)), "v")
                .build()).suppressed()).isEmpty();
        assertThat(apply(Suppressions.builder().addVex(bytes(openVex(id,
                "\"pkg:maven/org.apache.logging.log4j/log4j-api\"", "not_affected", j)), "v")
                .build()).suppressed()).isEmpty();
    }

    @Test
    void openVex_subcomponentsOfAProductAreMatched() {
        SuppressionResult r = apply(Suppressions.builder().addVex(bytes(openVex("\"CVE-2099-0001\"",
                "{\"@id\":\"pkg:oci/app@sha256:abc\",\"subcomponents\":[{\"@id\":\"pkg:npm/lodash\"}]}",
                "not_affected", ",\"justification\":\"inline_mitigations_already_exist\"")), "v").build());
        assertThat(r.report().findings()).containsExactly(LOG4J);
    }

    @Test
    void openVex_otherStatusesOrMissingJustification_doNotSuppress() {
        String id = "{\"name\":\"CVE-2021-44228\"}";
        String p = "\"pkg:maven/org.apache.logging.log4j/log4j-core\"";
        for (String doc : List.of(openVex(id, p, "not_affected", ""), openVex(id, p, "affected", ""),
                openVex(id, p, "fixed", ""), openVex(id, p, "under_investigation", ""))) {
            Suppressions s = Suppressions.builder().addVex(bytes(doc), "v").build();
            assertThat(s.statements()).hasSize(1);
            assertThat(apply(s).suppressed()).as(doc).isEmpty();
        }
    }

    @Test
    void openVex_malformed_namesTheField() {
        assertThatThrownBy(() -> Suppressions.builder().addVex(bytes(openVex("{\"name\":\"CVE-1\"}", "\"pkg:npm/a\"",
                "maybe", "")), "v.json")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("statements[0].status").hasMessageContaining("maybe");
        assertThatThrownBy(() -> Suppressions.builder().addVex(bytes(
                "{\"statements\":[],\"statements\":[]}"), "v.json")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("duplicate");
        assertThatThrownBy(() -> Suppressions.builder().addVex(bytes("{\"statements\":[{\"products\":[\"pkg:npm/a\"],"
                + "\"status\":\"fixed\"}]}"), "v.json")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("statements[0].vulnerability");
        assertThatThrownBy(() -> Suppressions.builder().addVex(bytes("[]"), "v.json"))
                .isInstanceOf(InvalidInputException.class);
    }

    static final String CDX = """
            {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
             "components":[{"type":"library","name":"log4j-core","bom-ref":"log4j",
               "purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}],
             "vulnerabilities":[{"id":"CVE-2021-44228","source":{"name":"NVD"},
               "analysis":{"state":"%s"%s},
               "affects":[{"ref":"%s"}]}]}
            """;

    @Test
    void cycloneDxVex_notAffected_resolvesBomRefToPurl() {
        Suppressions s = Suppressions.builder().addVex(bytes(CDX.formatted("not_affected",
                ",\"justification\":\"code_not_reachable\"", "log4j")), "bom.json").build();
        assertThat(s.statements()).singleElement().satisfies(st -> {
            assertThat(st.products()).containsExactly("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
            assertThat(st.status()).isEqualTo(VexStatus.NOT_AFFECTED);
        });
        SuppressionResult r = apply(s);
        assertThat(r.suppressed()).singleElement().satisfies(f -> assertThat(f.reason()).contains("code_not_reachable"));
        Suppressions bomLink = Suppressions.builder().addVex(bytes(CDX.formatted("not_affected",
                ",\"justification\":\"code_not_reachable\"", "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#log4j")),
                "bom.json").build();
        assertThat(apply(bomLink).suppressed()).hasSize(1);
    }

    @Test
    void cycloneDxVex_exploitableOrUnknownRef() {
        assertThat(apply(Suppressions.builder().addVex(bytes(CDX.formatted("exploitable", "", "log4j")), "b")
                .build()).suppressed()).isEmpty();
        assertThatThrownBy(() -> Suppressions.builder().addVex(bytes(CDX.formatted("not_affected", "", "nope")), "b"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("vulnerabilities[0].affects[0].ref");
        assertThatThrownBy(() -> Suppressions.builder().addVex(bytes(CDX.formatted("whatever", "", "log4j")), "b"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("vulnerabilities[0].analysis.state");
    }

    static final String IGNORE = """
            # accepted risks
            ignore:
              - id: CVE-2021-44228
                package: pkg:maven/org.apache.logging.log4j/log4j-core
                path: /app/log4j-core-2.14.1.jar
                reason: "JNDI lookups disabled"   # see ticket 12
                expires: 2026-12-31
              - id: CVE-2099-0001
                package: lodash
                reason: 'old, doesn''t apply'
                expires: 2026-01-31
            """;

    @Test
    void ignoreFile_activeEntrySuppresses_expiredEntryIsReported() {
        Suppressions s = Suppressions.builder().addIgnoreFile(bytes(IGNORE), ".containersec-ignore.yaml").build();
        assertThat(s.ignoreRules()).hasSize(2);
        assertThat(s.ignoreRules().get(1).reason()).isEqualTo("old, doesn't apply");
        SuppressionResult r = apply(s);
        assertThat(r.report().findings()).containsExactly(OTHER);
        assertThat(r.suppressed()).singleElement().satisfies(f -> assertThat(f.reason())
                .contains("JNDI lookups disabled").contains("2026-12-31"));
        assertThat(r.expiredIgnores()).singleElement().satisfies(e -> assertThat(e.id()).isEqualTo("CVE-2099-0001"));
        // On the expiry day itself the entry still applies.
        assertThat(s.apply(REPORT, LocalDate.of(2026, 1, 31)).suppressed()).hasSize(2);
    }

    @Test
    void ignoreFile_packageOrPathMismatch_doesNotSuppress() {
        String doc = "- id: GHSA-jfh8-c2jp-5v3q\n  path: /other.jar\n- id: CVE-2021-44228\n  package: log4j-api\n";
        assertThat(apply(Suppressions.builder().addIgnoreFile(bytes(doc), "i").build()).suppressed()).isEmpty();
        String byName = "- id: CVE-2021-44228\n  package: org.apache.logging.log4j:log4j-core\n";
        assertThat(apply(Suppressions.builder().addIgnoreFile(bytes(byName), "i").build()).suppressed()).hasSize(1);
    }

    @Test
    void ignoreFile_malformed_namesLineAndField() {
        assertThatThrownBy(() -> Suppressions.builder().addIgnoreFile(bytes("- id: A\n  id: B\n"), "i"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2").hasMessageContaining("ignore[0].id")
                .hasMessageContaining("duplicate");
        assertThatThrownBy(() -> Suppressions.builder().addIgnoreFile(bytes("- id: A\n  expires: soon\n"), "i"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ignore[0].expires");
        assertThatThrownBy(() -> Suppressions.builder().addIgnoreFile(bytes("- id: A\n  pakage: x\n"), "i"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("pakage");
        assertThatThrownBy(() -> Suppressions.builder().addIgnoreFile(bytes("- reason: x\n"), "i"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ignore[0].id");
        assertThatThrownBy(() -> Suppressions.builder().addIgnoreFile(bytes("- id: &a A\n"), "i"))
                .isInstanceOf(InvalidInputException.class);
    }
}
