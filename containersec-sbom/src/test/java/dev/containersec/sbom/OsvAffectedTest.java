package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OsvAffectedTest {

    private static List<OsvAffected> advisory(String file) throws IOException {
        try (InputStream in = OsvAffectedTest.class.getResourceAsStream("/osv/" + file)) {
            return OsvAffected.fromAdvisoryJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static boolean anyAffected(List<OsvAffected> entries, String version) {
        return entries.stream().anyMatch(e -> e.evaluate(version).isAffected());
    }

    @Test
    void log4shell_mavenEcosystemRanges_matchLog4jCoreVersions() throws IOException {
        List<OsvAffected> entries = advisory("GHSA-jfh8-c2jp-5v3q.json");
        assertThat(entries).hasSize(3).allSatisfy(e -> {
            assertThat(e.ecosystem()).isEqualTo("Maven");
            assertThat(e.name()).isEqualTo("org.apache.logging.log4j:log4j-core");
            assertThat(e.knownEcosystem()).contains(Ecosystem.MAVEN);
        });
        assertThat(anyAffected(entries, "2.14.1")).isTrue();
        assertThat(anyAffected(entries, "2.13.0")).isTrue();
        assertThat(anyAffected(entries, "2.0-beta9")).isTrue();
        assertThat(anyAffected(entries, "2.15.0")).isFalse();
        assertThat(anyAffected(entries, "2.12.2")).isFalse();
        assertThat(anyAffected(entries, "2.3.1")).isFalse();
        assertThat(anyAffected(entries, "2.17.1")).isFalse();
        assertThat(anyAffected(entries, "2.15.0-rc1")).isTrue();
        assertThat(entries.get(0).evaluate("2.14.1"))
                .isEqualTo(new RangeMatch.Affected("ECOSYSTEM[introduced 2.13.0, fixed 2.15.0]"));
        assertThat(entries.get(0).evaluate("2.15.0")).isEqualTo(new RangeMatch.NotAffected());
    }

    @Test
    void npmSemverAdvisory_threeRanges_matchNodeSemverVersions() throws IOException {
        List<OsvAffected> entries = advisory("GHSA-c2qf-rxjj-qqgw.json");
        assertThat(anyAffected(entries, "7.5.1")).isTrue();
        assertThat(anyAffected(entries, "v7.5.1")).isTrue();
        assertThat(anyAffected(entries, "7.5.2")).isFalse();
        assertThat(anyAffected(entries, "6.3.0")).isTrue();
        assertThat(anyAffected(entries, "6.3.1")).isFalse();
        assertThat(anyAffected(entries, "5.7.1")).isTrue();
        assertThat(anyAffected(entries, "5.7.2")).isFalse();
        assertThat(anyAffected(entries, "7.0.0-rc.1")).isFalse();
    }

    @Test
    void goAdvisory_semverRangeWithIncompatible_ignoresBuildMetadataAndAcceptsLeadingV() throws IOException {
        OsvAffected docker = advisory("GO-2021-0072.json").get(0);
        assertThat(docker.evaluate("v2.6.2+incompatible").isAffected()).isTrue();
        assertThat(docker.evaluate("v2.7.0-rc.0+incompatible")).isEqualTo(new RangeMatch.NotAffected());
        assertThat(docker.evaluate("v2.7.0+incompatible")).isEqualTo(new RangeMatch.NotAffected());
        assertThat(docker.evaluate("v0.0.0-20180101000000-abcdefabcdef").isAffected()).isTrue();
    }

    @Test
    void goAdvisory_pseudoVersionFix_ordersByPseudoVersion() throws IOException {
        OsvAffected lfs = advisory("GO-2021-0073.json").get(0);
        assertThat(lfs.evaluate("v2.1.0+incompatible").isAffected()).isTrue();
        assertThat(lfs.evaluate("v2.1.1-0.20170519163204-f913f5f9c7c6+incompatible").isAffected()).isFalse();
        assertThat(lfs.evaluate("v2.1.1+incompatible").isAffected()).isFalse();
    }

    @Test
    void almaLinuxAdvisory_rpmEcosystemRange_usesRpmvercmpAndSuffixedEcosystem() throws IOException {
        List<OsvAffected> entries = advisory("ALSA-2022-4587.json");
        OsvAffected pcs = entries.get(0);
        assertThat(pcs.ecosystem()).isEqualTo("AlmaLinux:9");
        assertThat(pcs.knownEcosystem()).contains(Ecosystem.ALMALINUX);
        assertThat(pcs.evaluate("0.11.1-9.el9").isAffected()).isTrue();
        assertThat(pcs.evaluate("0.11.1-10.el9")).isEqualTo(new RangeMatch.NotAffected());
        assertThat(pcs.evaluate("0.11.1-10.el9_0.1")).isEqualTo(new RangeMatch.NotAffected());
        assertThat(pcs.evaluate("0.10.8-1.el9").isAffected()).isTrue();
    }

    @Test
    void evaluate_lastAffected_includesThatVersionOnly() {
        OsvAffected a = new OsvAffected("PyPI", "x",
                List.of(OsvRange.of(OsvRange.Type.ECOSYSTEM, OsvEvent.introduced("1.0"), OsvEvent.lastAffected("1.2"))),
                List.of());
        assertThat(a.evaluate("0.9").isAffected()).isFalse();
        assertThat(a.evaluate("1.0").isAffected()).isTrue();
        assertThat(a.evaluate("1.2.0").isAffected()).isTrue();
        assertThat(a.evaluate("1.2.post1").isAffected()).isFalse();
        assertThat(a.evaluate("1.3").isAffected()).isFalse();
    }

    @Test
    void evaluate_eventsOutOfOrder_areSortedBeforeWalking() {
        OsvAffected a = new OsvAffected("npm", "x", List.of(OsvRange.of(OsvRange.Type.SEMVER,
                OsvEvent.fixed("2.0.0"), OsvEvent.introduced("1.5.0"), OsvEvent.fixed("1.2.0"),
                OsvEvent.introduced("0"))), List.of());
        assertThat(a.evaluate("1.0.0").isAffected()).isTrue();
        assertThat(a.evaluate("1.3.0").isAffected()).isFalse();
        assertThat(a.evaluate("1.6.0").isAffected()).isTrue();
        assertThat(a.evaluate("2.0.0").isAffected()).isFalse();
    }

    @Test
    void evaluate_limit_capsTheRange() {
        OsvAffected a = new OsvAffected("Debian:12", "x", List.of(OsvRange.of(OsvRange.Type.ECOSYSTEM,
                OsvEvent.introduced("0"), OsvEvent.limit("2.0-1"))), List.of());
        assertThat(a.evaluate("1.9-3").isAffected()).isTrue();
        assertThat(a.evaluate("2.0-1").isAffected()).isFalse();
        OsvAffected unlimited = new OsvAffected("Debian:12", "x", List.of(OsvRange.of(OsvRange.Type.ECOSYSTEM,
                OsvEvent.introduced("0"), OsvEvent.limit("*"))), List.of());
        assertThat(unlimited.evaluate("99:1").isAffected()).isTrue();
    }

    @Test
    void evaluate_versionsList_matchesExactTextOrSchemeEquality() {
        OsvAffected a = new OsvAffected("PyPI", "x", List.of(), List.of("1.0", "2.0rc1"));
        assertThat(a.evaluate("1.0.0").isAffected()).isTrue();
        assertThat(a.evaluate("2.0c1").isAffected()).isTrue();
        assertThat(a.evaluate("1.1")).isEqualTo(new RangeMatch.NotAffected());
    }

    @Test
    void evaluate_gitRangeOnly_isNotEvaluable() {
        OsvAffected a = new OsvAffected("", "", List.of(new OsvRange(OsvRange.Type.GIT,
                List.of(OsvEvent.introduced("0"), OsvEvent.fixed("9f3a1e2b")), Optional.of("https://example.org/r.git"))),
                List.of());
        assertThat(a.evaluate("1.0")).isInstanceOf(RangeMatch.NotEvaluable.class);
    }

    @Test
    void evaluate_gitRangeBesideVersionsList_usesTheList() {
        OsvAffected a = new OsvAffected("PyPI", "x", List.of(new OsvRange(OsvRange.Type.GIT,
                List.of(OsvEvent.introduced("abc")), Optional.empty())), List.of("1.0"));
        assertThat(a.evaluate("1.0").isAffected()).isTrue();
        assertThat(a.evaluate("1.1")).isEqualTo(new RangeMatch.NotAffected());
    }

    @Test
    void evaluate_invalidPackageVersion_isNotEvaluableNotSafe() {
        OsvAffected a = new OsvAffected("PyPI", "x", List.of(OsvRange.of(OsvRange.Type.ECOSYSTEM,
                OsvEvent.introduced("0"), OsvEvent.fixed("2.0"))), List.of());
        RangeMatch m = a.evaluate("not a version");
        assertThat(m).isInstanceOf(RangeMatch.NotEvaluable.class);
        assertThat(((RangeMatch.NotEvaluable) m).reason()).contains("not a version");
    }

    @Test
    void evaluate_invalidEventVersion_isNotEvaluable() {
        OsvAffected a = new OsvAffected("Go", "x", List.of(OsvRange.of(OsvRange.Type.SEMVER,
                OsvEvent.introduced("0"), OsvEvent.fixed("garbage"))), List.of());
        assertThat(a.evaluate("v1.0.0")).isInstanceOf(RangeMatch.NotEvaluable.class);
    }

    @Test
    void evaluate_unknownEcosystem_isNotEvaluable() {
        OsvAffected a = new OsvAffected("OSS-Fuzz", "x", List.of(OsvRange.of(OsvRange.Type.ECOSYSTEM,
                OsvEvent.introduced("0"))), List.of());
        assertThat(a.evaluate("1")).isInstanceOf(RangeMatch.NotEvaluable.class);
    }

    @Test
    void fromAdvisoryJson_malformedDocuments_areTypedErrors() {
        assertThatThrownBy(() -> OsvAffected.fromAdvisoryJson("{")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> OsvAffected.fromAdvisoryJson("[]")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> OsvAffected.fromAdvisoryJson(
                "{\"affected\":[{\"ranges\":[{\"type\":\"WEIRD\",\"events\":[{\"introduced\":\"0\"}]}]}]}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("WEIRD");
        assertThatThrownBy(() -> OsvAffected.fromAdvisoryJson(
                "{\"affected\":[{\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"fixed\":1}]}]}]}"))
                .isInstanceOf(InvalidInputException.class);
        assertThat(OsvAffected.fromAdvisoryJson("{\"id\":\"X\"}")).isEmpty();
    }

    @Test
    void fromAdvisoryJson_deepNestingAndHugeDocuments_hitLimits() {
        String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThatThrownBy(() -> OsvAffected.fromAdvisoryJson(deep)).isInstanceOf(LimitExceededException.class);
        ScanLimits small = ScanLimits.builder().maxDocumentBytes(100).build();
        String big = "{\"id\":\"" + "x".repeat(200) + "\"}";
        assertThatThrownBy(() -> OsvAffected.fromAdvisoryJson(big, small))
                .isInstanceOf(LimitExceededException.class)
                .satisfies(e -> assertThat(((LimitExceededException) e).limit())
                        .isEqualTo(ScanLimits.Limit.DOCUMENT_BYTES));
    }

    @Test
    void records_validateAndCopy() {
        assertThatThrownBy(() -> OsvEvent.fixed("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OsvRange(OsvRange.Type.SEMVER, List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        java.util.ArrayList<String> versions = new java.util.ArrayList<>(List.of("1"));
        OsvAffected a = new OsvAffected("npm", "x", List.of(), versions);
        versions.add("2");
        assertThat(a.versions()).containsExactly("1");
    }
}
