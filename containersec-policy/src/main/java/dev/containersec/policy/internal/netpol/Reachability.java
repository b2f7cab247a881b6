package dev.containersec.policy.internal.netpol;

import dev.containersec.api.InvalidInputException;
import dev.containersec.policy.NetpolCidr;
import dev.containersec.policy.NetpolCluster;
import dev.containersec.policy.NetpolConnection;
import dev.containersec.policy.NetpolContainerPort;
import dev.containersec.policy.NetpolDirection;
import dev.containersec.policy.NetpolEndpoint;
import dev.containersec.policy.NetpolExplanation;
import dev.containersec.policy.NetpolFinding;
import dev.containersec.policy.NetpolMatrix;
import dev.containersec.policy.NetpolNamespace;
import dev.containersec.policy.NetpolPeer;
import dev.containersec.policy.NetpolPolicy;
import dev.containersec.policy.NetpolPort;
import dev.containersec.policy.NetpolProtocol;
import dev.containersec.policy.NetpolRule;
import dev.containersec.policy.NetpolSelector;
import dev.containersec.policy.NetpolWorkload;
import dev.containersec.policy.NetpolWorkloadFacts;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The reachability model of a cluster. Construction precomputes, for every policy, the workloads it selects
 * and, for every rule, the workloads and external ranges its peers match; then, per isolated workload, the
 * ports allowed to or from every other endpoint. A pair's allowed ports are the intersection of the source's
 * egress row and the destination's ingress row, an O(1) look-up.
 *
 * <p>Endpoints are numbered: workloads {@code 0..W-1} in identifier order, then external ranges
 * {@code W..W+E-1}. Immutable after construction and safe to share between threads.
 */
public final class Reachability {

    private final NetpolCluster cluster;
    private final List<NetpolWorkload> workloads;
    private final Map<String, Integer> workloadIndex = new HashMap<>();
    private final ExternalSpace external;
    private final NetpolEndpoint[] endpoints;
    private final List<CompiledPolicy> policies = new ArrayList<>();
    /** Per workload: the ports allowed in from each endpoint, or null when not isolated for ingress. */
    private final PortSet[][] ingress;
    /** Per workload: the ports allowed out to each endpoint, or null when not isolated for egress. */
    private final PortSet[][] egress;
    private final List<NetpolFinding> findings = new ArrayList<>();

    /** A rule with its peers resolved. */
    private static final class CompiledRule {
        final CompiledPolicy policy;
        final NetpolDirection direction;
        final int index;
        final NetpolRule rule;
        final boolean allPeers;
        final BitSet peerSet;
        final List<BitSet> perPeer;
        final PortSet staticPorts;
        final List<NetpolPort> named;

        CompiledRule(CompiledPolicy policy, NetpolDirection direction, int index, NetpolRule rule, boolean allPeers,
                     BitSet peerSet, List<BitSet> perPeer) {
            this.policy = policy;
            this.direction = direction;
            this.index = index;
            this.rule = rule;
            this.allPeers = allPeers;
            this.peerSet = peerSet;
            this.perPeer = perPeer;
            PortSet ports = rule.ports().isEmpty() ? PortSet.ALL : PortSet.EMPTY;
            List<NetpolPort> names = new ArrayList<>();
            for (NetpolPort p : rule.ports()) {
                if (p.name().isPresent()) {
                    names.add(p);
                } else {
                    ports = ports.union(PortSet.of(p.protocol(), p.first(), p.last()));
                }
            }
            this.staticPorts = ports;
            this.named = List.copyOf(names);
        }

        /** The ports this rule allows when the pod resolving named ports is {@code w} (null: none, external). */
        PortSet portsFor(NetpolWorkload w) {
            if (named.isEmpty() || w == null) {
                return staticPorts;
            }
            PortSet ps = staticPorts;
            for (NetpolPort n : named) {
                for (NetpolContainerPort cp : w.ports()) {
                    if (cp.name().isPresent() && cp.name().get().equals(n.name().get())
                            && cp.protocol() == n.protocol()) {
                        ps = ps.union(PortSet.of(cp.protocol(), cp.port(), cp.port()));
                    }
                }
            }
            return ps;
        }

        boolean matches(int endpoint) {
            return allPeers || peerSet.get(endpoint);
        }

        String ref() {
            return policy.policy.id() + " " + (direction == NetpolDirection.INGRESS ? "ingress[" : "egress[") + index + "]";
        }
    }

    private static final class CompiledPolicy {
        final NetpolPolicy policy;
        final BitSet selected;
        final List<CompiledRule> ingressRules = new ArrayList<>();
        final List<CompiledRule> egressRules = new ArrayList<>();

        CompiledPolicy(NetpolPolicy policy, BitSet selected) {
            this.policy = policy;
            this.selected = selected;
        }
    }

    private record PeerKey(Optional<NetpolSelector> ns, Optional<NetpolSelector> pods, String policyNamespace) {
    }

    /**
     * Builds the model.
     *
     * @param cluster the objects to analyse
     */
    public Reachability(NetpolCluster cluster) {
        this.cluster = cluster;
        this.workloads = cluster.workloads();
        int w = workloads.size();
        for (int i = 0; i < w; i++) {
            workloadIndex.put(workloads.get(i).id(), i);
        }
        List<NetpolCidr> cidrs = new ArrayList<>();
        for (NetpolPolicy p : cluster.policies()) {
            for (NetpolRule r : concat(p.ingress(), p.egress())) {
                for (NetpolPeer peer : r.peers()) {
                    peer.ipBlock().ifPresent(b -> {
                        cidrs.add(b.cidr());
                        cidrs.addAll(b.except());
                    });
                }
            }
        }
        external = new ExternalSpace(cidrs);
        endpoints = new NetpolEndpoint[w + external.size()];
        for (int i = 0; i < w; i++) {
            endpoints[i] = NetpolEndpoint.workload(workloads.get(i).id());
        }
        for (int i = 0; i < external.size(); i++) {
            endpoints[w + i] = external.endpoint(i);
        }

        Map<String, BitSet> byNamespace = new HashMap<>();
        for (int i = 0; i < w; i++) {
            byNamespace.computeIfAbsent(workloads.get(i).namespace(), k -> new BitSet(w)).set(i);
        }
        Map<PeerKey, BitSet> peerCache = new HashMap<>();
        for (NetpolPolicy p : cluster.policies()) {
            BitSet selected = select(byNamespace.getOrDefault(p.namespace(), new BitSet()), p.podSelector());
            CompiledPolicy cp = new CompiledPolicy(p, selected);
            for (NetpolDirection dir : NetpolDirection.values()) {
                List<NetpolRule> rules = p.rules(dir);
                for (int ri = 0; ri < rules.size(); ri++) {
                    NetpolRule r = rules.get(ri);
                    BitSet all = new BitSet(endpoints.length);
                    List<BitSet> perPeer = new ArrayList<>();
                    for (NetpolPeer peer : r.peers()) {
                        BitSet m;
                        if (peer.ipBlock().isPresent()) {
                            BitSet ext = external.of(peer.ipBlock().get());
                            m = new BitSet(endpoints.length);
                            for (int e = ext.nextSetBit(0); e >= 0; e = ext.nextSetBit(e + 1)) {
                                m.set(w + e);
                            }
                        } else {
                            PeerKey key = new PeerKey(peer.namespaceSelector(), peer.podSelector(),
                                    peer.namespaceSelector().isPresent() ? "" : p.namespace());
                            m = peerCache.computeIfAbsent(key, k -> matchPeer(k, byNamespace));
                        }
                        perPeer.add(m);
                        all.or(m);
                    }
                    CompiledRule cr = new CompiledRule(cp, dir, ri, r, r.peers().isEmpty(), all, perPeer);
                    (dir == NetpolDirection.INGRESS ? cp.ingressRules : cp.egressRules).add(cr);
                }
            }
            policies.add(cp);
        }

        ingress = new PortSet[w][];
        egress = new PortSet[w][];
        for (CompiledPolicy cp : policies) {
            for (int s = cp.selected.nextSetBit(0); s >= 0; s = cp.selected.nextSetBit(s + 1)) {
                if (cp.policy.isolates(NetpolDirection.INGRESS)) {
                    PortSet[] row = ingress[s] == null ? (ingress[s] = new PortSet[endpoints.length]) : ingress[s];
                    for (CompiledRule r : cp.ingressRules) {
                        addRow(row, r, r.portsFor(workloads.get(s)), false);
                    }
                }
                if (cp.policy.isolates(NetpolDirection.EGRESS)) {
                    PortSet[] row = egress[s] == null ? (egress[s] = new PortSet[endpoints.length]) : egress[s];
                    for (CompiledRule r : cp.egressRules) {
                        addRow(row, r, r.staticPorts, !r.named.isEmpty());
                    }
                }
            }
        }
        computeFindings();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Unions a rule's ports into a row; named egress ports are resolved on each destination workload. */
    private void addRow(PortSet[] row, CompiledRule r, PortSet ports, boolean resolvePerDestination) {
        int w = workloads.size();
        if (!resolvePerDestination && ports.isEmpty()) {
            return;
        }
        if (r.allPeers) {
            for (int e = 0; e < row.length; e++) {
                PortSet p = resolvePerDestination ? r.portsFor(e < w ? workloads.get(e) : null) : ports;
                row[e] = row[e] == null ? p : row[e].union(p);
            }
            return;
        }
        for (int e = r.peerSet.nextSetBit(0); e >= 0; e = r.peerSet.nextSetBit(e + 1)) {
            PortSet p = resolvePerDestination ? r.portsFor(e < w ? workloads.get(e) : null) : ports;
            row[e] = row[e] == null ? p : row[e].union(p);
        }
    }

    private BitSet select(BitSet candidates, NetpolSelector selector) {
        if (selector.isEmpty()) {
            return (BitSet) candidates.clone();
        }
        BitSet out = new BitSet(workloads.size());
        for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
            if (selector.matches(workloads.get(i).labels())) {
                out.set(i);
            }
        }
        return out;
    }

    private BitSet matchPeer(PeerKey key, Map<String, BitSet> byNamespace) {
        BitSet candidates = new BitSet(workloads.size());
        if (key.ns().isPresent()) {
            for (NetpolNamespace n : cluster.namespaces()) {
                if (key.ns().get().matches(n.labels())) {
                    BitSet b = byNamespace.get(n.name());
                    if (b != null) {
                        candidates.or(b);
                    }
                }
            }
        } else {
            BitSet b = byNamespace.get(key.policyNamespace());
            if (b != null) {
                candidates.or(b);
            }
        }
        return key.pods().isPresent() ? select(candidates, key.pods().get()) : candidates;
    }

    // ---- queries ----

    /**
     * Returns the analysed cluster.
     *
     * @return the cluster
     */
    public NetpolCluster cluster() {
        return cluster;
    }

    /**
     * Returns the number of endpoints (workloads then external ranges).
     *
     * @return W + E
     */
    public int endpointCount() {
        return endpoints.length;
    }

    /**
     * Returns the number of workloads.
     *
     * @return W
     */
    public int workloadCount() {
        return workloads.size();
    }

    /**
     * Returns an endpoint by number.
     *
     * @param i the number
     * @return the endpoint
     */
    public NetpolEndpoint endpoint(int i) {
        return endpoints[i];
    }

    /**
     * Returns the external ranges.
     *
     * @return the ranges in address order, IPv4 first
     */
    public List<NetpolEndpoint> externalRanges() {
        List<NetpolEndpoint> out = new ArrayList<>();
        for (int i = 0; i < external.size(); i++) {
            out.add(external.endpoint(i));
        }
        return out;
    }

    /**
     * Returns the ports allowed from one endpoint to another.
     *
     * @param s the source number
     * @param d the destination number
     * @return the allowed ports (empty between two external ranges)
     */
    public PortSet allowed(int s, int d) {
        int w = workloads.size();
        if (s >= w && d >= w) {
            return PortSet.EMPTY;
        }
        PortSet e = s >= w || egress[s] == null ? PortSet.ALL : nz(egress[s][d]);
        if (e.isEmpty()) {
            return PortSet.EMPTY;
        }
        PortSet i = d >= w || ingress[d] == null ? PortSet.ALL : nz(ingress[d][s]);
        return e.intersect(i);
    }

    private static PortSet nz(PortSet p) {
        return p == null ? PortSet.EMPTY : p;
    }

    /**
     * Resolves a name to an endpoint number: {@code namespace/name} (or {@code name} in {@code default}) of a
     * workload, or an IP address or CIDR (the external range holding its first address).
     *
     * @param name the name
     * @return the number
     * @throws InvalidInputException if it names nothing known
     */
    public int resolve(String name) {
        String full = name.contains("/") && !NetpolCidr.isCidr(name) ? name : "default/" + name;
        Integer idx = workloadIndex.get(full);
        if (idx != null) {
            return idx;
        }
        if (NetpolCidr.isCidr(name)) {
            NetpolCidr c = NetpolCidr.parse(name);
            return workloads.size() + external.indexOf(c.isIpv6(), c.first());
        }
        throw new InvalidInputException(name, "is neither a workload (namespace/name) in the analysed manifests nor an IP address");
    }

    /**
     * Returns the endpoint numbers an end covers: one workload, or every external range inside a CIDR.
     *
     * @param end {@code namespace/name} or an IP/CIDR
     * @return inclusive {@code [from, to]}, or null for an unknown workload
     */
    public int[] endpointsOf(String end) {
        if (NetpolCidr.isCidr(end)) {
            NetpolCidr c = NetpolCidr.parse(end);
            int w = workloads.size();
            return new int[] {w + external.indexOf(c.isIpv6(), c.first()), w + external.indexOf(c.isIpv6(), c.last())};
        }
        Integer i = workloadIndex.get(end);
        return i == null ? null : new int[] {i, i};
    }

    /**
     * Returns every allowed connection between different endpoints, one per protocol and port range,
     * ordered by source, destination, protocol and port.
     *
     * @return the connections
     */
    public List<NetpolConnection> connections() {
        List<NetpolConnection> out = new ArrayList<>();
        for (int s = 0; s < endpoints.length; s++) {
            for (int d = 0; d < endpoints.length; d++) {
                if (s == d) {
                    continue;
                }
                PortSet ps = allowed(s, d);
                if (ps.isEmpty()) {
                    continue;
                }
                for (NetpolProtocol p : NetpolProtocol.values()) {
                    int[] r = ps.rangesOf(p);
                    for (int k = 0; k < r.length; k += 2) {
                        out.add(new NetpolConnection(endpoints[s], endpoints[d], p, r[k], r[k + 1]));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Returns the matrix of allowed ports.
     *
     * @return rows and columns over all endpoints
     */
    public NetpolMatrix matrix() {
        List<String> names = new ArrayList<>();
        for (NetpolEndpoint e : endpoints) {
            names.add(e.name());
        }
        List<List<String>> rows = new ArrayList<>();
        for (int s = 0; s < endpoints.length; s++) {
            List<String> row = new ArrayList<>(endpoints.length);
            for (int d = 0; d < endpoints.length; d++) {
                PortSet ps = s == d ? PortSet.EMPTY : allowed(s, d);
                row.add(ps.isEmpty() ? "" : ps.toString());
            }
            rows.add(row);
        }
        return new NetpolMatrix(names, names, rows);
    }

    /**
     * Renders the allowed connections as a Graphviz digraph: workloads grouped per namespace, external
     * ranges as boxes, one edge per connected pair labelled with the allowed ports.
     *
     * @return the dot text
     */
    public String toDot() {
        StringBuilder sb = new StringBuilder("digraph netpol {\n  rankdir=LR;\n  node [shape=ellipse];\n");
        Map<String, List<Integer>> byNs = new TreeMap<>();
        for (int i = 0; i < workloads.size(); i++) {
            byNs.computeIfAbsent(workloads.get(i).namespace(), k -> new ArrayList<>()).add(i);
        }
        int c = 0;
        for (Map.Entry<String, List<Integer>> e : byNs.entrySet()) {
            sb.append("  subgraph cluster_").append(c++).append(" {\n    label=").append(quote(e.getKey())).append(";\n");
            for (int i : e.getValue()) {
                sb.append("    ").append(quote(endpoints[i].name())).append(" [label=")
                        .append(quote(workloads.get(i).name())).append("];\n");
            }
            sb.append("  }\n");
        }
        StringBuilder edges = new StringBuilder();
        boolean[] used = new boolean[endpoints.length];
        for (int s = 0; s < endpoints.length; s++) {
            for (int d = 0; d < endpoints.length; d++) {
                if (s == d) {
                    continue;
                }
                PortSet ps = allowed(s, d);
                if (!ps.isEmpty()) {
                    used[s] = true;
                    used[d] = true;
                    edges.append("  ").append(quote(endpoints[s].name())).append(" -> ")
                            .append(quote(endpoints[d].name())).append(" [label=").append(quote(ps.toString()))
                            .append("];\n");
                }
            }
        }
        for (int i = workloads.size(); i < endpoints.length; i++) {
            if (used[i]) {
                sb.append("  ").append(quote(endpoints[i].name())).append(" [shape=box];\n");
            }
        }
        return sb.append(edges).append("}\n").toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    // ---- explain ----

    /**
     * Explains whether one connection is allowed.
     *
     * @param source the source name (see {@link #resolve})
     * @param destination the destination name
     * @param port the port
     * @param protocol the protocol
     * @return the explanation
     */
    public NetpolExplanation explain(String source, String destination, int port, NetpolProtocol protocol) {
        if (port < NetpolPort.MIN_PORT || port > NetpolPort.MAX_PORT) {
            throw new InvalidInputException("port", port + " is not within 1-65535");
        }
        int s = resolve(source);
        int d = resolve(destination);
        int w = workloads.size();
        String what = protocol + " " + port;
        List<String> eg = new ArrayList<>();
        List<String> in = new ArrayList<>();
        boolean egOk;
        boolean inOk;
        if (s >= w && d >= w) {
            String msg = "both ends are external addresses: the cluster's NetworkPolicies do not govern this traffic";
            return new NetpolExplanation(endpoints[s].name(), endpoints[d].name(), protocol, port, false,
                    List.of(msg), false, List.of(msg));
        }
        if (s >= w) {
            egOk = true;
            eg.add("source " + endpoints[s].name() + " is outside the cluster: no egress policy applies");
        } else {
            egOk = explainSide(NetpolDirection.EGRESS, s, d, protocol, port, what, eg);
        }
        if (d >= w) {
            inOk = true;
            in.add("destination " + endpoints[d].name() + " is outside the cluster: no ingress policy applies");
        } else {
            inOk = explainSide(NetpolDirection.INGRESS, d, s, protocol, port, what, in);
        }
        return new NetpolExplanation(endpoints[s].name(), endpoints[d].name(), protocol, port, egOk, eg, inOk, in);
    }

    private boolean explainSide(NetpolDirection dir, int self, int other, NetpolProtocol protocol, int port,
                                String what, List<String> reasons) {
        String selfName = endpoints[self].name();
        String otherName = endpoints[other].name();
        List<String> isolating = new ArrayList<>();
        List<String> nearMisses = new ArrayList<>();
        boolean ok = false;
        int w = workloads.size();
        for (CompiledPolicy cp : policies) {
            if (!cp.selected.get(self) || !cp.policy.isolates(dir)) {
                continue;
            }
            isolating.add(cp.policy.id());
            for (CompiledRule r : dir == NetpolDirection.INGRESS ? cp.ingressRules : cp.egressRules) {
                // Named ports are resolved on the destination pod: the selected pod for ingress, the peer for egress.
                NetpolWorkload resolveOn = dir == NetpolDirection.INGRESS ? workloads.get(self)
                        : other < w ? workloads.get(other) : null;
                PortSet ports = r.portsFor(resolveOn);
                if (!r.matches(other)) {
                    continue;
                }
                String peer = r.allPeers ? "any peer" : peerText(r, other);
                if (ports.contains(protocol, port)) {
                    ok = true;
                    reasons.add("allowed by " + r.ref() + " (" + peer + ", ports " + (ports.isAll() ? "all" : ports) + ")");
                } else {
                    nearMisses.add(r.ref() + " matches " + otherName + " (" + peer + ") but allows only "
                            + (ports.isEmpty() ? "no port (named port not defined on the destination)" : ports.toString()));
                }
            }
        }
        String dirName = dir == NetpolDirection.INGRESS ? "ingress" : "egress";
        if (isolating.isEmpty()) {
            reasons.add(dirName + " of " + selfName + " is not isolated: no NetworkPolicy selects it with policyType "
                    + dir.kubernetesName());
            return true;
        }
        if (!ok) {
            reasons.add(dirName + " of " + selfName + " is isolated by " + String.join(", ", isolating) + " and no "
                    + dirName + " rule allows " + what + (dir == NetpolDirection.INGRESS ? " from " : " to ") + otherName);
            nearMisses.forEach(m -> reasons.add("  " + m));
        }
        return ok;
    }

    private String peerText(CompiledRule r, int other) {
        List<NetpolPeer> peers = r.rule.peers();
        String field = r.direction == NetpolDirection.INGRESS ? "from" : "to";
        for (int i = 0; i < peers.size(); i++) {
            if (r.perPeer.get(i).get(other)) {
                return field + "[" + i + "]: " + peers.get(i);
            }
        }
        return field;
    }

    // ---- findings and facts ----

    /**
     * Returns the findings, ordered by kind then subject.
     *
     * @return the findings
     */
    public List<NetpolFinding> findings() {
        return List.copyOf(findings);
    }

    private void computeFindings() {
        List<NetpolFinding> out = new ArrayList<>();
        for (CompiledPolicy cp : policies) {
            if (cp.selected.isEmpty()) {
                out.add(new NetpolFinding(NetpolFinding.Kind.POLICY_SELECTS_NOTHING, cp.policy.id(),
                        "podSelector " + cp.policy.podSelector() + " matches no workload in namespace "
                                + cp.policy.namespace()));
            }
            for (CompiledRule r : concat(cp.ingressRules, cp.egressRules)) {
                List<NetpolPeer> peers = r.rule.peers();
                for (int i = 0; i < peers.size(); i++) {
                    if (peers.get(i).ipBlock().isEmpty() && r.perPeer.get(i).isEmpty()) {
                        out.add(new NetpolFinding(NetpolFinding.Kind.PEER_MATCHES_NOTHING,
                                r.ref() + (r.direction == NetpolDirection.INGRESS ? ".from[" : ".to[") + i + "]",
                                "peer " + peers.get(i) + " matches no workload"));
                    }
                }
            }
        }
        for (int i = 0; i < workloads.size(); i++) {
            String id = workloads.get(i).id();
            if (ingress[i] == null) {
                out.add(new NetpolFinding(NetpolFinding.Kind.INGRESS_NOT_ISOLATED, id,
                        "no NetworkPolicy selects it for Ingress: every source may connect on every port"));
            } else if (exposedToAllNamespaces(i)) {
                out.add(new NetpolFinding(NetpolFinding.Kind.EXPOSED_TO_ALL_NAMESPACES, id,
                        "an ingress rule admits every pod of every namespace"));
            }
            if (egress[i] == null) {
                out.add(new NetpolFinding(NetpolFinding.Kind.EGRESS_NOT_ISOLATED, id,
                        "no NetworkPolicy selects it for Egress: it may connect anywhere on every port"));
            }
            if (unrestrictedInternetEgress(i)) {
                out.add(new NetpolFinding(NetpolFinding.Kind.UNRESTRICTED_INTERNET_EGRESS, id,
                        "it may connect to every public IPv4 address on every TCP port"));
            }
            if (!dnsEgressAllowed(i)) {
                out.add(new NetpolFinding(NetpolFinding.Kind.DNS_EGRESS_BLOCKED, id,
                        "egress is isolated and no egress rule allows port 53 over UDP or TCP"));
            }
        }
        out.sort(java.util.Comparator.comparing(NetpolFinding::kind).thenComparing(NetpolFinding::subject));
        findings.addAll(out);
    }

    private List<CompiledRule> rulesSelecting(int i, NetpolDirection dir) {
        List<CompiledRule> out = new ArrayList<>();
        for (CompiledPolicy cp : policies) {
            if (cp.selected.get(i) && cp.policy.isolates(dir)) {
                out.addAll(dir == NetpolDirection.INGRESS ? cp.ingressRules : cp.egressRules);
            }
        }
        return out;
    }

    private boolean exposedToAllNamespaces(int i) {
        if (ingress[i] == null) {
            return true;
        }
        for (CompiledRule r : rulesSelecting(i, NetpolDirection.INGRESS)) {
            if (r.portsFor(workloads.get(i)).isEmpty()) {
                continue;
            }
            if (r.allPeers) {
                return true;
            }
            for (NetpolPeer p : r.rule.peers()) {
                if (p.namespaceSelector().isPresent() && p.namespaceSelector().get().isEmpty()
                        && (p.podSelector().isEmpty() || p.podSelector().get().isEmpty())) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean unrestrictedInternetEgress(int i) {
        if (egress[i] == null) {
            return true;
        }
        int w = workloads.size();
        for (int e = 0; e < external.v4Count(); e++) {
            if (!external.isPrivate(e) && !nz(egress[i][w + e]).containsAll(NetpolProtocol.TCP)) {
                return false;
            }
        }
        return true;
    }

    private boolean egressToInternet(int i) {
        int w = workloads.size();
        for (int e = 0; e < external.size(); e++) {
            if (!external.isPrivate(e) && !allowed(i, w + e).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private boolean dnsEgressAllowed(int i) {
        if (egress[i] == null) {
            return true;
        }
        for (CompiledRule r : rulesSelecting(i, NetpolDirection.EGRESS)) {
            if (r.staticPorts.contains(NetpolProtocol.UDP, 53) || r.staticPorts.contains(NetpolProtocol.TCP, 53)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the facts of every workload, keyed by {@code namespace/name}.
     *
     * @return the facts, in identifier order
     */
    public Map<String, NetpolWorkloadFacts> facts() {
        Map<String, List<String>> findingKinds = new HashMap<>();
        for (NetpolFinding f : findings) {
            findingKinds.computeIfAbsent(f.subject(), k -> new ArrayList<>()).add(f.kind().name());
        }
        Map<String, NetpolWorkloadFacts> out = new java.util.LinkedHashMap<>();
        int w = workloads.size();
        for (int i = 0; i < w; i++) {
            List<String> from = new ArrayList<>();
            List<String> to = new ArrayList<>();
            boolean fromExternal = false;
            for (int e = 0; e < endpoints.length; e++) {
                if (e == i) {
                    continue;
                }
                if (!allowed(e, i).isEmpty()) {
                    from.add(endpoints[e].name());
                    fromExternal |= e >= w;
                }
                if (!allowed(i, e).isEmpty()) {
                    to.add(endpoints[e].name());
                }
            }
            List<String> inPolicies = new ArrayList<>();
            List<String> outPolicies = new ArrayList<>();
            for (CompiledPolicy cp : policies) {
                if (cp.selected.get(i)) {
                    if (cp.policy.isolates(NetpolDirection.INGRESS)) {
                        inPolicies.add(cp.policy.id());
                    }
                    if (cp.policy.isolates(NetpolDirection.EGRESS)) {
                        outPolicies.add(cp.policy.id());
                    }
                }
            }
            String id = workloads.get(i).id();
            out.put(id, new NetpolWorkloadFacts(id, ingress[i] != null, egress[i] != null, exposedToAllNamespaces(i),
                    fromExternal, egressToInternet(i), unrestrictedInternetEgress(i), dnsEgressAllowed(i), inPolicies,
                    outPolicies, from, to, findingKinds.getOrDefault(id, List.of())));
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
