package dev.containersec.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.ImageConfig;
import dev.containersec.api.Platform;
import dev.containersec.policy.CelInput;
import dev.containersec.policy.CelPolicy;
import dev.containersec.policy.CelPolicyKind;
import dev.containersec.policy.PolicyMode;
import dev.containersec.policy.PolicyResult;
import dev.containersec.policy.PolicySeverity;
import dev.containersec.policy.PolicyViolation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ContainersecPolicyKindsTest {

    static ImageConfig image(String user, String... ports) {
        return new ImageConfig(Platform.of("linux", "amd64"), Optional.empty(), "", user, List.of("PATH=/bin",
                "DEBUG=1"), List.of("/app"), List.of(), "/", new TreeSet<>(List.of(ports)), new TreeSet<>(),
                new TreeMap<>(Map.of("org.opencontainers.image.source", "https://git.example/app")), Optional.empty(),
                Optional.empty(), List.of(), List.of());
    }

    static final String IMAGE_POLICY = """
            apiVersion: policy.containersec.dev/v1alpha1
            kind: ImagePolicy
            metadata: {name: image-hardening}
            spec:
              severity: high
              validationActions: [Warn]
              variables:
                - {name: ports, expression: "object.exposedPorts.map(p, int(p.split('/')[0]))"}
              validations:
                - expression: "!object.runsAsRoot"
                  messageExpression: "'image ' + object.name + ' runs as root'"
                - expression: "variables.ports.all(p, p >= 1024)"
                  message: "privileged port exposed"
                - expression: "!('DEBUG' in object.env)"
                  message: "DEBUG is set"
                - expression: "url(object.labels['org.opencontainers.image.source']).getScheme() == 'https'"
            """;

    @Test
    void imagePolicy_evaluatesTheImageConfigMap() {
        CelPolicy p = Engines.DEFAULT.parse(IMAGE_POLICY, "image.yaml").get(0);
        assertThat(p.kind()).isEqualTo(CelPolicyKind.IMAGE_POLICY);
        PolicyResult r = p.evaluate(CelInput.ofImage("registry.example/app:1", image("", "80/tcp", "8080/tcp")));
        assertThat(r.kind()).isEqualTo("Image");
        assertThat(r.allowed()).isTrue(); // Warn only
        assertThat(r.violations()).extracting(PolicyViolation::message).containsExactly(
                "image registry.example/app:1 runs as root", "privileged port exposed", "DEBUG is set");
        assertThat(r.violations()).extracting(PolicyViolation::severity).containsOnly(PolicySeverity.HIGH);
        assertThat(r.violations()).extracting(PolicyViolation::mode).containsOnly(PolicyMode.WARN);

        PolicyResult clean = p.evaluate(CelInput.ofImage("app", image("1000:1000", "8080/tcp")));
        assertThat(clean.violations()).extracting(PolicyViolation::message).containsExactly("DEBUG is set");
    }

    @Test
    void policyKinds_onlyEvaluateTheirOwnInputs() {
        CelPolicy p = Engines.DEFAULT.parse(IMAGE_POLICY, "image.yaml").get(0);
        CelInput pod = CelInput.ofManifest("pod#0", Map.of("apiVersion", "v1", "kind", "Pod"));
        assertThat(p.matches(pod)).isFalse();
        assertThat(p.evaluate(pod).violations()).isEmpty();
    }

    @Test
    void findingsPolicy_gatesOnFixableCriticals() {
        CelPolicy p = Engines.DEFAULT.parse("""
                apiVersion: policy.containersec.dev/v1alpha1
                kind: FindingsPolicy
                metadata: {name: no-fixable-criticals}
                spec:
                  validations:
                    - expression: "!object.findings.exists(f, f.severity == 'CRITICAL' && f.fixable)"
                      messageExpression: "'fixable critical: ' + object.findings.filter(f, f.severity == 'CRITICAL' && f.fixable).map(f, f.id).join(', ')"
                """, "findings.yaml").get(0);
        PolicyResult r = p.evaluate(CelInput.ofFindings("app:1", List.of(
                Map.of("id", "CVE-1", "severity", "CRITICAL", "fixable", true),
                Map.of("id", "CVE-2", "severity", "CRITICAL", "fixable", false),
                Map.of("id", "CVE-3", "severity", "LOW", "fixable", true))));
        assertThat(r.allowed()).isFalse();
        assertThat(r.violations()).singleElement().extracting(PolicyViolation::message)
                .isEqualTo("fixable critical: CVE-1");
    }

    @Test
    void networkPolicyCheck_readsWorkloadFacts() {
        CelPolicy p = Engines.DEFAULT.parse("""
                apiVersion: policy.containersec.dev/v1alpha1
                kind: NetworkPolicyCheck
                metadata: {name: isolated}
                spec:
                  validations:
                    - expression: "object.ingressIsolated && !object.unrestrictedInternetEgress"
                      messageExpression: "object.workload + ' is not isolated'"
                """, "net.yaml").get(0);
        CelInput facts = CelInput.of(CelPolicyKind.NETWORK_POLICY_CHECK, "cluster", "Workload", "default/web",
                Map.of("workload", "default/web", "ingressIsolated", false, "unrestrictedInternetEgress", true));
        assertThat(p.evaluate(facts).violations()).extracting(PolicyViolation::message)
                .containsExactly("default/web is not isolated");
    }
}
