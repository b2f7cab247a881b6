package dev.containersec.examples;

import static dev.containersec.examples.ChildJvm.java;
import static dev.containersec.examples.ChildJvm.packagedPolicyPath;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.examples.ChildJvm.Run;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link CheckPolicy} in a child JVM on the module path and on the class path, proving that the policy
 * module's jar, with CEL-Java shaded and relocated inside it, works on both with no CEL jar beside it.
 */
class CheckPolicyTest {
    private static final String MAIN = "dev.containersec.examples.CheckPolicy";

    @TempDir
    static Path tmp;
    static Path libraries;
    static Path configMaps;

    @BeforeAll
    static void writeInputs() throws IOException {
        // Exercises the relocated parser, checker, extensions (strings, sets, lists, optional), RE2 regexes and
        // the Kubernetes libraries on whichever path the child runs.
        libraries = tmp.resolve("libraries.yaml");
        Files.writeString(libraries, """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: settings}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["configmaps"]}
                  variables:
                    - {name: data, expression: "object.?data.orValue({})"}
                  validations:
                    - expression: "quantity(variables.data.memory).isLessThan(quantity('1Gi'))"
                      messageExpression: "'memory ' + variables.data.memory + ' is over 1Gi'"
                    - expression: "cidr('10.0.0.0/8').containsIP(variables.data.address) && isURL(variables.data.url)"
                      message: "address outside 10.0.0.0/8 or bad URL"
                    - expression: "variables.data.image.find('[0-9]+[.][0-9]+') != '' && sets.contains(['a', 'b'], variables.data.tier.split(',')) && [3, 1].sort() == [1, 3]"
                      message: "image must be versioned and tiers known"
                """, UTF_8);
        configMaps = tmp.resolve("configmaps.yaml");
        Files.writeString(configMaps, """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: good}
                data: {memory: 512Mi, address: 10.1.2.3, url: "https://example.com/x", image: "nginx:1.25", tier: "a,b"}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: bad}
                data: {memory: 2Gi, address: 192.168.0.1, url: "https://example.com/x", image: "nginx:latest", tier: "c"}
                """, UTF_8);
    }

    @Test
    void onTheModulePath_relocatedCelLoadsInsideThePolicyModule() throws Exception {
        Run r = java("--module-path", packagedPolicyPath(), "-m", "dev.containersec.examples/" + MAIN,
                Path.of("policies", "replica-limit.yaml").toString(), Path.of("policies", "deployments.yaml").toString(),
                Path.of("policies", "replica-limit-params.yaml").toString());
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertReplicaLimitOutput(r.output());
        assertThat(r.output().lines()).contains("module: dev.containersec.policy");
    }

    @Test
    void onTheClassPath_printsTheSame() throws Exception {
        Run r = java("-cp", packagedPolicyPath(), MAIN, Path.of("policies", "replica-limit.yaml").toString(),
                Path.of("policies", "deployments.yaml").toString(),
                Path.of("policies", "replica-limit-params.yaml").toString());
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertReplicaLimitOutput(r.output());
        assertThat(r.output().lines()).contains("module: unnamed");
    }

    @Test
    void kubernetesLibraries_workOnBothPaths() throws Exception {
        List<String> expected = List.of(
                "allowed " + configMaps + "#0 ConfigMap good",
                "denied " + configMaps + "#1 ConfigMap bad",
                " - settings/validations[0]: memory 2Gi is over 1Gi",
                " - settings/validations[1]: address outside 10.0.0.0/8 or bad URL",
                " - settings/validations[2]: image must be versioned and tiers known");
        Run modular = java("--module-path", packagedPolicyPath(), "-m", "dev.containersec.examples/" + MAIN,
                libraries.toString(), configMaps.toString());
        assertThat(modular.exit()).as(modular.output()).isEqualTo(1);
        assertThat(modular.output().lines()).containsSubsequence(expected);
        Run classic = java("-cp", packagedPolicyPath(), MAIN, libraries.toString(), configMaps.toString());
        assertThat(classic.exit()).as(classic.output()).isEqualTo(1);
        assertThat(classic.output().lines()).containsSubsequence(expected);
    }

    @Test
    void malformedPolicy_exits3_namingTheExpression() throws Exception {
        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, Files.readString(libraries, UTF_8).replace("isLessThan(quantity('1Gi'))",
                "isLessThan(quantity('1Gi')"), UTF_8);
        Run r = java("--module-path", packagedPolicyPath(), "-m", "dev.containersec.examples/" + MAIN, broken.toString(),
                configMaps.toString());
        assertThat(r.exit()).as(r.output()).isEqualTo(3);
        assertThat(r.output()).contains("policy 'settings' spec.validations[0].expression").contains(" at 1:");
    }

    @Test
    void policyJar_isModularAndCarriesCelRelocated_withoutCelDependencies() throws Exception {
        String path = packagedPolicyPath();
        assertThat(path).doesNotContain("/dev/cel/").doesNotContain("protobuf-java").doesNotContain("guava");
        String jar = List.of(path.split(File.pathSeparator)).stream()
                .filter(e -> e.contains("containersec-policy") && e.endsWith(".jar")).findFirst().orElseThrow();
        try (JarFile j = new JarFile(jar)) {
            assertThat(j.getEntry("module-info.class")).isNotNull();
            assertThat(j.getEntry("dev/containersec/policy/internal/shaded/cel/runtime/CelRuntime.class")).isNotNull();
            assertThat(j.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
                    .filter(n -> !n.startsWith("dev/containersec/policy/") && !n.equals("module-info.class")))
                    .as("every class of the jar is in the policy module's packages").isEmpty();
        }
    }

    private static void assertReplicaLimitOutput(String output) {
        assertThat(output.lines()).containsSubsequence(
                "allowed " + Path.of("policies", "deployments.yaml") + "#0 Deployment small",
                "denied " + Path.of("policies", "deployments.yaml") + "#1 Deployment big",
                " - replicalimit-policy.example.com/validations[0]: object.spec.replicas must be no greater than 3");
    }
}
