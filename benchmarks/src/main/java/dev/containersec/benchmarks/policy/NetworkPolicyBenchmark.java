package dev.containersec.benchmarks.policy;

import dev.containersec.policy.NetpolCidr;
import dev.containersec.policy.NetpolCluster;
import dev.containersec.policy.NetpolContainerPort;
import dev.containersec.policy.NetpolDirection;
import dev.containersec.policy.NetpolIpBlock;
import dev.containersec.policy.NetpolNamespace;
import dev.containersec.policy.NetpolPeer;
import dev.containersec.policy.NetpolPolicy;
import dev.containersec.policy.NetpolPort;
import dev.containersec.policy.NetpolProtocol;
import dev.containersec.policy.NetpolRule;
import dev.containersec.policy.NetpolSelector;
import dev.containersec.policy.NetpolWorkload;
import dev.containersec.policy.NetworkPolicyAnalysis;
import dev.containersec.policy.NetworkPolicyAnalyzer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * NetworkPolicy reachability on 1,000 workloads and 500 policies (target: under 2 s per analysis).
 *
 * <p>The cluster is generated with a fixed seed: 20 namespaces of 50 workloads in five tiers (web, api,
 * worker, cache, db) with named container ports; per namespace a default-deny and a DNS-egress policy; 460
 * allow policies selecting a tier or one app, with ingress from the tier in front (same namespace), from
 * other namespaces by team label (namespaceSelector AND podSelector), named and numbered ports, endPort
 * ranges, and egress to ipBlocks with exceptions.
 *
 * <ul>
 *   <li>{@code analyze}: build the model (selectors, peers, per-workload ingress/egress rows, findings);</li>
 *   <li>{@code analyzeAndListConnections}: the same plus the full connection list, as {@code netpol analyze}
 *       prints it;</li>
 *   <li>{@code naivePairwiseBaseline}: the naive approach, every policy re-evaluated for every pair
 *       (O(W²·P)), for one port and for 100 of the 1,000 sources only; multiply by 10 to compare.</li>
 * </ul>
 *
 * <p>Run: {@code ./mvnw -B -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * NetworkPolicyBenchmark -f 1 -wi 1 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class NetworkPolicyBenchmark {

    private static final String[] TIERS = {"web", "api", "worker", "cache", "db"};
    private static final int NAMESPACES = 20;
    private static final int PER_NAMESPACE = 50;
    private static final int POLICIES = 500;

    private NetpolCluster cluster;
    private final NetworkPolicyAnalyzer analyzer = NetworkPolicyAnalyzer.create();

    /** Generates the cluster. */
    @Setup
    public void setUp() {
        cluster = generate(42);
    }

    /**
     * Generates a realistic cluster.
     *
     * @param seed the random seed
     * @return 1,000 workloads and 500 policies
     */
    public static NetpolCluster generate(long seed) {
        Random rnd = new Random(seed);
        List<NetpolNamespace> namespaces = new ArrayList<>();
        List<NetpolWorkload> workloads = new ArrayList<>();
        List<NetpolPolicy> policies = new ArrayList<>();
        for (int n = 0; n < NAMESPACES; n++) {
            String ns = "ns" + n;
            namespaces.add(new NetpolNamespace(ns, Map.of("team", "team" + (n % 5), "env", n % 2 == 0 ? "prod" : "dev")));
            for (int i = 0; i < PER_NAMESPACE; i++) {
                String tier = TIERS[i % TIERS.length];
                int port = 8000 + rnd.nextInt(100);
                workloads.add(new NetpolWorkload(ns, tier + "-" + i, "Deployment",
                        Map.of("app", tier + "-" + i, "tier", tier, "version", "v" + rnd.nextInt(3)),
                        List.of(NetpolContainerPort.tcp("http", port), NetpolContainerPort.tcp("metrics", 9090))));
            }
            policies.add(new NetpolPolicy(ns, "default-deny", NetpolSelector.all(),
                    EnumSet.allOf(NetpolDirection.class), List.of(), List.of()));
            policies.add(new NetpolPolicy(ns, "allow-dns", NetpolSelector.all(), EnumSet.of(NetpolDirection.EGRESS),
                    List.of(), List.of(new NetpolRule(List.of(NetpolPeer.podsInNamespaces(
                            NetpolSelector.ofLabels(Map.of(NetpolNamespace.NAME_LABEL, "kube-system")),
                            NetpolSelector.ofLabels(Map.of("k8s-app", "kube-dns")))),
                            List.of(NetpolPort.of(NetpolProtocol.UDP, 53), NetpolPort.of(NetpolProtocol.TCP, 53))))));
        }
        for (int p = policies.size(); p < POLICIES; p++) {
            int n = rnd.nextInt(NAMESPACES);
            String ns = "ns" + n;
            int t = rnd.nextInt(TIERS.length);
            NetpolSelector target = rnd.nextInt(3) == 0
                    ? NetpolSelector.ofLabels(Map.of("app", TIERS[t] + "-" + (t + TIERS.length * rnd.nextInt(10))))
                    : NetpolSelector.ofLabels(Map.of("tier", TIERS[t]));
            List<NetpolRule> ingress = new ArrayList<>();
            List<NetpolRule> egress = new ArrayList<>();
            String front = TIERS[Math.max(0, t - 1)];
            ingress.add(new NetpolRule(List.of(NetpolPeer.pods(NetpolSelector.ofLabels(Map.of("tier", front)))),
                    List.of(NetpolPort.named(NetpolProtocol.TCP, "http"))));
            if (rnd.nextBoolean()) {
                ingress.add(new NetpolRule(List.of(NetpolPeer.podsInNamespaces(
                        NetpolSelector.ofLabels(Map.of("team", "team" + rnd.nextInt(5))),
                        new NetpolSelector(Map.of(), List.of(new NetpolSelector.Requirement("tier",
                                NetpolSelector.Operator.IN, java.util.Set.of("web", "api")))))),
                        List.of(NetpolPort.of(NetpolProtocol.TCP, 9090), NetpolPort.range(NetpolProtocol.TCP, 8000, 8050))));
            }
            String back = TIERS[Math.min(TIERS.length - 1, t + 1)];
            egress.add(new NetpolRule(List.of(NetpolPeer.pods(NetpolSelector.ofLabels(Map.of("tier", back)))),
                    List.of(NetpolPort.named(NetpolProtocol.TCP, "http"))));
            if (rnd.nextInt(4) == 0) {
                int a = 1 + rnd.nextInt(200);
                NetpolIpBlock block = new NetpolIpBlock(NetpolCidr.parse(a + ".0.0.0/8"),
                        List.of(NetpolCidr.parse(a + "." + rnd.nextInt(256) + ".0.0/16")));
                egress.add(new NetpolRule(List.of(NetpolPeer.ipBlock(block)),
                        List.of(NetpolPort.of(NetpolProtocol.TCP, 443))));
            }
            policies.add(new NetpolPolicy(ns, "allow-" + p, target, EnumSet.allOf(NetpolDirection.class), ingress, egress));
        }
        return new NetpolCluster(namespaces, workloads, List.of(), policies);
    }

    /**
     * Builds the reachability model.
     *
     * @return the analysis
     */
    @Benchmark
    public NetworkPolicyAnalysis analyze() {
        return analyzer.analyze(cluster);
    }

    /**
     * Builds the model and lists every allowed connection.
     *
     * @return the number of connections
     */
    @Benchmark
    public int analyzeAndListConnections() {
        return analyzer.analyze(cluster).connections().size();
    }

    /**
     * The naive baseline: for 100 sources and every destination, re-evaluate every policy for TCP 8080.
     *
     * @return the number of allowed pairs
     */
    @Benchmark
    public int naivePairwiseBaseline() {
        List<NetpolWorkload> ws = cluster.workloads();
        Map<String, NetpolNamespace> nsByName = new java.util.HashMap<>();
        cluster.namespaces().forEach(n -> nsByName.put(n.name(), n));
        int allowed = 0;
        for (int s = 0; s < 100; s++) {
            for (NetpolWorkload d : ws) {
                if (naiveSide(ws.get(s), d, NetpolDirection.EGRESS, nsByName)
                        && naiveSide(d, ws.get(s), NetpolDirection.INGRESS, nsByName)) {
                    allowed++;
                }
            }
        }
        return allowed;
    }

    private boolean naiveSide(NetpolWorkload self, NetpolWorkload other, NetpolDirection dir,
                              Map<String, NetpolNamespace> nsByName) {
        boolean isolated = false;
        for (NetpolPolicy p : cluster.policies()) {
            if (!p.namespace().equals(self.namespace()) || !p.podSelector().matches(self.labels()) || !p.isolates(dir)) {
                continue;
            }
            isolated = true;
            NetpolWorkload dst = dir == NetpolDirection.EGRESS ? other : self;
            for (NetpolRule r : p.rules(dir)) {
                boolean peer = r.peers().isEmpty();
                for (NetpolPeer pe : r.peers()) {
                    if (pe.ipBlock().isPresent()) {
                        continue;
                    }
                    boolean nsOk = pe.namespaceSelector().isPresent()
                            ? pe.namespaceSelector().get().matches(nsByName.get(other.namespace()).labels())
                            : other.namespace().equals(p.namespace());
                    peer |= nsOk && pe.podSelector().map(ps -> ps.matches(other.labels())).orElse(true);
                }
                if (!peer) {
                    continue;
                }
                boolean port = r.ports().isEmpty();
                for (NetpolPort pt : r.ports()) {
                    if (pt.name().isPresent()) {
                        port |= dst.ports().stream().anyMatch(c -> c.name().equals(pt.name()) && c.port() == 8080);
                    } else {
                        port |= pt.protocol() == NetpolProtocol.TCP && pt.first() <= 8080 && 8080 <= pt.last();
                    }
                }
                if (port) {
                    return true;
                }
            }
        }
        return !isolated;
    }
}
