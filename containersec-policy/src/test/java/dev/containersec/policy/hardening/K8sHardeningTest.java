package dev.containersec.policy.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.InvalidInputException;
import dev.containersec.policy.K8sHardening;
import dev.containersec.policy.PolicyMode;
import dev.containersec.policy.PolicyPackFinding;
import dev.containersec.policy.PolicyPackResult;
import dev.containersec.policy.PolicyPackRule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K8sHardeningTest {

    /** A Deployment that passes every rule; tests break one field at a time. */
    private static final String HARDENED = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                spec:
                  automountServiceAccountToken: false
                  containers:
                  - name: app
                    image: ghcr.io/acme/web:1.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                    securityContext: {readOnlyRootFilesystem: true}
                    resources: {limits: {cpu: 500m, memory: 256Mi}}
            """;

    @TempDir
    Path dir;

    private static List<PolicyPackFinding> findings(K8sHardening pack, String yaml) {
        List<PolicyPackResult> results = pack.evaluate(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml");
        assertThat(results).hasSize(1);
        return results.get(0).findings();
    }

    private static List<String> rules(String yaml) {
        return findings(K8sHardening.defaults(), yaml).stream().map(f -> f.violation().rule()).toList();
    }

    @Test
    void hardenedDeployment_passesEveryRule() {
        assertThat(rules(HARDENED)).isEmpty();
    }

    @Test
    void readOnlyRootFilesystem_unsetOrFalse_isAViolationNamingTheContainer() {
        List<PolicyPackFinding> f = findings(K8sHardening.defaults(),
                HARDENED.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.violation().rule()).isEqualTo("k8s-read-only-root-fs");
            assertThat(x.violation().path()).isEqualTo(
                    "spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem");
            assertThat(x.container()).contains("app");
            assertThat(x.aliases()).contains("KSV-0014");
        });
        assertThat(rules(HARDENED.replace("securityContext: {readOnlyRootFilesystem: true}", "securityContext: {}")))
                .containsExactly("k8s-read-only-root-fs");
    }

    @Test
    void missingCpuAndMemoryLimits_areTwoViolations() {
        assertThat(rules(HARDENED.replace("limits: {cpu: 500m, memory: 256Mi}", "limits: {cpu: 500m}")))
                .containsExactly("k8s-memory-limit");
        assertThat(rules(HARDENED.replace("resources: {limits: {cpu: 500m, memory: 256Mi}}", "resources: {}")))
                .containsExactly("k8s-cpu-limit", "k8s-memory-limit");
    }

    @Test
    void automountServiceAccountToken_trueOrUnset_isAViolation_falsePasses() {
        assertThat(rules(HARDENED.replace("automountServiceAccountToken: false", "automountServiceAccountToken: true")))
                .containsExactly("k8s-sa-token-automount");
        assertThat(rules(HARDENED.replace("automountServiceAccountToken: false", "hostname: x")))
                .containsExactly("k8s-sa-token-automount");
    }

    @Test
    void images_latestOrUntagged_areNotPinned_tagWithoutDigestIsAdviceOnly() {
        String image = "ghcr.io/acme/web:1.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assertThat(rules(HARDENED.replace(image, "nginx:latest"))).containsExactly("k8s-image-pinned");
        assertThat(rules(HARDENED.replace(image, "nginx"))).containsExactly("k8s-image-pinned");
        List<PolicyPackFinding> tagged = findings(K8sHardening.defaults(), HARDENED.replace(image, "nginx:1.27"));
        assertThat(tagged).singleElement().satisfies(x -> {
            assertThat(x.violation().rule()).isEqualTo("k8s-image-digest");
            assertThat(x.violation().mode()).isEqualTo(PolicyMode.WARN);
            assertThat(x.value()).contains("nginx:1.27");
        });
    }

    @Test
    void dockerSocketHostPath_isAViolation_otherHostPathsAreNot() {
        String sock = HARDENED + """
                      volumes:
                      - {name: sock, hostPath: {path: /var/run/docker.sock}}
                      - {name: logs, hostPath: {path: /var/log}}
                """;
        List<PolicyPackFinding> f = findings(K8sHardening.defaults(), sock);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.violation().rule()).isEqualTo("k8s-docker-sock");
            assertThat(x.violation().path()).isEqualTo("spec.template.spec.volumes[0].hostPath.path");
            assertThat(x.value()).contains("/var/run/docker.sock");
        });
    }

    @Test
    void allowedRegistries_flagImagesFromOtherRegistries_andAreSkippedWhenUnset() {
        K8sHardening pack = K8sHardening.defaults().allowedRegistries(List.of("ghcr.io/acme"));
        assertThat(findings(pack, HARDENED)).isEmpty();
        String other = HARDENED.replace("ghcr.io/acme/web", "docker.io/evil/web");
        assertThat(findings(pack, other)).extracting(x -> x.violation().rule())
                .containsExactly("k8s-allowed-registries");
        assertThat(rules(other)).isEmpty();
    }

    @Test
    void params_configMapDataAllowedRegistries_configureThePack() throws Exception {
        Path params = Files.writeString(dir.resolve("params.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: registries}
                data: {allowedRegistries: "registry.example.com, ghcr.io/acme"}
                """);
        assertThat(K8sHardening.defaults().params(params).allowedRegistries())
                .containsExactly("registry.example.com", "ghcr.io/acme");
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "allowedRegistries: {a: b}\n");
        assertThatThrownBy(() -> K8sHardening.defaults().params(bad)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void fieldsOfTheWrongShape_areSkippedNotFatal() {
        String odd = HARDENED.replace("automountServiceAccountToken: false",
                "automountServiceAccountToken: false\n      volumes: {a: {hostPath: {path: /var/run/docker.sock}}}");
        assertThat(rules(odd)).isEmpty();
    }

    @Test
    void documentsWithoutPods_getNoResult() {
        assertThat(K8sHardening.defaults().evaluate("kind: Service\nmetadata: {name: s}\n".getBytes(), "s.yaml"))
                .isEmpty();
    }

    @Test
    void everyRule_hasIdAliasesDescriptionAndRemediation() {
        assertThat(K8sHardening.rules()).extracting(PolicyPackRule::id).doesNotHaveDuplicates();
        assertThat(K8sHardening.rules()).allSatisfy(r -> {
            assertThat(r.description()).isNotBlank();
            assertThat(r.remediation()).isNotBlank();
        });
        assertThat(K8sHardening.rules()).filteredOn(r -> !r.advisory()).allSatisfy(r -> assertThat(r.aliases()).isNotEmpty());
    }
}
