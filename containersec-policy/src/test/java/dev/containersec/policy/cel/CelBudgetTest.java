package dev.containersec.policy.cel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.policy.CelBudget;
import dev.containersec.policy.CelBudgetExceededException;
import dev.containersec.policy.CelInput;
import dev.containersec.policy.CelPolicy;
import dev.containersec.policy.CelPolicyEngine;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CelBudgetTest {

    private static String policy(String name, String failurePolicy, String expression) {
        return """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: %s}
                spec:
                  failurePolicy: %s
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["*"]}
                  variables:
                    - name: hundred
                      expression: "[0,1,2,3,4,5,6,7,8,9].map(a, [0,1,2,3,4,5,6,7,8,9].map(b, a * 10 + b)).flatten()"
                  validations:
                    - expression: %s
                """.formatted(name, failurePolicy, expression);
    }

    private static final CelInput POD = CelInput.ofManifest("pod#0",
            Map.of("apiVersion", "v1", "kind", "Pod", "metadata", Map.of("name", "p")));

    @Test
    void hugeComprehension_isStoppedByTheStepBudget_evenUnderIgnore() {
        // 100^4 = 10^8 iterations: far beyond a million steps. A generous clock, so that the step count, not a
        // slow (cold, shared) machine, stops it.
        CelPolicyEngine engine = CelPolicyEngine.builder()
                .budget(new CelBudget(1_000_000, Duration.ofSeconds(60), 4L << 20)).build();
        CelPolicy p = engine.parse(policy("hog", "Ignore", "\"variables.hundred.all(a, variables.hundred"
                + ".all(b, variables.hundred.all(c, variables.hundred.all(d, a + b + c + d >= 0))))\""), "hog.yaml")
                .get(0);
        long start = System.nanoTime();
        assertThatThrownBy(() -> p.evaluate(POD)).isInstanceOfSatisfying(CelBudgetExceededException.class, e -> {
            assertThat(e.limit()).isEqualTo(CelBudget.Limit.STEPS);
            assertThat(e.allowed()).isEqualTo(1_000_000);
            assertThat(e.policy()).isEqualTo("hog");
            assertThat(e.field()).isEqualTo("spec.validations[0].expression");
            assertThat(e.getMessage()).contains("hog").contains("budget exceeded");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void slowPolicy_isStoppedByTheTimeBudget() {
        CelPolicyEngine engine = CelPolicyEngine.builder()
                .budget(new CelBudget(Long.MAX_VALUE / 2, Duration.ofMillis(50), 1L << 22)).build();
        CelPolicy p = engine.parse(policy("slow", "Fail", "\"variables.hundred.all(a, variables.hundred"
                + ".all(b, variables.hundred.all(c, variables.hundred.all(d, a + b + c + d >= 0))))\""), "slow.yaml")
                .get(0);
        assertThatThrownBy(() -> p.evaluate(POD)).isInstanceOfSatisfying(CelBudgetExceededException.class,
                e -> assertThat(e.limit()).isEqualTo(CelBudget.Limit.TIME));
    }

    @Test
    void stringGrowth_isStoppedByTheValueSizeBudget() {
        StringBuilder expr = new StringBuilder("'aaaaaaaaaa'");
        for (int i = 0; i < 12; i++) {
            expr.insert(0, "(").append(").replace('a', 'aaaaaaaaaa')");
        }
        CelPolicy p = Engines.DEFAULT.parse(policy("grow", "Fail", "\"size(" + expr + ") > 0\""), "grow.yaml").get(0);
        assertThatThrownBy(() -> p.evaluate(POD)).isInstanceOfSatisfying(CelBudgetExceededException.class,
                e -> assertThat(e.limit()).isEqualTo(CelBudget.Limit.VALUE_SIZE));
    }

    @Test
    void variablesThatReferToThemselves_areAnErrorNotAHang() {
        String yaml = """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: loop}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["*"]}
                  variables:
                    - {name: a, expression: "variables.a + 1"}
                  validations:
                    - expression: "variables.a > 0"
                """;
        var result = Engines.DEFAULT.parse(yaml.getBytes(UTF_8), "loop.yaml").get(0).evaluate(POD);
        assertThat(result.allowed()).isFalse();
        assertThat(result.violations().get(0).message()).contains("refers to itself");
    }

    @Test
    void budget_rejectsNonsenseBounds() {
        assertThatThrownBy(() -> new CelBudget(0, Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSteps");
        assertThatThrownBy(() -> new CelBudget(1, Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTime");
    }
}
