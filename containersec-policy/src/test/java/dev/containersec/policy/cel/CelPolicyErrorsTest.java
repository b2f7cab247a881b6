package dev.containersec.policy.cel;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.InvalidInputException;
import dev.containersec.policy.CelPolicyException;
import org.junit.jupiter.api.Test;

class CelPolicyErrorsTest {

    private static String policy(String validations) {
        return """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: broken}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE"], resources: ["deployments"]}
                  validations:
                """ + validations;
    }

    @Test
    void syntaxError_namesPolicyFieldExpressionAndPosition() {
        assertThatThrownBy(() -> Engines.DEFAULT.parse(policy("""
                    - expression: "object.spec.replicas > 1"
                    - expression: "object.spec.replicas <= "
                """), "broken.yaml"))
                .isInstanceOfSatisfying(CelPolicyException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.policy()).isEqualTo("broken");
                    org.assertj.core.api.Assertions.assertThat(e.field()).isEqualTo("spec.validations[1].expression");
                    org.assertj.core.api.Assertions.assertThat(e.expression()).isEqualTo("object.spec.replicas <= ");
                    org.assertj.core.api.Assertions.assertThat(e.line()).isEqualTo(1);
                    org.assertj.core.api.Assertions.assertThat(e.column()).isEqualTo(25);
                })
                .hasMessageStartingWith("broken.yaml document 0 (ValidatingAdmissionPolicy broken): policy 'broken'"
                        + " spec.validations[1].expression \"object.spec.replicas <= \" at 1:25: ");
    }

    @Test
    void undeclaredReference_isACompileError() {
        assertThatThrownBy(() -> Engines.DEFAULT.parse(policy("""
                    - expression: "authorizer.group('apps').check('create').allowed()"
                """), "p.yaml")).isInstanceOf(CelPolicyException.class)
                .hasMessageContaining("undeclared reference to 'authorizer'").hasMessageContaining("at 1:1");
    }

    @Test
    void typeErrors_areCompileErrors() {
        assertThatThrownBy(() -> Engines.DEFAULT.parse(policy("""
                    - expression: "1 + 'a' == 2"
                """), "p.yaml")).isInstanceOf(CelPolicyException.class).hasMessageContaining("no matching overload");
        assertThatThrownBy(() -> Engines.DEFAULT.parse(policy("""
                    - expression: "'not a bool'"
                """), "p.yaml")).isInstanceOf(CelPolicyException.class).hasMessageContaining("must evaluate to bool");
        assertThatThrownBy(() -> Engines.DEFAULT.parse(policy("""
                    - expression: "true"
                      messageExpression: "42"
                """), "p.yaml")).isInstanceOf(CelPolicyException.class)
                .hasMessageContaining("spec.validations[0].messageExpression").hasMessageContaining("must evaluate to string");
    }

    @Test
    void malformedDocuments_nameTheField() {
        assertThatThrownBy(() -> Engines.DEFAULT.parse("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: nothing}
                spec:
                  matchConstraints:
                    resourceRules: [{apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"]}]
                """, "p.yaml")).isInstanceOf(CelPolicyException.class)
                .hasMessageContaining("at least one of validations and auditAnnotations");
        assertThatThrownBy(() -> Engines.DEFAULT.parse(policy("""
                    - expression: "true"
                """).replace("spec:\n", "spec:\n  failurePolicy: Maybe\n"), "p.yaml"))
                .isInstanceOf(CelPolicyException.class).hasMessageContaining("spec.failurePolicy")
                .hasMessageContaining("Fail or Ignore");
        assertThatThrownBy(() -> Engines.DEFAULT.parse(policy("""
                    - expression: "true"
                """).replace("operations: [\"CREATE\"]", "operations: [\"PATCH\"]"), "p.yaml"))
                .isInstanceOf(CelPolicyException.class).hasMessageContaining("unknown operation 'PATCH'");
        assertThatThrownBy(() -> Engines.DEFAULT.parse(policy("""
                    - expression: "true"
                """).replace("metadata: {name: broken}", "metadata: {}"), "p.yaml"))
                .isInstanceOf(CelPolicyException.class).hasMessageContaining("metadata.name");
        assertThatThrownBy(() -> Engines.DEFAULT.parse("{not yaml", "p.yaml"))
                .isInstanceOf(InvalidInputException.class);
    }
}
