package dev.containersec.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containersec.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PodSecurityTest {

    private static List<String> allVersions() {
        return Stream.concat(IntStream.rangeClosed(0, 40).mapToObj(i -> "v1." + i), Stream.of("latest")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(PodFixtures.Kind.class)
    void restricted_compliantPod_passesAtEveryVersion(PodFixtures.Kind kind) {
        byte[] manifest = PodFixtures.bytes(kind.wrap(PodFixtures.restrictedPod()));
        PodSecurity restricted = PodSecurity.level(PssLevel.RESTRICTED);
        PssPod pod = restricted.load(manifest, "pod.json").pods().get(0);
        for (String version : allVersions()) {
            PssResult result = restricted.version(version).evaluate(pod);
            assertThat(result.allowed()).as(version + ": " + result.admissionMessage()).isTrue();
            assertThat(result.admissionMessage()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(PodFixtures.Kind.class)
    void baseline_ignoresRestrictedOnlyFields_atEveryVersion(PodFixtures.Kind kind) {
        ObjectNode pod = PodFixtures.barePod();
        PodFixtures.set("spec.securityContext.runAsUser", 0).accept(pod);
        PodFixtures.set("spec.securityContext.runAsNonRoot", false).accept(pod);
        PodFixtures.set("spec.containers[0].securityContext.allowPrivilegeEscalation", true).accept(pod);
        PodFixtures.set("spec.volumes[0]", Map.of("name", "n", "nfs", Map.of("server", "s", "path", "/")))
                .accept(pod);
        PodFixtures.set("spec.containers[0].securityContext.capabilities.add", List.of("CHOWN")).accept(pod);
        PssPod loaded = PodSecurity.level(PssLevel.BASELINE).load(PodFixtures.bytes(kind.wrap(pod)), "bare.json")
                .pods().get(0);
        for (String version : allVersions()) {
            assertThat(PodSecurity.level(PssLevel.BASELINE).version(version).evaluate(loaded).allowed())
                    .as(version).isTrue();
        }
        PssResult restricted = PodSecurity.level(PssLevel.RESTRICTED).evaluate(loaded);
        assertThat(restricted.failures()).extracting(PssCheckResult::checkId).containsExactly(
                "allowPrivilegeEscalation", "capabilities_restricted", "restrictedVolumes", "runAsNonRoot",
                "runAsUser", "seccompProfile_restricted");
    }

    @Test
    void privileged_level_runsNoChecks() {
        ObjectNode pod = PodFixtures.barePod();
        PodFixtures.set("spec.hostNetwork", true).accept(pod);
        PodSecurity privileged = PodSecurity.level(PssLevel.PRIVILEGED);
        assertThat(privileged.checkIds()).isEmpty();
        assertThat(privileged.evaluate(PodFixtures.bytes(pod), "p.json").allowed()).isTrue();
    }

    @Test
    void checkIds_followPsaOrder_andVersionSelection() {
        assertThat(PodSecurity.level(PssLevel.BASELINE).version("v1.0").checkIds()).containsExactly(
                "appArmorProfile", "capabilities_baseline", "hostNamespaces", "hostPathVolumes", "hostPorts",
                "privileged", "procMount", "seLinuxOptions", "seccompProfile_baseline", "sysctls",
                "windowsHostProcess");
        assertThat(PodSecurity.level(PssLevel.RESTRICTED).version("v1.0").checkIds()).containsExactly(
                "appArmorProfile", "capabilities_baseline", "hostNamespaces", "hostPorts", "privileged", "procMount",
                "seLinuxOptions", "seccompProfile_baseline", "sysctls", "windowsHostProcess",
                "restrictedVolumes", "runAsNonRoot");
        assertThat(PodSecurity.level(PssLevel.RESTRICTED).checkIds()).containsExactly(
                "appArmorProfile", "hostNamespaces", "hostPorts", "hostProbesAndHostLifecycle", "privileged",
                "seLinuxOptions", "sysctls", "windowsHostProcess",
                "allowPrivilegeEscalation", "capabilities_restricted", "procMount_restricted", "restrictedVolumes",
                "runAsNonRoot", "runAsUser", "seccompProfile_restricted");
    }

    @Test
    void version_futureMinor_behavesAsLatest() {
        PodSecurity future = PodSecurity.level(PssLevel.RESTRICTED).version("v1.99");
        assertThat(future.checkIds()).isEqualTo(PodSecurity.level(PssLevel.RESTRICTED).checkIds());
        assertThat(future.version().toString()).isEqualTo("v1.99");
        assertThat(future).hasToString("PodSecurity[restricted:v1.99]");
    }

    @Test
    void version_malformed_isRejectedNamingTheValue() {
        assertThatThrownBy(() -> PodSecurity.level(PssLevel.BASELINE).version("1.30"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1.30'").hasMessageContaining("latest");
        assertThatThrownBy(() -> PssVersion.parse("v2.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PssVersion.parse("v1.01")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PssVersion.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void version_toString_parsesBack() {
        for (String v : allVersions()) {
            assertThat(PssVersion.parse(v).toString()).isEqualTo(v);
            assertThat(PssVersion.parse(PssVersion.parse(v).toString())).isEqualTo(PssVersion.parse(v));
        }
        assertThat(PssVersion.of(30)).isLessThan(PssVersion.latest());
        assertThat(PssVersion.parse("v1.30").minor()).hasValue(30);
        assertThat(PssVersion.latest().minor()).isEmpty();
    }

    @Test
    void pack_namesSelectTheLevel() {
        assertThat(PodSecurity.pack("pss-baseline").level()).isEqualTo(PssLevel.BASELINE);
        assertThat(PodSecurity.pack("pss-restricted").packName()).isEqualTo("pss-restricted");
        assertThatThrownBy(() -> PodSecurity.pack("restricted")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pss-baseline or pss-restricted");
        assertThat(PssLevel.parse("baseline")).isEqualTo(PssLevel.BASELINE);
        assertThatThrownBy(() -> PssLevel.parse("Baseline")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void evaluate_multiDocumentYaml_reportsOtherKindsAsNotApplicable() {
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cfg}
                data: {a: b}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: shop
                spec:
                  template:
                    spec:
                      hostNetwork: true
                      containers:
                        - name: app
                          image: nginx
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                """;
        PodSecurityReport report = PodSecurity.level(PssLevel.BASELINE)
                .evaluate(yaml.getBytes(StandardCharsets.UTF_8), "all.yaml");
        assertThat(report.notApplicable()).extracting(PssDocument::kind).containsExactly("ConfigMap", "Service");
        assertThat(report.results()).hasSize(1);
        PssResult web = report.results().get(0);
        assertThat(web.document().index()).isEqualTo(1);
        assertThat(web.document().line()).isEqualTo(6);
        assertThat(web.document().name()).contains("web");
        assertThat(web.document().namespace()).contains("shop");
        assertThat(report.allowed()).isFalse();
        assertThat(web.violations()).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("spec.template.spec.hostNetwork");
            assertThat(v.message()).isEqualTo("host namespaces (hostNetwork=true)");
            assertThat(v.container()).isEmpty();
        });
    }

    @Test
    void load_fieldOfWrongType_isInvalidInputNamingThePath() {
        String yaml = "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n"
                + "    securityContext: {privileged: \"yes\"}\n";
        assertThatThrownBy(() -> PodSecurity.level(PssLevel.BASELINE)
                .evaluate(yaml.getBytes(StandardCharsets.UTF_8), "p.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("p.yaml document 0 (Pod p)")
                .hasMessageContaining("spec.containers[0].securityContext.privileged must be a boolean");
    }

    @Test
    void load_malformedYaml_isInvalidInputNamingFileAndLine() {
        String yaml = "kind: Pod\nspec:\n  containers: [\n    {name: a\n";
        assertThatThrownBy(() -> PodSecurity.level(PssLevel.BASELINE)
                .evaluate(yaml.getBytes(StandardCharsets.UTF_8), "broken.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("broken.yaml: line ")
                .satisfies(e -> assertThat(((InvalidInputException) e).subject()).isEqualTo("broken.yaml"));
    }
}
