package dev.containersec.policy.cel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.policy.PodSecurity;
import dev.containersec.policy.PodSecurityReport;
import dev.containersec.policy.PolicyMode;
import dev.containersec.policy.PolicyResult;
import dev.containersec.policy.PolicySeverity;
import dev.containersec.policy.PolicyViolation;
import dev.containersec.policy.PssLevel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyResultTest {

    @Test
    void podSecurityReport_adaptsToOneResultPerPod() {
        String manifest = """
                apiVersion: v1
                kind: Pod
                metadata: {name: root}
                spec:
                  hostNetwork: true
                  containers:
                  - name: app
                    image: nginx
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cm}
                """;
        PodSecurityReport report = PodSecurity.level(PssLevel.BASELINE).evaluate(manifest.getBytes(UTF_8), "m.yaml");
        List<PolicyResult> results = PolicyResult.fromPodSecurity(report, PolicyMode.DENY);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.input()).isEqualTo("m.yaml#0");
            assertThat(r.kind()).isEqualTo("Pod");
            assertThat(r.name()).isEqualTo("root");
            assertThat(r.allowed()).isFalse();
            assertThat(r.violations()).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("hostNamespaces");
                assertThat(v.path()).isEqualTo("spec.hostNetwork");
                assertThat(v.message()).startsWith("host namespaces");
                assertThat(v.severity()).isEqualTo(PolicySeverity.HIGH);
                assertThat(v.mode()).isEqualTo(PolicyMode.DENY);
            });
        });
        assertThat(PolicyResult.fromPodSecurity(report, PolicyMode.WARN).get(0).allowed()).isTrue();
    }

    @Test
    void json_hasTheDocumentedFieldNames() {
        PolicyResult r = PolicyResult.of("d.yaml#0", "Deployment", "web", List.of(new PolicyViolation("p/validations[0]",
                "spec.replicas", "too many", PolicySeverity.LOW, PolicyMode.DENY)), Map.of("p/k", "v"));
        Map<String, Object> doc = PolicyResult.asDocument(List.of(r));
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = ((List<Map<String, Object>>) doc.get("results")).get(0);
        assertThat(entry).containsOnlyKeys("input", "kind", "name", "allowed", "violations", "annotations");
        assertThat(entry.get("allowed")).isEqualTo(false);
        @SuppressWarnings("unchecked")
        Map<String, Object> v = ((List<Map<String, Object>>) entry.get("violations")).get(0);
        assertThat(v).containsExactly(Map.entry("rule", "p/validations[0]"), Map.entry("path", "spec.replicas"),
                Map.entry("message", "too many"), Map.entry("severity", "low"), Map.entry("mode", "deny"));
    }

    @Test
    void allowed_mustAgreeWithTheModes() {
        PolicyViolation warn = new PolicyViolation("r", "", "m", PolicySeverity.INFO, PolicyMode.WARN);
        assertThat(PolicyResult.of("i", "", "", List.of(warn), Map.of()).allowed()).isTrue();
        assertThatThrownBy(() -> new PolicyResult("i", "", "", false, List.of(warn), new java.util.TreeMap<>()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
