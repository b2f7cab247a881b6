package dev.containersec.policy.waivers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.InvalidInputException;
import dev.containersec.policy.K8sHardening;
import dev.containersec.policy.PolicyPackResult;
import dev.containersec.policy.PolicyWaiver;
import dev.containersec.policy.PolicyWaivers;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a waivers file or a manifest holds, parsing gives waivers or an InvalidInputException, nothing else. */
class PolicyWaiversProperties {

    @Property(tries = 300)
    void parse_waiverShapedText_givesWaiversOrInvalidInput(@ForAll("waiverish") String text) {
        try {
            List<PolicyWaiver> waivers = PolicyWaivers.parse(text.getBytes(StandardCharsets.UTF_8), "fuzz.yaml").all();
            assertThat(waivers).allSatisfy(w -> {
                assertThat(w.rules()).isNotEmpty();
                assertThat(w.reason()).isNotBlank();
            });
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).contains("fuzz.yaml");
        }
    }

    @Property(tries = 200)
    void k8sHardening_podShapedText_givesResultsOrInvalidInput(@ForAll("podish") String text) {
        try {
            List<PolicyPackResult> results = K8sHardening.defaults().allowedRegistries(List.of("ghcr.io"))
                    .evaluate(text.getBytes(StandardCharsets.UTF_8), "fuzz.yaml");
            PolicyWaivers all = PolicyWaivers.parse(
                    "waivers:\n- {rule: '*', reason: r, expires: 2999-01-01}\n".getBytes(StandardCharsets.UTF_8), "w");
            assertThat(results).allSatisfy(r -> assertThat(all.apply(r, LocalDate.of(2026, 1, 1)).allowed()).isTrue());
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).contains("fuzz.yaml");
        }
    }

    @Provide
    Arbitrary<String> waiverish() {
        return Arbitraries.of("waivers:\n", "- ", "rule: ", "rules: [", "]", "reason: ", "expires: ", "2026-01-01",
                        "2026-13-45", "kind: ", "name: ", "value: ", "x*", "*", "\n", "  ", "{", "}", ",", "null",
                        "'q'", "12", "[]", "team: ", "&a ", "*a ", "---\n")
                .list().ofMaxSize(40).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> podish() {
        return Arbitraries.of("kind: Pod\n", "kind: Deployment\n", "spec:\n", "  template:\n", "    spec:\n",
                        "  containers:\n", "  - name: a\n", "    image: ", "nginx", ":latest", "@sha256:x", "\n",
                        "  volumes: [{hostPath: {path: /run/docker.sock}}]\n", "  automountServiceAccountToken: ",
                        "true", "12", "null", "[", "]", "{", "}", "    securityContext: {readOnlyRootFilesystem: ",
                        "    resources: {limits: {cpu: ", "---\n", "  ", "  volumes: {a: b}\n", "  initContainers: 3\n")
                .list().ofMaxSize(40).map(parts -> String.join("", parts));
    }
}
