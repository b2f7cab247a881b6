package dev.containersec.policy.cel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.InvalidInputException;
import dev.containersec.policy.CelInput;
import dev.containersec.policy.CelPolicy;
import dev.containersec.policy.CelPolicyEngine;
import dev.containersec.policy.CelPolicyKind;
import dev.containersec.policy.PolicyMode;
import dev.containersec.policy.PolicyResult;
import dev.containersec.policy.PolicySeverity;
import dev.containersec.policy.PolicyViolation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unmodified ValidatingAdmissionPolicy manifests, modelled on the examples of the Kubernetes documentation
 * (kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/), evaluated offline.
 */
class ValidatingAdmissionPolicyTest {

    private final CelPolicyEngine engine = Engines.DEFAULT;

    @TempDir
    Path tmp;

    static final String REPLICA_LIMIT = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: "replicalimit-policy.example.com"
            spec:
              failurePolicy: Fail
              paramKind:
                apiVersion: rules.example.com/v1
                kind: ReplicaLimit
              matchConstraints:
                resourceRules:
                - apiGroups:   ["apps"]
                  apiVersions: ["v1"]
                  operations:  ["CREATE", "UPDATE"]
                  resources:   ["deployments"]
              validations:
                - expression: "object.spec.replicas <= params.maxReplicas"
                  reason: Invalid
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata:
              name: "replicalimit-binding-test.example.com"
            spec:
              policyName: "replicalimit-policy.example.com"
              validationActions: [Deny]
              paramRef:
                name: "replica-limit-test.example.com"
                namespace: "default"
                parameterNotFoundAction: Deny
            """;

    static final String REPLICA_PARAMS = """
            apiVersion: rules.example.com/v1
            kind: ReplicaLimit
            metadata:
              name: "replica-limit-test.example.com"
              namespace: "default"
            maxReplicas: 3
            """;

    static String deployment(String name, int replicas, String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  namespace: default
                  labels:
                    app: %s
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: %s}
                  template:
                    metadata:
                      labels: {app: %s}
                    spec:
                      containers:
                      - name: app
                        image: %s
                """.formatted(name, name, replicas, name, name, image);
    }

    static String pod(String name, String labels, String... images) {
        StringBuilder sb = new StringBuilder("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: default
                %s
                spec:
                  containers:
                """.formatted(name, labels));
        for (int i = 0; i < images.length; i++) {
            sb.append("  - name: c").append(i).append("\n    image: ").append(images[i]).append('\n');
        }
        return sb.toString();
    }

    private Path write(String name, String content) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, content, UTF_8);
        return p;
    }

    @Test
    void replicaLimit_withParamsFromFile_deniesTooManyReplicas() throws Exception {
        List<CelPolicy> policies = engine.load(write("policy.yaml", REPLICA_LIMIT));
        assertThat(policies).hasSize(1);
        CelPolicy policy = policies.get(0);
        assertThat(policy.kind()).isEqualTo(CelPolicyKind.VALIDATING_ADMISSION_POLICY);
        assertThat(policy.paramKind()).contains(List.of("rules.example.com/v1", "ReplicaLimit"));
        CelPolicy bound = policy.withParams(engine.loadParams(write("params.yaml", REPLICA_PARAMS)));
        Path manifest = write("deploy.yaml", deployment("small", 2, "nginx") + "---\n" + deployment("big", 5, "nginx")
                + "---\n" + pod("p", "", "nginx"));

        List<PolicyResult> results = engine.check(List.of(bound), engine.manifests(manifest));

        assertThat(results).hasSize(3);
        assertThat(results.get(0).allowed()).isTrue();
        assertThat(results.get(0).violations()).isEmpty();
        PolicyResult big = results.get(1);
        assertThat(big.input()).endsWith("deploy.yaml#1");
        assertThat(big.kind()).isEqualTo("Deployment");
        assertThat(big.name()).isEqualTo("big");
        assertThat(big.allowed()).isFalse();
        assertThat(big.violations()).containsExactly(new PolicyViolation(
                "replicalimit-policy.example.com/validations[0]", "",
                "failed expression: object.spec.replicas <= params.maxReplicas", PolicySeverity.MEDIUM,
                PolicyMode.DENY));
        // Pods are not deployments: the policy does not apply.
        assertThat(results.get(2).allowed()).isTrue();
        assertThat(results.get(2).violations()).isEmpty();
    }

    @Test
    void replicaLimit_withoutParams_failsClosed() {
        CelPolicy policy = engine.parse(REPLICA_LIMIT, "policy.yaml").get(0);
        PolicyResult r = policy.evaluate(engine.manifests(deployment("d", 1, "nginx").getBytes(UTF_8), "d.yaml")
                .get(0));
        assertThat(r.allowed()).isFalse();
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("replicalimit-policy.example.com/paramKind");
            assertThat(v.message()).contains("no params were given");
        });
    }

    @Test
    void params_ofTheWrongKind_areRefused() {
        CelPolicy policy = engine.parse(REPLICA_LIMIT, "policy.yaml").get(0);
        CelInput configMap = CelInput.ofManifest("cm.yaml#0", Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", "x"), "data", Map.of()));
        assertThatThrownBy(() -> policy.withParams(configMap)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rules.example.com/v1 ReplicaLimit");
    }

    static final String IMAGE_ALLOWLIST = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: image-registry-allowlist
              annotations:
                policy.containersec.dev/severity: high
            spec:
              failurePolicy: Fail
              matchConstraints:
                resourceRules:
                - apiGroups: ["*"]
                  apiVersions: ["*"]
                  operations: ["CREATE", "UPDATE"]
                  resources: ["*"]
              matchConditions:
                - name: 'exclude-leases'
                  expression: '!(request.resource.group == "coordination.k8s.io" && request.resource.resource == "leases")'
                - name: 'exclude-kubelet-requests'
                  expression: '!("system:nodes" in request.userInfo.groups)'
                - name: 'only-pods'
                  expression: 'request.resource.resource == "pods"'
                - name: 'not-opted-out'
                  expression: '!has(object.metadata.labels) || !("policy.example.com/skip" in object.metadata.labels)'
              variables:
                - name: containers
                  expression: 'object.spec.containers + object.spec.?initContainers.orValue([])'
                - name: disallowed
                  expression: 'variables.containers.filter(c, !c.image.startsWith("registry.example.com/"))'
              validations:
                - expression: 'size(variables.disallowed) == 0'
                  messageExpression: '"images must come from registry.example.com: " + variables.disallowed.map(c, c.image).join(", ")'
                  fieldPath: spec.containers
            """;

    @Test
    void imageAllowlist_matchConditionsAndVariables_selectAndExplain() {
        CelPolicy policy = engine.parse(IMAGE_ALLOWLIST, "allowlist.yaml").get(0);
        assertThat(policy.severity()).isEqualTo(PolicySeverity.HIGH);
        String manifest = pod("good", "", "registry.example.com/app:1") + "---\n"
                + pod("bad", "", "registry.example.com/app:1", "docker.io/evil:latest", "quay.io/x") + "---\n"
                + pod("skipped", "  labels: {policy.example.com/skip: \"true\"}", "docker.io/evil") + "---\n"
                + deployment("deploy", 1, "docker.io/evil");
        List<PolicyResult> results = engine.check(List.of(policy),
                engine.manifests(manifest.getBytes(UTF_8), "pods.yaml"));

        assertThat(results).extracting(PolicyResult::allowed).containsExactly(true, false, true, true);
        assertThat(results.get(1).violations()).singleElement().satisfies(v -> {
            assertThat(v.message()).isEqualTo(
                    "images must come from registry.example.com: docker.io/evil:latest, quay.io/x");
            assertThat(v.path()).isEqualTo("spec.containers");
            assertThat(v.severity()).isEqualTo(PolicySeverity.HIGH);
        });
    }

    static final String REQUIRED_LABELS = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: require-environment-label
            spec:
              matchConstraints:
                resourceRules:
                - apiGroups: ["apps"]
                  apiVersions: ["v1"]
                  operations: ["CREATE", "UPDATE"]
                  resources: ["deployments", "statefulsets"]
              variables:
                - name: labels
                  expression: 'has(object.metadata.labels) ? object.metadata.labels : {}'
              validations:
                - expression: "'environment' in variables.labels"
                  message: "missing label environment"
                  messageExpression: "'the ' + object.kind + ' ' + object.metadata.name + ' must have the label environment'"
                - expression: "!('environment' in variables.labels) || variables.labels.environment in ['prod', 'staging', 'dev']"
                  messageExpression: "'environment must be prod, staging or dev, not ' + variables.labels.environment"
                - expression: "object.metadata.name.size() <= 20"
                  message: "name too long"
                  messageExpression: "'first line\\\\nsecond line'"
              auditAnnotations:
                - key: high-replica-count
                  valueExpression: "object.spec.replicas > 3 ? 'replicas set to ' + string(object.spec.replicas) : dyn(null)"
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata:
              name: require-environment-label-binding
            spec:
              policyName: require-environment-label
              validationActions: [Warn, Audit]
            """;

    @Test
    void labelRequirements_messageExpression_fallbacks_bindingActions_andAuditAnnotations() {
        CelPolicy policy = engine.parse(REQUIRED_LABELS, "labels.yaml").get(0);
        assertThat(policy.mode()).isEqualTo(PolicyMode.WARN);
        String manifest = deployment("unlabelled-with-a-long-name", 5, "nginx") + "---\n"
                + deployment("ok", 1, "nginx").replace("    app: ok\n", "    app: ok\n    environment: prod\n")
                + "---\n"
                + deployment("qa", 1, "nginx").replace("    app: qa\n", "    app: qa\n    environment: qa\n");
        List<PolicyResult> results = engine.check(List.of(policy),
                engine.manifests(manifest.getBytes(UTF_8), "deploy.yaml"));

        PolicyResult unlabelled = results.get(0);
        // Warn: reported, not denied.
        assertThat(unlabelled.allowed()).isTrue();
        assertThat(unlabelled.violations()).extracting(PolicyViolation::message).containsExactly(
                "the Deployment unlabelled-with-a-long-name must have the label environment",
                // a multi-line messageExpression falls back to message
                "name too long");
        assertThat(unlabelled.violations()).extracting(PolicyViolation::mode).containsOnly(PolicyMode.WARN);
        assertThat(unlabelled.annotations()).containsExactly(
                Map.entry("require-environment-label/high-replica-count", "replicas set to 5"));
        assertThat(results.get(1).violations()).isEmpty();
        assertThat(results.get(1).annotations()).isEmpty();
        assertThat(results.get(2).violations()).extracting(PolicyViolation::message)
                .containsExactly("environment must be prod, staging or dev, not qa");
    }

    @Test
    void runtimeErrors_followFailurePolicy() {
        String policy = """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: %s}
                spec:
                  failurePolicy: %s
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [""], apiVersions: ["v1"], operations: ["*"], resources: ["pods"]}
                  validations:
                    - expression: "object.spec.noSuchField > 1"
                """;
        CelInput pod = engine.manifests(pod("p", "", "nginx").getBytes(UTF_8), "pod.yaml").get(0);
        PolicyResult fail = engine.parse(policy.formatted("strict", "Fail"), "f.yaml").get(0).evaluate(pod);
        assertThat(fail.allowed()).isFalse();
        assertThat(fail.violations()).singleElement().satisfies(v -> assertThat(v.message())
                .startsWith("expression 'object.spec.noSuchField > 1' failed: ").contains("noSuchField"));
        PolicyResult ignore = engine.parse(policy.formatted("lenient", "Ignore"), "i.yaml").get(0).evaluate(pod);
        assertThat(ignore.allowed()).isTrue();
        assertThat(ignore.violations()).isEmpty();
    }

    @Test
    void resourceRules_excludeRulesAndObjectSelector_narrowTheMatch() {
        String policy = """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: no-latest}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: ["", "apps"], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods", "deployments"]}
                    excludeResourceRules:
                    - {apiGroups: [""], apiVersions: ["v1"], operations: ["*"], resources: ["pods"], resourceNames: ["legacy"]}
                    objectSelector:
                      matchExpressions:
                      - {key: tier, operator: NotIn, values: [test]}
                  validations:
                    - expression: "!object.spec.containers.exists(c, c.image.endsWith(':latest'))"
                      message: "no :latest images"
                """;
        CelPolicy p = engine.parse(policy, "p.yaml").get(0);
        List<CelInput> inputs = engine.manifests((pod("web", "", "nginx:latest") + "---\n"
                + pod("legacy", "", "nginx:latest") + "---\n"
                + pod("t", "  labels: {tier: test}", "nginx:latest")).getBytes(UTF_8), "pods.yaml");
        assertThat(inputs).extracting(p::matches).containsExactly(true, false, false);
        assertThat(engine.check(List.of(p), inputs)).extracting(PolicyResult::allowed)
                .containsExactly(false, true, true);
    }

    @Test
    void kubernetesLibraries_regexUrlIpCidrQuantitySemverLists() {
        String policy = """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: libraries}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [""], apiVersions: ["v1"], operations: ["*"], resources: ["configmaps"]}
                  validations:
                    - expression: "object.data.image.find('[0-9]+[.][0-9]+') == '1.25'"
                    - expression: "'a1b22c333'.findAll('[0-9]+') == ['1', '22', '333'] && 'a1b22c333'.findAll('[0-9]+', 2) == ['1', '22']"
                    - expression: "url(object.data.endpoint).getHostname() == 'api.example.com' && url(object.data.endpoint).getPort() == '8443' && url(object.data.endpoint).getScheme() == 'https' && isURL('https://x/y') && !isURL('not a url')"
                    - expression: "url('https://h/p?a=1&a=2').getQuery()['a'] == ['1', '2'] && url('https://h/p%20q').getEscapedPath() == '/p%20q'"
                    - expression: "isIP(object.data.address) && ip(object.data.address).family() == 4 && ip('::1').isLoopback() && !isIP('1.2.3') && !isIP('01.2.3.4')"
                    - expression: "cidr(object.data.network).containsIP(object.data.address) && !cidr('10.0.0.0/8').containsIP(ip('192.168.0.1')) && cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16') && cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8') && cidr('10.0.0.0/8').prefixLength() == 8 && isCIDR('::/0')"
                    - expression: "quantity(object.data.memory).isGreaterThan(quantity('1Gi')) && quantity('500m').asApproximateFloat() == 0.5 && quantity('1k').asInteger() == 1000 && quantity('1Gi').compareTo(quantity('1024Mi')) == 0 && quantity('1').add(quantity('500m')).isLessThan(quantity('2')) && isQuantity('2e3') && !isQuantity('1.2.3')"
                    - expression: "semver(object.data.version).isGreaterThan(semver('1.2.3')) && semver('1.0.0-alpha').isLessThan(semver('1.0.0')) && semver('1.2.3').major() == 1 && isSemver('1.2.3-rc.1+build') && !isSemver('v1.2')"
                    - expression: "[1, 2, 3].isSorted() && ![3, 1].isSorted() && [1, 2, 3].sum() == 6 && [1.5, 2.5].sum() == 4.0 && [4, 2, 9].min() == 2 && [4, 2, 9].max() == 9 && [1, 2, 1].indexOf(1) == 0 && [1, 2, 1].lastIndexOf(1) == 2"
                    - expression: "sets.contains([1, 2, 3], [2]) && sets.intersects([1], [1, 5]) && [3, 1, 2].sort() == [1, 2, 3] && 'Hello'.lowerAscii() == 'hello' && ['a', 'b'].join('-') == 'a-b' && math.greatest(1, 5) == 5"
                    - expression: "object.?data.?missing.orValue('none') == 'none' && {'a': 1}.all(k, v, v == 1) && 1 < 1.5"
                """;
        CelPolicy p = engine.parse(policy, "libs.yaml").get(0);
        CelInput cm = CelInput.ofManifest("cm#0", Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", "settings"), "data", Map.of("image", "nginx:1.25.3",
                        "endpoint", "https://api.example.com:8443/v1", "address", "10.1.2.3", "network", "10.0.0.0/8",
                        "memory", "2Gi", "version", "1.10.0")));
        PolicyResult r = p.evaluate(cm);
        assertThat(r.violations()).isEmpty();
        assertThat(r.allowed()).isTrue();
    }

    @Test
    void nonPolicyDocuments_inAPolicyFile_areRefused() {
        assertThatThrownBy(() -> engine.parse(REPLICA_PARAMS, "params.yaml")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a CEL policy").hasMessageContaining("ReplicaLimit");
    }
}
