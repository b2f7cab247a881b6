package dev.containersec.policy.cel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.policy.CelInput;
import dev.containersec.policy.CelPolicy;
import dev.containersec.policy.CelPolicyEngine;
import dev.containersec.policy.CelPolicyException;
import dev.containersec.policy.PolicyPackCheck;
import dev.containersec.policy.PolicyPackResult;
import dev.containersec.policy.PolicyResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** matchConstraints beyond resourceRules: namespaceSelector (with namespaceObject) and matchPolicy. */
class MatchConstraintsTest {

    private final CelPolicyEngine engine = Engines.DEFAULT;

    private static String policy(String constraints, String validation) {
        return """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: p}
                spec:
                  matchConstraints:
                %s
                  validations:
                    - expression: %s
                """.formatted(constraints.indent(4).stripTrailing(), validation);
    }

    private static final String NAMESPACES = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: prod, labels: {env: production}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: dev, labels: {env: development}}
            """;

    private static String pod(String name, String namespace) {
        return "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name + (namespace.isEmpty() ? "" : ", namespace: "
                + namespace) + "}\nspec: {containers: [{name: a, image: nginx}]}\n";
    }

    private List<CelInput> inputs(String yaml) {
        return engine.manifests(yaml.getBytes(UTF_8), "m.yaml");
    }

    @Test
    void namespaceSelector_matchesTheLabelsOfTheNamespaceObjectAmongTheInputs() {
        CelPolicy p = engine.parse(policy("""
                resourceRules:
                - {apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods", "namespaces"]}
                namespaceSelector:
                  matchLabels: {env: production}
                """, "'false'"), "p.yaml").get(0);
        List<CelInput> in = inputs(NAMESPACES + "---\n" + pod("a", "prod") + "---\n" + pod("b", "dev") + "---\n"
                + pod("c", "elsewhere"));

        // prod Namespace itself (its own labels), dev Namespace, pod in prod, pod in dev, pod in an unknown namespace
        assertThat(engine.check(List.of(p), in)).extracting(PolicyResult::allowed)
                .containsExactly(false, true, false, true, true);
    }

    @Test
    void namespaceSelector_unknownNamespaceHasOnlyItsMetadataNameLabel_andNoNamespaceMeansDefault() {
        CelPolicy byName = engine.parse(policy("""
                resourceRules:
                - {apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"]}
                namespaceSelector:
                  matchExpressions:
                  - {key: kubernetes.io/metadata.name, operator: In, values: [shop, default]}
                """, "'false'"), "p.yaml").get(0);
        List<CelInput> in = inputs(pod("a", "shop") + "---\n" + pod("b", "") + "---\n" + pod("c", "other"));

        assertThat(engine.check(List.of(byName), in)).extracting(PolicyResult::allowed)
                .containsExactly(false, false, true);
    }

    @Test
    void namespaceSelector_neverSkipsOtherClusterScopedObjects() {
        CelPolicy p = engine.parse(policy("""
                resourceRules:
                - {apiGroups: ["rbac.authorization.k8s.io"], apiVersions: ["v1"], operations: ["CREATE"], resources: ["clusterroles"]}
                namespaceSelector:
                  matchLabels: {env: production}
                """, "'false'"), "p.yaml").get(0);
        List<CelInput> in = inputs("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\n");
        assertThat(engine.check(List.of(p), in)).extracting(PolicyResult::allowed).containsExactly(false);
    }

    @Test
    void namespaceObject_isTheNamespaceOfTheObject_orAMinimalOneWhenUnknown() {
        CelPolicy p = engine.parse(policy("""
                resourceRules:
                - {apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"]}
                """, "'namespaceObject.metadata.name == object.metadata.namespace && "
                + "namespaceObject.metadata.?labels[\"env\"].orValue(\"none\") != \"development\"'"), "p.yaml").get(0);
        List<CelInput> in = inputs(NAMESPACES + "---\n" + pod("a", "prod") + "---\n" + pod("b", "dev") + "---\n"
                + pod("c", "unknown"));
        assertThat(engine.check(List.of(p), in)).extracting(PolicyResult::allowed)
                .containsExactly(true, true, true, false, true);
    }

    @Test
    void policyCheck_namespacesOfOtherFilesAreKnown(@TempDir Path dir) throws Exception {
        Path ns = Files.writeString(dir.resolve("ns.yaml"), NAMESPACES);
        Path pods = Files.writeString(dir.resolve("pods.yaml"), pod("a", "prod") + "---\n" + pod("b", "dev"));
        Path policy = Files.writeString(dir.resolve("p.yaml"), policy("""
                resourceRules:
                - {apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"]}
                namespaceSelector:
                  matchLabels: {env: production}
                """, "'false'"));
        PolicyPackCheck check = PolicyPackCheck.builder().policies(engine, engine.load(policy)).build();

        List<PolicyPackResult> r = check.checkManifests(List.of(ns, pods));

        assertThat(r).extracting(PolicyPackResult::name).containsExactly("prod", "dev", "a", "b");
        assertThat(r).extracting(PolicyPackResult::allowed).containsExactly(true, true, false, true);
        assertThat(check.checkManifests(pods).get(0).allowed()).as("prod unknown without ns.yaml").isTrue();
    }

    @Test
    void matchPolicy_equivalentMatchesOtherVersionsAndMovedGroups_exactDoesNot() {
        String rules = """
                resourceRules:
                - {apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE"], resources: ["deployments"]}
                """;
        CelPolicy equivalent = engine.parse(policy(rules, "'false'"), "p.yaml").get(0);
        CelPolicy exact = engine.parse(policy(rules + "matchPolicy: Exact\n", "'false'"), "p.yaml").get(0);
        String deployment = "kind: Deployment\nmetadata: {name: d}\nspec: {}\n";
        List<CelInput> in = inputs("apiVersion: apps/v1\n" + deployment + "---\napiVersion: apps/v1beta2\n" + deployment
                + "---\napiVersion: extensions/v1beta1\n" + deployment + "---\napiVersion: batch/v1\n" + deployment);

        assertThat(in).extracting(equivalent::matches).containsExactly(true, true, true, false);
        assertThat(in).extracting(exact::matches).containsExactly(true, false, false, false);
        assertThatThrownBy(() -> engine.parse(policy(rules + "matchPolicy: Fuzzy\n", "'false'"), "p.yaml"))
                .isInstanceOf(CelPolicyException.class).hasMessageContaining("matchPolicy")
                .hasMessageContaining("Fuzzy");
    }
}
