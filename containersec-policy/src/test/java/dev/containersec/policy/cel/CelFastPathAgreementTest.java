package dev.containersec.policy.cel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.policy.CelInput;
import dev.containersec.policy.CelPolicy;
import dev.containersec.policy.CelPolicyEngine;
import dev.containersec.policy.PolicyResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whole policies give the same results (verdicts, messages, paths, audit annotations) with the engine's fast
 * path and with CEL-Java's interpreter alone, on compliant inputs, violating inputs, and inputs whose missing
 * fields and odd types make expressions fail or leave the fast path.
 */
class CelFastPathAgreementTest {

    private static final CelPolicyEngine REFERENCE = CelPolicyEngine.builder().referenceInterpreterOnly().build();

    private static final String POLICIES = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: image-registry-allowlist}
            spec:
              matchConstraints:
                resourceRules:
                - {apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"]}
              matchConditions:
                - name: exclude-kube-system
                  expression: 'request.namespace != "kube-system"'
                - name: not-opted-out
                  expression: '!has(object.metadata.labels) || !("policy.example.com/skip" in object.metadata.labels)'
              variables:
                - name: containers
                  expression: 'object.spec.containers + object.spec.?initContainers.orValue([])'
                - name: disallowed
                  expression: 'variables.containers.filter(c, !c.image.startsWith("registry.example.com/"))'
              validations:
                - expression: 'size(variables.disallowed) == 0'
                  messageExpression: '"images must come from registry.example.com: " + variables.disallowed.map(c, c.image).join(", ")'
              auditAnnotations:
                - key: containers
                  valueExpression: '"containers: " + string(size(variables.containers))'
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: non-root}
            spec:
              matchConstraints:
                resourceRules:
                - {apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"]}
              validations:
                - expression: >-
                    object.spec.containers.all(c, has(c.securityContext) && has(c.securityContext.runAsNonRoot)
                    && c.securityContext.runAsNonRoot == true)
                  message: containers must run as non-root
                  fieldPath: spec.containers
                - expression: 'object.spec.containers.all(c, !has(c.ports) || c.ports.all(p, p.containerPort >= 1024))'
                  messageExpression: '"low ports: " + object.spec.containers.map(c, has(c.ports), c.name).join(",")'
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: labels-and-odd-types}
            spec:
              failurePolicy: Fail
              matchConstraints:
                resourceRules:
                - {apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["*"]}
              validations:
                - expression: 'has(object.metadata.labels) && "team" in object.metadata.labels && object.metadata.labels.team.matches("^[a-z]+$")'
                  message: needs a lower-case team label
                - expression: 'object.spec.replicas <= 3'
                - expression: 'object.spec.priority < 2.5'
                - expression: 'object.spec.containers.exists_one(c, c.name == "app")'
            """;

    private static Map<String, Object> pod(String name, Map<String, Object> labels, Map<String, Object> spec) {
        return Map.of("apiVersion", "v1", "kind", "Pod",
                "metadata", labels == null ? Map.of("name", name, "namespace", "default")
                        : Map.of("name", name, "namespace", "default", "labels", labels), "spec", spec);
    }

    private static List<CelInput> inputs() {
        Map<String, Object> nonRoot = Map.of("runAsNonRoot", true);
        List<Map<String, Object>> docs = List.of(
                pod("compliant", Map.of("team", "web"), Map.of("priority", 1.5, "containers", List.of(
                        Map.of("name", "app", "image", "registry.example.com/app:1", "securityContext", nonRoot,
                                "ports", List.of(Map.of("containerPort", 8080)))))),
                pod("foreign", Map.of("team", "Web"), Map.of("priority", 1, "containers", List.of(
                        Map.of("name", "app", "image", "docker.io/nginx", "ports", List.of(Map.of("containerPort", 80))),
                        Map.of("name", "app", "image", "registry.example.com/b", "securityContext", Map.of())),
                        "initContainers", List.of(Map.of("name", "init", "image", "quay.io/init")))),
                pod("skipped", Map.of("policy.example.com/skip", "yes"), Map.of("containers", List.of())),
                pod("no-labels", null, Map.of("replicas", 5, "containers", List.of(
                        Map.of("name", "x", "image", "registry.example.com/x", "securityContext", nonRoot)))),
                pod("odd-types", Map.of("team", 7), Map.of("replicas", "three", "priority", "high", "containers",
                        List.of(Map.of("name", 5, "image", 42, "ports", "none")))),
                pod("containers-not-a-list", Map.of(), Map.of("containers", "nginx")),
                Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata", Map.of("name", "d",
                        "namespace", "kube-system", "labels", Map.of("team", "ops")), "spec", Map.of("replicas", 2)));
        List<CelInput> out = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            out.add(CelInput.ofManifest("doc#" + i, docs.get(i)));
        }
        return out;
    }

    @Test
    void fastPathAndCelJavaAlone_giveIdenticalResults() {
        List<CelPolicy> fast = Engines.DEFAULT.parse(POLICIES.getBytes(UTF_8), "policies.yaml");
        List<CelPolicy> reference = REFERENCE.parse(POLICIES.getBytes(UTF_8), "policies.yaml");
        int violations = 0;
        for (CelInput input : inputs()) {
            for (int i = 0; i < fast.size(); i++) {
                PolicyResult a = fast.get(i).evaluate(input);
                PolicyResult b = reference.get(i).evaluate(input);
                assertThat(a).as("%s on %s", fast.get(i).name(), input).isEqualTo(b);
                violations += a.violations().size();
            }
        }
        // The inputs exercise denials and failures, not only passes.
        assertThat(violations).isGreaterThan(10);
    }
}
