package dev.containersec.benchmarks.policy;

import dev.containersec.policy.PodSecurity;
import dev.containersec.policy.PodSecurityReport;
import dev.containersec.policy.PssLevel;
import dev.containersec.policy.PssPod;
import dev.containersec.policy.PssResult;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Pod Security Standards, {@code restricted} at {@code latest}, on a realistic Deployment (init container,
 * app and sidecar, probes, ports, five volumes). Target: at least 200,000 pods per second per core on the
 * compiled pod.
 *
 * <ul>
 *   <li>{@code compiledPod}: the pod loaded once into a {@link PssPod}; evaluation walks the compiled model
 *       (the real hot path: admission-style re-evaluation, CI over many versions).</li>
 *   <li>{@code compiledPodViolating}: the same on a pod that fails six checks (allocates the violations).</li>
 *   <li>{@code naiveFromYaml}: the naive baseline: parse the YAML, build the tree and compile the pod on
 *       every evaluation, as a caller that keeps only manifest bytes would.</li>
 * </ul>
 *
 * <p>Run: {@code ./mvnw -B -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * PodSecurityBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PodSecurityBenchmark {

    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: checkout
              namespace: shop
              labels: {app: checkout, tier: backend}
            spec:
              replicas: 3
              selector: {matchLabels: {app: checkout}}
              template:
                metadata:
                  labels: {app: checkout, tier: backend}
                  annotations:
                    prometheus.io/scrape: "true"
                    prometheus.io/port: "9090"
                spec:
                  serviceAccountName: checkout
                  securityContext:
                    runAsNonRoot: true
                    runAsUser: 10001
                    runAsGroup: 10001
                    fsGroup: 10001
                    seccompProfile: {type: RuntimeDefault}
                  initContainers:
                  - name: migrate
                    image: registry.example.com/shop/checkout-migrate:1.42.0
                    args: ["--database", "$(DB_URL)"]
                    env: [{name: DB_URL, valueFrom: {secretKeyRef: {name: db, key: url}}}]
                    securityContext:
                      allowPrivilegeEscalation: false
                      readOnlyRootFilesystem: true
                      capabilities: {drop: [ALL]}
                  containers:
                  - name: app
                    image: registry.example.com/shop/checkout:1.42.0
                    ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090}]
                    env:
                    - {name: JAVA_OPTS, value: "-XX:MaxRAMPercentage=75"}
                    - {name: DB_URL, valueFrom: {secretKeyRef: {name: db, key: url}}}
                    resources: {requests: {cpu: 250m, memory: 512Mi}, limits: {memory: 1Gi}}
                    readinessProbe: {httpGet: {path: /ready, port: http}, periodSeconds: 5}
                    livenessProbe: {httpGet: {path: /live, port: http}, initialDelaySeconds: 20}
                    startupProbe: {tcpSocket: {port: 8080}, failureThreshold: 30}
                    lifecycle: {preStop: {exec: {command: [sleep, "5"]}}}
                    volumeMounts:
                    - {name: tmp, mountPath: /tmp}
                    - {name: config, mountPath: /etc/checkout}
                    - {name: tls, mountPath: /etc/tls, readOnly: true}
                    securityContext:
                      allowPrivilegeEscalation: false
                      readOnlyRootFilesystem: true
                      capabilities: {drop: [ALL]}
                  - name: envoy
                    image: envoyproxy/envoy:v1.31.0
                    ports: [{name: proxy, containerPort: 443}]
                    readinessProbe: {httpGet: {path: /ready, port: 9901}}
                    volumeMounts: [{name: envoy, mountPath: /etc/envoy}, {name: tokens, mountPath: /var/run/tokens}]
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
                  volumes:
                  - {name: tmp, emptyDir: {medium: Memory}}
                  - {name: config, configMap: {name: checkout}}
                  - {name: tls, secret: {secretName: checkout-tls}}
                  - {name: envoy, configMap: {name: envoy}}
                  - name: tokens
                    projected: {sources: [{serviceAccountToken: {path: token, expirationSeconds: 3600}}]}
            """;

    static final String VIOLATING = """
            apiVersion: v1
            kind: Pod
            metadata: {name: legacy}
            spec:
              initContainers: [{name: init, image: busybox}]
              containers:
              - name: app
                image: nginx
                securityContext: {runAsUser: 0}
              volumes: [{name: share, nfs: {server: nfs, path: /}}]
            """;

    private PodSecurity restricted;
    private PssPod pod;
    private PssPod violating;
    private byte[] yaml;

    /** Loads the pods once. */
    @Setup
    public void setUp() {
        restricted = PodSecurity.level(PssLevel.RESTRICTED);
        yaml = DEPLOYMENT.getBytes(StandardCharsets.UTF_8);
        pod = restricted.load(yaml, "deploy.yaml").pods().get(0);
        violating = restricted.load(VIOLATING.getBytes(StandardCharsets.UTF_8), "legacy.yaml").pods().get(0);
        if (!restricted.evaluate(pod).allowed() || restricted.evaluate(violating).failures().size() != 6) {
            throw new IllegalStateException("benchmark pods do not behave as described");
        }
    }

    /**
     * Restricted at latest on the compiled, compliant pod.
     *
     * @return the result
     */
    @Benchmark
    public PssResult compiledPod() {
        return restricted.evaluate(pod);
    }

    /**
     * Restricted at latest on a compiled pod that fails six checks.
     *
     * @return the result
     */
    @Benchmark
    public PssResult compiledPodViolating() {
        return restricted.evaluate(violating);
    }

    /**
     * Naive baseline: parse, compile and evaluate from the YAML bytes every time.
     *
     * @return the report
     */
    @Benchmark
    public PodSecurityReport naiveFromYaml() {
        return restricted.evaluate(yaml, "deploy.yaml");
    }
}
