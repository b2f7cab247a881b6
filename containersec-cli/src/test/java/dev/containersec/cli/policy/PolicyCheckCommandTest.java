package dev.containersec.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.cli.Cli;
import dev.containersec.cli.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCheckCommandTest {

    private static final String DIGEST = "@sha256:" + "0123456789abcdef".repeat(4);

    /** Passes pss-restricted and k8s-hardening. */
    private static final String GOOD = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              replicas: 2
              template:
                spec:
                  automountServiceAccountToken: false
                  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                  containers:
                  - name: app
                    image: ghcr.io/acme/web:1.2%s
                    securityContext:
                      allowPrivilegeEscalation: false
                      readOnlyRootFilesystem: true
                      capabilities: {drop: [ALL]}
                    resources: {limits: {cpu: 500m, memory: 256Mi}}
            """.formatted(DIGEST);

    private static final String BAD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: root-pod, namespace: shop}
            spec:
              containers:
              - name: app
                image: nginx:latest
                securityContext: {privileged: true}
              volumes:
              - {name: sock, hostPath: {path: /var/run/docker.sock}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    /**
     * Skips a CEL test when the policy module on the path is its classes directory (a reactor run such as
     * {@code -pl containersec-policy,containersec-cli test} stops before {@code package}): CEL-Java is shaded into
     * the policy jar only when it is packaged. Run the CLI tests alone, or after {@code install}, to run them.
     */
    private static void assumeShadedCel() {
        boolean present;
        try {
            Class.forName("dev.containersec.policy.internal.shaded.cel.common.types.CelType", false,
                    PolicyCheckCommandTest.class.getClassLoader());
            present = true;
        } catch (ClassNotFoundException | LinkageError e) {
            present = false;
        }
        Assumptions.assumeTrue(present, "containersec-policy is not packaged (no shaded CEL): run after install");
    }

    private static List<String> rules(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.get("violations").forEach(v -> out.add(v.get("rule").asText()));
        return out;
    }

    @Test
    void json_folderOfManifests_givesOneResultPerDocument_andExit1WhenADenyRuleFails() throws IOException {
        write("manifests/a-good.yaml", GOOD);
        write("manifests/b-bad.yaml", BAD);
        Path folder = dir.resolve("manifests");

        Cli.Result r = Cli.run("policy", "check", folder.toString(), "--pack", "pss-baseline", "--pack",
                "k8s-hardening", "--format", "json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode results = JSON.readTree(r.out()).get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("input").asText()).isEqualTo(folder.resolve("a-good.yaml").toString());
        assertThat(results.get(0).get("allowed").asBoolean()).isTrue();
        assertThat(rules(results.get(0))).isEmpty();
        JsonNode bad = results.get(1);
        assertThat(bad.get("input").asText()).isEqualTo(folder.resolve("b-bad.yaml").toString());
        assertThat(bad.get("kind").asText()).isEqualTo("Pod");
        assertThat(bad.get("name").asText()).isEqualTo("root-pod");
        assertThat(bad.get("allowed").asBoolean()).isFalse();
        assertThat(rules(bad)).contains("privileged", "hostPathVolumes", "k8s-docker-sock", "k8s-image-pinned");
        JsonNode privileged = null;
        for (JsonNode v : bad.get("violations")) {
            if (v.get("rule").asText().equals("privileged")) {
                privileged = v;
            }
        }
        assertThat(privileged.get("path").asText()).isEqualTo("spec.containers[0].securityContext.privileged");
        assertThat(privileged.get("severity").asText()).isEqualTo("high");
        assertThat(privileged.get("message").asText()).isNotBlank();
        assertThat(privileged.get("waived").asBoolean()).isFalse();
        assertThat(results.get(2).get("kind").asText()).isEqualTo("Service");
        assertThat(results.get(2).get("document").asInt()).isEqualTo(1);
        assertThat(results.get(2).get("allowed").asBoolean()).isTrue();
    }

    @Test
    void passingManifest_exit0_andTableSaysPassed() throws IOException {
        Path good = write("good.yaml", GOOD);

        Cli.Result r = Cli.run("policy", "check", good.toString(), "--pack", "pss-restricted", "--pack", "k8s-hardening");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("(Deployment shop/web): PASSED").contains("PASSED");
    }

    @Test
    void table_listsEachViolationWithSeverityModeAndRule() throws IOException {
        Path bad = write("bad.yaml", BAD);

        Cli.Result r = Cli.run("policy", "check", bad.toString(), "--pack", "k8s-hardening");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("(Pod shop/root-pod): DENIED").containsPattern("high +deny +k8s-docker-sock")
                .contains("at spec.volumes[0].hostPath.path").contains("FAILED");
    }

    @Test
    void modeWarn_reportsViolationsButExits0() throws IOException {
        Path bad = write("bad.yaml", BAD);

        Cli.Result r = Cli.run("policy", "check", bad.toString(), "--pack", "pss-baseline", "--mode", "warn",
                "--format", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode first = JSON.readTree(r.out()).get("results").get(0);
        assertThat(first.get("allowed").asBoolean()).isTrue();
        assertThat(first.get("violations").get(0).get("mode").asText()).isEqualTo("warn");
    }

    @Test
    void modePerPack_onlyChangesThatPack() throws IOException {
        Path bad = write("bad.yaml", BAD);

        Cli.Result r = Cli.run("policy", "check", bad.toString(), "--pack", "pss-baseline", "--pack", "k8s-hardening",
                "--mode", "k8s-hardening=audit", "--format", "json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode v = JSON.readTree(r.out()).get("results").get(0).get("violations");
        List<String> modes = new ArrayList<>();
        v.forEach(x -> modes.add(x.get("rule").asText() + "=" + x.get("mode").asText()));
        assertThat(modes).contains("privileged=deny", "k8s-docker-sock=audit");
    }

    @Test
    void waivers_applied_keepViolationsMarkedWaived_andDoNotFailTheGate() throws IOException {
        Path bad = write("bad.yaml", BAD);
        Path waivers = write("waivers.yaml", """
                waivers:
                - rules: [k8s-docker-sock, KSV-0013, k8s-read-only-root-fs, KSV-0011, k8s-memory-limit,
                          AutomountServiceAccountToken]
                  kind: Pod
                  namespace: shop
                  name: root-pod
                  reason: CI runner, isolated node pool (TICKET-42)
                  expires: 2999-12-31
                """);

        Cli.Result r = Cli.run("policy", "check", bad.toString(), "--pack", "k8s-hardening", "--waivers",
                waivers.toString(), "--format", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode json = JSON.readTree(r.out());
        JsonNode pod = json.get("results").get(0);
        assertThat(pod.get("allowed").asBoolean()).isTrue();
        List<String> waived = new ArrayList<>();
        pod.get("violations").forEach(v -> {
            assertThat(v.get("waived").asBoolean()).as(v.toString()).isTrue();
            assertThat(v.get("waiverReason").asText()).isEqualTo("CI runner, isolated node pool (TICKET-42)");
            waived.add(v.get("rule").asText());
        });
        assertThat(waived).containsExactlyInAnyOrder("k8s-read-only-root-fs", "k8s-cpu-limit", "k8s-memory-limit",
                "k8s-sa-token-automount", "k8s-image-pinned", "k8s-docker-sock");
        assertThat(json.get("expiredWaivers")).isEmpty();
    }

    @Test
    void expiredWaiver_stopsApplying_andIsReportedOnStderrAndInJson() throws IOException {
        Path bad = write("bad.yaml", BAD);
        Path waivers = write("waivers.yaml", """
                waivers:
                - rule: k8s-docker-sock
                  reason: temporary
                  expires: 2020-01-31
                """);

        Cli.Result r = Cli.run("policy", "check", bad.toString(), "--pack", "k8s-hardening", "--waivers",
                waivers.toString(), "--format", "json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.get("expiredWaivers")).hasSize(1);
        assertThat(json.get("expiredWaivers").get(0).get("expires").asText()).isEqualTo("2020-01-31");
        assertThat(r.errLines()).anySatisfy(l -> assertThat(l).contains("waiver").contains("k8s-docker-sock")
                .contains("expired on 2020-01-31"));
        json.get("results").get(0).get("violations").forEach(v -> assertThat(v.get("waived").asBoolean()).isFalse());
    }

    @Test
    void sarif_hasTheShapeGithubCodeScanningAccepts() throws IOException {
        Path bad = write("bad.yaml", BAD);
        Path waivers = write("waivers.yaml", """
                waivers:
                - {rule: k8s-docker-sock, reason: accepted, expires: 2999-01-01}
                """);

        Cli.Result r = Cli.run("policy", "check", bad.toString(), "--pack", "pss-baseline", "--pack",
                "k8s-hardening", "--waivers", waivers.toString(), "--format", "sarif");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode sarif = JSON.readTree(r.out());
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.get("$schema").asText()).contains("sarif");
        JsonNode run = sarif.get("runs").get(0);
        JsonNode driver = run.get("tool").get("driver");
        assertThat(driver.get("name").asText()).isEqualTo("containersec");
        List<String> ruleIds = new ArrayList<>();
        driver.get("rules").forEach(x -> ruleIds.add(x.get("id").asText()));
        assertThat(ruleIds).contains("privileged", "k8s-docker-sock").doesNotHaveDuplicates();
        assertThat(run.get("results").size()).isGreaterThan(2);
        run.get("results").forEach(res -> {
            assertThat(ruleIds).contains(res.get("ruleId").asText());
            assertThat(res.get("level").asText()).isIn("error", "warning", "note");
            assertThat(res.get("message").get("text").asText()).isNotBlank();
            JsonNode loc = res.get("locations").get(0).get("physicalLocation");
            assertThat(loc.get("artifactLocation").get("uri").asText()).endsWith("bad.yaml");
            assertThat(loc.get("region").get("startLine").asInt()).isEqualTo(1);
        });
        List<String> suppressed = new ArrayList<>();
        run.get("results").forEach(res -> {
            if (res.has("suppressions")) {
                suppressed.add(res.get("ruleId").asText());
            }
        });
        assertThat(suppressed).containsExactly("k8s-docker-sock");
    }

    @Test
    void celPolicyWithParams_deniesTheDeploymentOverTheLimit() throws IOException {
        assumeShadedCel();
        Path policy = write("policy.yaml", """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: replica-limit}
                spec:
                  paramKind: {apiVersion: rules.example.com/v1, kind: ReplicaLimit}
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
                  validations:
                  - expression: "object.spec.replicas <= params.maxReplicas"
                    message: too many replicas
                """);
        Path params = write("params.yaml", "apiVersion: rules.example.com/v1\nkind: ReplicaLimit\nmetadata: {name: l}\n"
                + "maxReplicas: 1\n");
        Path good = write("good.yaml", GOOD);

        Cli.Result r = Cli.run("policy", "check", good.toString(), "--policy", policy.toString(), "--params",
                params.toString(), "--format", "json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode v = JSON.readTree(r.out()).get("results").get(0).get("violations").get(0);
        assertThat(v.get("rule").asText()).startsWith("replica-limit");
        assertThat(v.get("message").asText()).isEqualTo("too many replicas");
    }

    @Test
    void allowedRegistriesFromParams_flagOtherRegistries() throws IOException {
        Path params = write("params.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: p}\n"
                + "data: {allowedRegistries: registry.example.com}\n");
        Path good = write("good.yaml", GOOD);

        Cli.Result r = Cli.run("policy", "check", good.toString(), "--pack", "k8s-hardening", "--params",
                params.toString(), "--format", "json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(rules(JSON.readTree(r.out()).get("results").get(0))).containsExactly("k8s-allowed-registries");
    }

    @Test
    void image_imageHardening_reportsConfigAndFileRules_andModeWarnPasses() throws Exception {
        TestImages.assumeTools();
        Path layout = TestImages.buildLayout(dir.resolve("layout"));
        String image = "oci:" + layout + ":" + TestImages.TAG;

        Cli.Result r = Cli.run("policy", "check", image, "--pack", "image-hardening", "--format", "json");
        Cli.Result warn = Cli.run("policy", "check", image, "--pack", "image-hardening", "--mode", "warn");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode result = JSON.readTree(r.out()).get("results").get(0);
        assertThat(result.get("input").asText()).isEqualTo(image);
        assertThat(result.get("kind").asText()).isEqualTo("Image");
        assertThat(rules(result)).containsExactly("image-no-healthcheck");
        assertThat(result.get("violations").get(0).get("aliases").toString()).contains("CIS-DI-0006");
        assertThat(warn.exitCode()).as(warn.toString()).isZero();
        // the table names the digest the image resolved to, as the JSON does
        assertThat(result.get("digest").asText()).startsWith("sha256:");
        assertThat(warn.out()).contains(image + " (Image " + result.get("digest").asText() + "): PASSED");
    }

    @Test
    void mixedInputs_manifestAndImage_withAnImagePolicy_giveOneResultEachInArgumentOrder() throws Exception {
        assumeShadedCel();
        TestImages.assumeTools();
        Path layout = TestImages.buildLayout(dir.resolve("layout"));
        String image = "oci:" + layout + ":" + TestImages.TAG;
        Path good = write("good.yaml", GOOD);
        Path policy = write("image-policy.yaml", """
                apiVersion: policy.containersec.dev/v1alpha1
                kind: ImagePolicy
                metadata: {name: no-test-mode}
                spec:
                  severity: high
                  validations:
                  - expression: "!('MODE' in object.env) || object.env['MODE'] != 'test'"
                    message: MODE=test must not ship
                """);

        Cli.Result r = Cli.run("policy", "check", image, good.toString(), "--policy", policy.toString(),
                "--format", "json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode results = JSON.readTree(r.out()).get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("kind").asText()).isEqualTo("Image");
        assertThat(results.get(0).get("violations").get(0).get("message").asText()).isEqualTo("MODE=test must not ship");
        assertThat(results.get(1).get("input").asText()).isEqualTo(good.toString());
        assertThat(results.get(1).get("allowed").asBoolean()).isTrue();
    }

    @Test
    void badInput_missingFileOrMalformedYamlOrWaivers_exit3() throws IOException {
        Path broken = write("broken.yaml", "kind: Pod\nmetadata: {name: [\n");
        Path waivers = write("waivers.yaml", "waivers:\n- rule: x\n");
        Path good = write("good.yaml", GOOD);

        assertThat(Cli.run("policy", "check", dir.resolve("missing.yaml").toString()).exitCode()).isEqualTo(3);
        Cli.Result malformed = Cli.run("policy", "check", broken.toString());
        assertThat(malformed.exitCode()).as(malformed.toString()).isEqualTo(3);
        assertThat(malformed.err()).startsWith("containersec: ");
        assertThat(Cli.run("policy", "check", good.toString(), "--waivers", waivers.toString()).exitCode()).isEqualTo(3);
        assertThat(Cli.run("policy", "check", "oci:" + dir.resolve("nope") + ":1.0").exitCode()).isEqualTo(3);
    }

    @Test
    void usageErrors_unknownPackFormatOrMode_exit2() throws IOException {
        Path good = write("good.yaml", GOOD);

        Cli.Result pack = Cli.run("policy", "check", good.toString(), "--pack", "pss-strict");
        assertThat(pack.exitCode()).isEqualTo(2);
        assertThat(pack.err()).contains("pss-strict");
        assertThat(Cli.run("policy", "check", good.toString(), "--format", "xml").exitCode()).isEqualTo(2);
        assertThat(Cli.run("policy", "check", good.toString(), "--mode", "block").exitCode()).isEqualTo(2);
        assertThat(Cli.run("policy", "check", good.toString(), "--k8s-version", "1.30").exitCode()).isEqualTo(2);
        assertThat(Cli.run("policy", "check").exitCode()).isEqualTo(2);
    }
}
