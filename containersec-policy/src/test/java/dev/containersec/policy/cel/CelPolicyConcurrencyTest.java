package dev.containersec.policy.cel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.policy.CelInput;
import dev.containersec.policy.CelPolicy;
import dev.containersec.policy.PolicyResult;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CelPolicyConcurrencyTest {

    @Test
    void parallelEvaluation_givesTheSameResultsAsSequential() {
        List<CelPolicy> policies = new ArrayList<>(Engines.DEFAULT.parse(
                ValidatingAdmissionPolicyTest.IMAGE_ALLOWLIST, "allowlist.yaml"));
        policies.addAll(Engines.DEFAULT.parse(ValidatingAdmissionPolicyTest.REQUIRED_LABELS, "labels.yaml"));
        StringBuilder manifest = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            manifest.append(i % 2 == 0
                    ? ValidatingAdmissionPolicyTest.pod("p" + i, "", "registry.example.com/a", "docker.io/b" + i)
                    : ValidatingAdmissionPolicyTest.deployment("d" + i, i, "nginx")).append("---\n");
        }
        List<CelInput> inputs = Engines.DEFAULT.manifests(manifest.toString().getBytes(UTF_8), "many.yaml");
        List<PolicyResult> expected = Engines.DEFAULT.check(policies, inputs);
        assertThat(expected).anyMatch(r -> !r.allowed()).anyMatch(r -> !r.annotations().isEmpty());

        List<List<PolicyResult>> parallel = IntStream.range(0, 64).parallel()
                .mapToObj(i -> inputs.parallelStream().map(in -> {
                    List<PolicyResult> one = Engines.DEFAULT.check(policies, List.of(in));
                    return one.get(0);
                }).toList()).toList();
        assertThat(parallel).allSatisfy(results -> assertThat(results).isEqualTo(expected));
    }
}
