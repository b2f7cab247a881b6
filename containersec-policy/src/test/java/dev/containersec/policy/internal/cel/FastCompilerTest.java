package dev.containersec.policy.internal.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.policy.CelBudget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FastCompilerTest {

    private static final CelEnv ENV = new CelEnv(1000);

    private static FastProgram fast(String expression) throws Exception {
        return FastCompiler.compile(ENV.compile(expression), 1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "object.spec.replicas <= params.maxReplicas",
        "!(request.resource.group == 'coordination.k8s.io' && request.resource.resource == 'leases')",
        "!('system:nodes' in request.userInfo.groups)",
        "!has(object.metadata.labels) || !('policy.example.com/skip' in object.metadata.labels)",
        "object.spec.containers + object.spec.?initContainers.orValue([])",
        "variables.containers.filter(c, !c.image.startsWith('registry.example.com/'))",
        "size(variables.disallowed) == 0",
        "'images must come from registry.example.com: ' + variables.disallowed.map(c, c.image).join(', ')",
        "object.spec.containers.all(c, has(c.securityContext) && c.securityContext.runAsNonRoot == true)",
        "object.spec.template.spec.containers.exists_one(c, c.name == 'app')",
        "object.metadata.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')",
        "object.spec.containers.map(c, c.ports.size()).exists(n, n > 2)",
        "'replicas: ' + string(object.spec.replicas)",
    })
    void typicalAdmissionExpressions_compileForTheFastPath(String expression) throws Exception {
        assertThat(fast(expression)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "quantity(object.spec.memory).isLessThan(quantity('2Gi'))",
        "object.metadata.name.lowerAscii() == 'a'",
        "1u + 2u == 3u",
        "object.metadata.name.matches(object.spec.pattern)",
        "object.metadata.name.matches('[')",
        "object.metadata.labels.all(k, v, v != '')",
        "[3, 1, 2].sort() == [1, 2, 3]",
        "b'ab' == b'ab'",
    })
    void expressionsOutsideTheSubset_areLeftToCelJava(String expression) throws Exception {
        assertThat(fast(expression)).isNull();
    }

    @Test
    void unusualValues_giveTheEvaluationBack() throws Exception {
        Budget budget = new Budget(new CelBudget(1000, Duration.ofSeconds(10), 1000));
        FastProgram missingKey = fast("object.spec.replicas > 1");
        FastProgram mixedNumbers = fast("object.a < object.b");
        Map<String, Object> object = Map.of("spec", Map.of(), "a", 1L, "b", 2.5);
        for (FastProgram p : List.of(missingKey, mixedNumbers)) {
            try {
                p.eval(i -> i == 0 ? object : CelValues.NULL, budget);
                throw new AssertionError("expected the fast path to give up");
            } catch (RuntimeException e) {
                assertThat(e).isSameAs(FastProgram.BAIL);
            }
        }
    }

    @Test
    void filterAndMap_buildTheirListsInOrder() throws Exception {
        Budget budget = new Budget(new CelBudget(1000, Duration.ofSeconds(10), 1000));
        Map<String, Object> object = Map.of("items", List.of(3L, 1L, 4L, 1L, 5L));
        assertThat(fast("object.items.filter(x, x > 1)").eval(i -> object, budget)).isEqualTo(List.of(3L, 4L, 5L));
        assertThat(fast("object.items.map(x, x * 2)").eval(i -> object, budget))
                .isEqualTo(List.of(6L, 2L, 8L, 2L, 10L));
        assertThat(fast("object.items.map(x, x > 1, x - 1)").eval(i -> object, budget))
                .isEqualTo(List.of(2L, 3L, 4L));
    }

    @Test
    void theBudget_boundsTheFastPathToo() throws Exception {
        List<Long> items = java.util.stream.LongStream.range(0, 200).boxed().toList();
        Map<String, Object> object = Map.of("items", items);
        FastProgram grow = fast("object.items.map(x, x)");
        Budget small = new Budget(new CelBudget(1_000_000, Duration.ofSeconds(10), 100));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> grow.eval(i -> object, small))
                .isInstanceOfSatisfying(Budget.Exceeded.class,
                        e -> assertThat(e.limit).isEqualTo(CelBudget.Limit.VALUE_SIZE));
        FastProgram nested = fast("object.items.all(x, object.items.all(y, x + y >= 0))");
        Budget few = new Budget(new CelBudget(10_000, Duration.ofSeconds(10), 1000));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> nested.eval(i -> object, few))
                .isInstanceOfSatisfying(Budget.Exceeded.class,
                        e -> assertThat(e.limit).isEqualTo(CelBudget.Limit.STEPS));
    }
}
