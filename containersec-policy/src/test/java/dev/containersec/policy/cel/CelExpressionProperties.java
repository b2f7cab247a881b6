package dev.containersec.policy.cel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.api.InvalidInputException;
import dev.containersec.policy.CelBudgetExceededException;
import dev.containersec.policy.CelInput;
import dev.containersec.policy.CelPolicy;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Arbitrary expression text either compiles or fails with a typed, documented exception. */
class CelExpressionProperties {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CelInput POD = CelInput.ofManifest("pod#0", Map.of("apiVersion", "v1", "kind", "Pod",
            "metadata", Map.of("name", "p", "labels", Map.of("a", "b")), "spec", Map.of("containers",
                    List.of(Map.of("name", "c", "image", "nginx")))));

    @Provide
    Arbitrary<String> expressions() {
        Arbitrary<String> tokens = Arbitraries.of("object", "spec", "containers", ".", "(", ")", "[", "]", "{", "}",
                "'", "\"", "1", "2.5", "-", "+", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||", "!", "?", ":", ",",
                "all", "exists", "map", "filter", "size", "has", "in", "c", "x", "true", "null", "'a'", "\\",
                "find", "quantity", "ip", "cidr", "semver", "url", "variables", "params", "?.", "orValue", " ");
        return Arbitraries.oneOf(
                tokens.list().ofMaxSize(30).map(l -> String.join("", l)),
                Arbitraries.strings().ofMaxLength(60));
    }

    @Property(tries = 300)
    void arbitraryExpression_compilesOrFailsTyped(@ForAll("expressions") String expression) throws Exception {
        Map<String, Object> doc = Map.of("apiVersion", "admissionregistration.k8s.io/v1",
                "kind", "ValidatingAdmissionPolicy", "metadata", Map.of("name", "fuzz"),
                "spec", Map.of("failurePolicy", "Fail", "matchConstraints", Map.of("resourceRules",
                        List.of(Map.of("apiGroups", List.of("*"), "apiVersions", List.of("*"), "operations",
                                List.of("*"), "resources", List.of("*")))),
                        "validations", List.of(Map.of("expression", expression))));
        List<CelPolicy> policies;
        try {
            policies = Engines.DEFAULT.parse(JSON.writeValueAsBytes(doc), "fuzz.json");
        } catch (InvalidInputException e) {
            return; // CelPolicyException is one; a blank expression is reported the same way
        }
        try {
            policies.get(0).evaluate(POD);
        } catch (CelBudgetExceededException e) {
            // documented
        }
    }
}
