package dev.containersec.policy.internal.netpol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.containersec.api.ContainerSecException;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import dev.containersec.policy.Flow;
import dev.containersec.policy.NetpolCidr;
import dev.containersec.policy.NetpolCluster;
import dev.containersec.policy.NetpolConnection;
import dev.containersec.policy.NetpolDirection;
import dev.containersec.policy.NetpolGeneratedPolicy;
import dev.containersec.policy.NetpolIpBlock;
import dev.containersec.policy.NetpolNamespace;
import dev.containersec.policy.NetpolPeer;
import dev.containersec.policy.NetpolPolicy;
import dev.containersec.policy.NetpolPort;
import dev.containersec.policy.NetpolProtocol;
import dev.containersec.policy.NetpolRule;
import dev.containersec.policy.NetpolSelector;
import dev.containersec.policy.NetpolWorkload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Generates least-privilege NetworkPolicies from observed flows and checks them. Per namespace holding a
 * workload of the flows: {@code default-deny-all} (isolates every pod both ways) and {@code allow-dns-egress}
 * (UDP and TCP 53 to {@code k8s-app=kube-dns} in {@code kube-system}); per workload: {@code allow-NAME} with
 * one ingress rule per group of sources sharing the same ports and one egress rule per group of destinations
 * likewise.
 */
public final class FlowSynthesizer {

    /** The label selecting workloads in a cluster synthesised from flows alone. */
    public static final String NAME_LABEL = "app.kubernetes.io/name";
    private static final String DNS_NAMESPACE = "kube-system";
    private static final Map<String, String> DNS_POD = Map.of("k8s-app", "kube-dns");
    private static final int MAX_REPORTED = 200;

    private final ScanLimits limits;
    private final ObjectMapper yaml;

    /**
     * Creates a synthesizer.
     *
     * @param limits bounds used when the generated YAML is read back
     */
    public FlowSynthesizer(ScanLimits limits) {
        this.limits = limits;
        this.yaml = new ObjectMapper(YAMLFactory.builder().enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());
    }

    /** What {@link #generate} produces. */
    public record Outcome(List<NetpolGeneratedPolicy> policies, Reachability proof, List<String> missing,
                          List<String> unexpected) {
    }

    /**
     * Builds a cluster holding one workload per named flow end, labelled {@value #NAME_LABEL}=name.
     *
     * @param flows the flows
     * @return the cluster
     */
    public static NetpolCluster syntheticCluster(List<Flow> flows) {
        Map<String, NetpolWorkload> ws = new TreeMap<>();
        for (Flow f : flows) {
            for (String end : List.of(f.source(), f.destination())) {
                if (!NetpolCidr.isCidr(end)) {
                    String[] nn = end.split("/", 2);
                    ws.computeIfAbsent(end, k -> NetpolWorkload.of(nn[0], nn[1], Map.of(NAME_LABEL, nn[1])));
                }
            }
        }
        return NetpolCluster.of(new ArrayList<>(ws.values()), List.of());
    }

    /**
     * Generates and verifies policies.
     *
     * @param flows the observed flows
     * @param cluster the workloads (their pod labels are used as selectors); existing policies are ignored
     * @return the policies and the proof
     * @throws InvalidInputException if a flow names a workload the cluster does not hold, or one without labels
     */
    public Outcome generate(List<Flow> flows, NetpolCluster cluster) {
        Map<String, NetpolWorkload> byId = new TreeMap<>();
        cluster.workloads().forEach(w -> byId.put(w.id(), w));
        Set<String> namespaces = new TreeSet<>();
        Set<String> involved = new TreeSet<>();
        for (Flow f : flows) {
            for (String end : List.of(f.source(), f.destination())) {
                if (NetpolCidr.isCidr(end)) {
                    continue;
                }
                NetpolWorkload w = byId.get(end);
                if (w == null) {
                    throw new InvalidInputException("flow " + f, "workload " + end + " is not in the manifests");
                }
                if (w.labels().isEmpty()) {
                    throw new InvalidInputException("flow " + f, "workload " + end
                            + " has no pod labels, so no policy can select it");
                }
                namespaces.add(w.namespace());
                involved.add(end);
            }
        }
        List<NetpolPolicy> policies = new ArrayList<>();
        for (String ns : namespaces) {
            policies.add(new NetpolPolicy(ns, "default-deny-all", NetpolSelector.all(),
                    EnumSet.of(NetpolDirection.INGRESS, NetpolDirection.EGRESS), List.of(), List.of()));
            NetpolPeer dns = NetpolPeer.podsInNamespaces(
                    NetpolSelector.ofLabels(Map.of(NetpolNamespace.NAME_LABEL, DNS_NAMESPACE)),
                    NetpolSelector.ofLabels(DNS_POD));
            policies.add(new NetpolPolicy(ns, "allow-dns-egress", NetpolSelector.all(),
                    EnumSet.of(NetpolDirection.EGRESS), List.of(),
                    List.of(new NetpolRule(List.of(dns), List.of(NetpolPort.of(NetpolProtocol.UDP, 53),
                            NetpolPort.of(NetpolProtocol.TCP, 53))))));
        }
        for (String id : involved) {
            NetpolWorkload w = byId.get(id);
            // peer key -> ports, per direction
            Map<String, TreeSet<Long>> in = new TreeMap<>();
            Map<String, TreeSet<Long>> out = new TreeMap<>();
            for (Flow f : flows) {
                long port = ((long) f.protocol().ordinal() << 32) | f.port();
                if (f.destination().equals(id)) {
                    in.computeIfAbsent(f.source(), k -> new TreeSet<>()).add(port);
                }
                if (f.source().equals(id)) {
                    out.computeIfAbsent(f.destination(), k -> new TreeSet<>()).add(port);
                }
            }
            List<NetpolRule> ingress = rules(in, w, byId);
            List<NetpolRule> egress = rules(out, w, byId);
            Set<NetpolDirection> types = EnumSet.noneOf(NetpolDirection.class);
            if (!ingress.isEmpty()) {
                types.add(NetpolDirection.INGRESS);
            }
            if (!egress.isEmpty()) {
                types.add(NetpolDirection.EGRESS);
            }
            String name = "allow-" + w.name();
            policies.add(new NetpolPolicy(w.namespace(), name.length() > 253 ? name.substring(0, 253) : name,
                    NetpolSelector.ofLabels(w.labels()), types, ingress, egress));
        }
        policies.sort(java.util.Comparator.comparing(NetpolPolicy::namespace).thenComparing(NetpolPolicy::name));
        List<NetpolGeneratedPolicy> generated = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (NetpolPolicy p : policies) {
            String text = toYaml(p);
            generated.add(new NetpolGeneratedPolicy(p, text));
            all.append(text.startsWith("---") ? "" : "---\n").append(text);
        }
        // The proof reads the YAML back, so it checks the text a user applies, not only the values.
        NetpolCluster parsed = new ManifestReader(limits).read("generated policies",
                all.toString().getBytes(StandardCharsets.UTF_8));
        Reachability proof = new Reachability(cluster.withPolicies(parsed.policies()));
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        verify(flows, cluster, namespaces, proof, missing, unexpected);
        return new Outcome(generated, proof, missing, unexpected);
    }

    private static List<NetpolRule> rules(Map<String, TreeSet<Long>> byPeer, NetpolWorkload self,
                                          Map<String, NetpolWorkload> byId) {
        Map<TreeSet<Long>, List<NetpolPeer>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, TreeSet<Long>> e : byPeer.entrySet()) {
            groups.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(peer(e.getKey(), self, byId));
        }
        List<NetpolRule> rules = new ArrayList<>();
        groups.forEach((ports, peers) -> rules.add(new NetpolRule(peers, portList(ports))));
        return rules;
    }

    private static NetpolPeer peer(String end, NetpolWorkload self, Map<String, NetpolWorkload> byId) {
        if (NetpolCidr.isCidr(end)) {
            return NetpolPeer.ipBlock(new NetpolIpBlock(NetpolCidr.parse(end), List.of()));
        }
        NetpolWorkload other = byId.get(end);
        NetpolSelector pods = NetpolSelector.ofLabels(other.labels());
        if (other.namespace().equals(self.namespace())) {
            return NetpolPeer.pods(pods);
        }
        return NetpolPeer.podsInNamespaces(
                NetpolSelector.ofLabels(Map.of(NetpolNamespace.NAME_LABEL, other.namespace())), pods);
    }

    /** Consecutive ports of one protocol become one port/endPort range. */
    private static List<NetpolPort> portList(TreeSet<Long> ports) {
        List<NetpolPort> out = new ArrayList<>();
        int proto = -1;
        int lo = 0;
        int hi = 0;
        for (long p : ports) {
            int pr = (int) (p >>> 32);
            int port = (int) p;
            if (pr == proto && port == hi + 1) {
                hi = port;
                continue;
            }
            if (proto >= 0) {
                out.add(NetpolPort.range(NetpolProtocol.values()[proto], lo, hi));
            }
            proto = pr;
            lo = port;
            hi = port;
        }
        if (proto >= 0) {
            out.add(NetpolPort.range(NetpolProtocol.values()[proto], lo, hi));
        }
        return out;
    }

    // ---- YAML ----

    private String toYaml(NetpolPolicy p) {
        ObjectNode root = yaml.createObjectNode();
        root.put("apiVersion", "networking.k8s.io/v1");
        root.put("kind", "NetworkPolicy");
        ObjectNode meta = root.putObject("metadata");
        meta.put("name", p.name());
        meta.put("namespace", p.namespace());
        meta.putObject("labels").put("app.kubernetes.io/managed-by", "containersec");
        ObjectNode spec = root.putObject("spec");
        spec.set("podSelector", selector(p.podSelector()));
        ArrayNode types = spec.putArray("policyTypes");
        p.policyTypes().forEach(t -> types.add(t.kubernetesName()));
        if (p.isolates(NetpolDirection.INGRESS)) {
            spec.set("ingress", rulesNode(p.ingress(), "from"));
        }
        if (p.isolates(NetpolDirection.EGRESS)) {
            spec.set("egress", rulesNode(p.egress(), "to"));
        }
        try {
            return yaml.writeValueAsString(root);
        } catch (Exception e) {
            throw new ContainerSecException("cannot write policy " + p.id() + " as YAML", e);
        }
    }

    private ArrayNode rulesNode(List<NetpolRule> rules, String peerField) {
        ArrayNode arr = yaml.createArrayNode();
        for (NetpolRule r : rules) {
            ObjectNode rn = arr.addObject();
            ArrayNode peers = rn.putArray(peerField);
            for (NetpolPeer peer : r.peers()) {
                ObjectNode pn = peers.addObject();
                peer.namespaceSelector().ifPresent(s -> pn.set("namespaceSelector", selector(s)));
                peer.podSelector().ifPresent(s -> pn.set("podSelector", selector(s)));
                peer.ipBlock().ifPresent(b -> pn.putObject("ipBlock").put("cidr", b.cidr().toString()));
            }
            ArrayNode ports = rn.putArray("ports");
            for (NetpolPort port : r.ports()) {
                ObjectNode po = ports.addObject();
                po.put("protocol", port.protocol().name());
                po.put("port", port.first());
                if (port.last() != port.first()) {
                    po.put("endPort", port.last());
                }
            }
        }
        return arr;
    }

    private JsonNode selector(NetpolSelector s) {
        ObjectNode n = yaml.createObjectNode();
        if (!s.matchLabels().isEmpty()) {
            ObjectNode ml = n.putObject("matchLabels");
            s.matchLabels().forEach(ml::put);
        }
        return n;
    }

    // ---- proof ----

    private static long key(int s, int d, NetpolProtocol p, int port, int n) {
        return (((long) s * n + d) * 3 + p.ordinal()) * 65536L + port;
    }

    private static void verify(List<Flow> flows, NetpolCluster cluster, Set<String> namespaces, Reachability proof,
                               List<String> missing, List<String> unexpected) {
        int n = proof.endpointCount();
        int w = proof.workloadCount();
        Set<Long> expected = new HashSet<>();
        for (Flow f : flows) {
            int[] s = proof.endpointsOf(f.source());
            int[] d = proof.endpointsOf(f.destination());
            boolean ok = true;
            for (int i = s[0]; i <= s[1]; i++) {
                for (int j = d[0]; j <= d[1]; j++) {
                    expected.add(key(i, j, f.protocol(), f.port(), n));
                    ok &= proof.allowed(i, j).contains(f.protocol(), f.port());
                }
            }
            if (!ok) {
                report(missing, "flow " + f + " is not allowed");
            }
        }
        NetpolSelector dnsPods = NetpolSelector.ofLabels(DNS_POD);
        for (int d = 0; d < w; d++) {
            NetpolWorkload dw = cluster.workloads().get(d);
            if (!dw.namespace().equals(DNS_NAMESPACE) || !dnsPods.matches(dw.labels())
                    || namespaces.contains(DNS_NAMESPACE)) {
                continue;
            }
            for (int s = 0; s < w; s++) {
                if (s == d || !namespaces.contains(cluster.workloads().get(s).namespace())) {
                    continue;
                }
                for (NetpolProtocol p : List.of(NetpolProtocol.UDP, NetpolProtocol.TCP)) {
                    expected.add(key(s, d, p, 53, n));
                    if (!proof.allowed(s, d).contains(p, 53)) {
                        report(missing, "DNS " + proof.endpoint(s) + " => " + dw.id() + " " + p + " 53 is not allowed");
                    }
                }
            }
        }
        for (NetpolConnection c : proof.connections()) {
            boolean touches = c.source().isWorkload() && namespaces.contains(ns(c.source().name()))
                    || c.destination().isWorkload() && namespaces.contains(ns(c.destination().name()));
            if (!touches) {
                continue;
            }
            int s = proof.endpointsOf(endpointKey(c.source()))[0];
            int d = proof.endpointsOf(endpointKey(c.destination()))[0];
            for (int port = c.firstPort(); port <= c.lastPort(); port++) {
                if (!expected.contains(key(s, d, c.protocol(), port, n))) {
                    report(unexpected, c + " is allowed but was not observed (first extra port " + port + ")");
                    break;
                }
            }
        }
    }

    private static String endpointKey(dev.containersec.policy.NetpolEndpoint e) {
        return e.isWorkload() ? e.name() : e.cidrs().get(0).toString();
    }

    private static String ns(String id) {
        return id.substring(0, id.indexOf('/'));
    }

    private static void report(List<String> into, String line) {
        if (into.size() < MAX_REPORTED) {
            into.add(line);
        }
    }
}
