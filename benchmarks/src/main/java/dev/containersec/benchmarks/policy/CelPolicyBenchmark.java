package dev.containersec.benchmarks.policy;

import dev.containersec.policy.CelInput;
import dev.containersec.policy.CelPolicy;
import dev.containersec.policy.CelPolicyEngine;
import dev.containersec.policy.PolicyResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm evaluation of compiled ValidatingAdmissionPolicies against one already-loaded Pod: {@link #replicaLimit}
 * (the Kubernetes documentation's one-line replica check, against a Deployment, with params), and
 * {@link #imageAllowlist}, a typical policy (four match conditions, two variables, a comprehension over the
 * containers, a messageExpression) that denies the Pod, and {@link #imageAllowlistAllowed}, the same policy on a
 * compliant Pod; {@link #imageAllowlistAllowedReferenceOnly} is that with CEL-Java's interpreter alone (the engine's
 * fast path off). {@link #naiveHandWritten} is the baseline: the same
 * allowlist check written directly in Java over the same maps, the floor any interpreter pays on top of. Target:
 * under 10 µs per typical validation.
 *
 * <p>Run: {@code ./mvnw -B -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * CelPolicyBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CelPolicyBenchmark {

    private static final String ALLOWLIST = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: image-registry-allowlist
            spec:
              matchConstraints:
                resourceRules:
                - {apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"]}
              matchConditions:
                - name: exclude-leases
                  expression: '!(request.resource.group == "coordination.k8s.io" && request.resource.resource == "leases")'
                - name: exclude-kubelet-requests
                  expression: '!("system:nodes" in request.userInfo.groups)'
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
            """;

    private static final String REPLICAS = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: "replicalimit-policy.example.com"
            spec:
              paramKind: {apiVersion: rules.example.com/v1, kind: ReplicaLimit}
              matchConstraints:
                resourceRules:
                - {apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["deployments"]}
              validations:
                - expression: "object.spec.replicas <= params.maxReplicas"
            """;

    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              namespace: default
              labels: {app: web, tier: frontend}
            spec:
              initContainers:
              - {name: init, image: registry.example.com/init:1.0}
              containers:
              - {name: app, image: registry.example.com/app:2.3, ports: [{containerPort: 8080}]}
              - {name: sidecar, image: docker.io/envoyproxy/envoy:v1.30}
              - {name: metrics, image: registry.example.com/metrics:0.9}
            """;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: default}
            spec:
              replicas: 5
              template:
                spec:
                  containers: [{name: app, image: nginx}]
            """;

    private CelPolicy allowlist;
    private CelPolicy allowlistReference;
    private CelPolicy replicas;
    private CelInput pod;
    private CelInput compliantPod;
    private CelInput deployment;
    private Map<String, Object> podMap;

    /** Compiles the policies and loads the inputs once. */
    @Setup
    public void setUp() {
        CelPolicyEngine engine = CelPolicyEngine.create();
        allowlist = engine.parse(ALLOWLIST, "allowlist.yaml").get(0);
        allowlistReference = CelPolicyEngine.builder().referenceInterpreterOnly().build()
                .parse(ALLOWLIST, "allowlist.yaml").get(0);
        CelInput params = CelInput.ofManifest("params#0", Map.of("apiVersion", "rules.example.com/v1",
                "kind", "ReplicaLimit", "metadata", Map.of("name", "limit"), "maxReplicas", 3));
        replicas = engine.parse(REPLICAS, "replicas.yaml").get(0).withParams(params);
        pod = engine.manifests(POD.getBytes(StandardCharsets.UTF_8), "pod.yaml").get(0);
        compliantPod = engine.manifests(POD.replace("docker.io/", "registry.example.com/")
                .getBytes(StandardCharsets.UTF_8), "pod.yaml").get(0);
        deployment = engine.manifests(DEPLOYMENT.getBytes(StandardCharsets.UTF_8), "deploy.yaml").get(0);
        podMap = Map.of("metadata", Map.of("name", "web", "namespace", "default", "labels", Map.of("app", "web")),
                "spec", Map.of("initContainers", List.of(Map.of("name", "init", "image", "registry.example.com/init:1.0")),
                        "containers", List.of(Map.of("name", "app", "image", "registry.example.com/app:2.3"),
                                Map.of("name", "sidecar", "image", "docker.io/envoyproxy/envoy:v1.30"),
                                Map.of("name", "metrics", "image", "registry.example.com/metrics:0.9"))));
        if (allowlist.evaluate(pod).allowed() || !allowlist.evaluate(compliantPod).allowed() || replicas.evaluate(deployment).allowed()) {
            throw new IllegalStateException("benchmark inputs should be denied");
        }
        if (!allowlist.evaluate(pod).equals(allowlistReference.evaluate(pod))) {
            throw new IllegalStateException("the fast path and CEL-Java disagree");
        }
    }

    /** @return the typical policy's result */
    @Benchmark
    public PolicyResult imageAllowlist() {
        return allowlist.evaluate(pod);
    }

    /** @return the typical policy's result on a compliant Pod (no messageExpression to evaluate) */
    @Benchmark
    public PolicyResult imageAllowlistAllowed() {
        return allowlist.evaluate(compliantPod);
    }

    /** @return the typical policy's result on a compliant Pod, with CEL-Java's interpreter alone (no fast path) */
    @Benchmark
    public PolicyResult imageAllowlistAllowedReferenceOnly() {
        return allowlistReference.evaluate(compliantPod);
    }

    /** @return the one-line policy's result */
    @Benchmark
    public PolicyResult replicaLimit() {
        return replicas.evaluate(deployment);
    }

    /** @return the hand-written equivalent's message */
    @Benchmark
    @SuppressWarnings("unchecked")
    public String naiveHandWritten() {
        Map<String, Object> spec = (Map<String, Object>) podMap.get("spec");
        StringBuilder bad = new StringBuilder();
        for (String key : List.of("containers", "initContainers")) {
            for (Map<String, Object> c : (List<Map<String, Object>>) spec.getOrDefault(key, List.of())) {
                String image = (String) c.get("image");
                if (!image.startsWith("registry.example.com/")) {
                    bad.append(bad.length() == 0 ? "" : ", ").append(image);
                }
            }
        }
        return bad.length() == 0 ? "" : "images must come from registry.example.com: " + bad;
    }
}
