package dev.containersec.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyPackCheckTest {

    private static final String MANIFESTS = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: ns}
            spec:
              containers:
              - name: app
                image: nginx:1.27
                securityContext: {privileged: true}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: s}
            """;

    private static List<PolicyPackResult> check(PolicyPackCheck.Builder b) {
        return b.build().checkManifests(MANIFESTS.getBytes(StandardCharsets.UTF_8), "m.yaml");
    }

    @Test
    void everyDocumentGetsAResult_withTheFilePathAsInputAndTheDocumentIndex() {
        List<PolicyPackResult> r = check(PolicyPackCheck.builder().packs(List.of("pss-baseline")));

        assertThat(r).extracting(PolicyPackResult::input).containsExactly("m.yaml", "m.yaml");
        assertThat(r).extracting(PolicyPackResult::document).containsExactly(0, 1);
        assertThat(r).extracting(PolicyPackResult::allowed).containsExactly(false, true);
        PolicyPackFinding privileged = r.get(0).findings().get(0);
        assertThat(privileged.violation().rule()).isEqualTo("privileged");
        assertThat(privileged.container()).contains("app");
        assertThat(privileged.image()).contains("nginx:1.27");
        assertThat(privileged.value()).contains("true");
    }

    @Test
    void baselineAndRestrictedTogether_reportEachCheckOnce_inItsOwnPacksMode() {
        List<PolicyPackResult> r = check(PolicyPackCheck.builder().packs(List.of("pss-baseline", "pss-restricted"))
                .mode("pss-restricted", PolicyMode.WARN));

        List<PolicyPackFinding> f = r.get(0).findings();
        assertThat(f).filteredOn(x -> x.violation().rule().equals("privileged")).singleElement()
                .satisfies(x -> assertThat(x.violation().mode()).isEqualTo(PolicyMode.DENY));
        assertThat(f).filteredOn(x -> x.violation().rule().equals("runAsNonRoot")).singleElement()
                .satisfies(x -> assertThat(x.violation().mode()).isEqualTo(PolicyMode.WARN));
    }

    @Test
    void auditMode_reportsButAllows() {
        List<PolicyPackResult> r = check(PolicyPackCheck.builder().packs(List.of("pss-baseline", "k8s-hardening"))
                .mode(PolicyMode.AUDIT));

        assertThat(r).allSatisfy(x -> assertThat(x.allowed()).isTrue());
        assertThat(r.get(0).findings()).isNotEmpty()
                .allSatisfy(x -> assertThat(x.violation().mode()).isEqualTo(PolicyMode.AUDIT));
    }

    @Test
    void unknownPack_isRejectedNamingTheKnownOnes() {
        assertThatThrownBy(() -> PolicyPackCheck.builder().packs(List.of("pss-strict")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pss-strict")
                .hasMessageContaining("k8s-hardening");
    }

    @Test
    void sarif_hasToolRulesAndResultsWithLocations() {
        List<PolicyPackResult> r = check(PolicyPackCheck.builder().packs(List.of("pss-baseline", "k8s-hardening")));

        Map<String, Object> sarif = SarifReport.of(r, "1.0");
        assertThat(sarif.get("version")).isEqualTo("2.1.0");
        Map<?, ?> run = (Map<?, ?>) ((List<?>) sarif.get("runs")).get(0);
        Map<?, ?> driver = (Map<?, ?>) ((Map<?, ?>) run.get("tool")).get("driver");
        assertThat(driver.get("name")).isEqualTo("containersec");
        List<?> rules = (List<?>) driver.get("rules");
        List<?> results = (List<?>) run.get("results");
        assertThat(results).hasSize(r.get(0).findings().size());
        assertThat(rules.stream().map(x -> (Object) ((Map<?, ?>) x).get("id")).toList()).contains("privileged", "k8s-read-only-root-fs")
                .doesNotHaveDuplicates();
        Map<?, ?> first = (Map<?, ?>) results.get(0);
        assertThat(first.get("ruleId")).isEqualTo("privileged");
        assertThat(first.get("level")).isEqualTo("error");
        assertThat(((Map<?, ?>) rules.get((Integer) first.get("ruleIndex"))).get("id")).isEqualTo("privileged");
        Map<?, ?> location = (Map<?, ?>) ((Map<?, ?>) ((List<?>) first.get("locations")).get(0)).get("physicalLocation");
        assertThat(((Map<?, ?>) location.get("artifactLocation")).get("uri")).isEqualTo("m.yaml");
        assertThat(((Map<?, ?>) location.get("region")).get("startLine")).isEqualTo(1);
    }
}
