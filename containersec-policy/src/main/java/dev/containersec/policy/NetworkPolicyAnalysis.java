package dev.containersec.policy;

import dev.containersec.api.InvalidInputException;
import dev.containersec.policy.internal.netpol.Reachability;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of analysing a cluster's NetworkPolicies: the allowed connections (as a list, a matrix and a
 * Graphviz graph), explanations of single connections, findings, and per-workload facts for policy rules.
 *
 * <p>Semantics: a connection is allowed when the source's egress and the destination's ingress both allow
 * it. A side is unrestricted unless some policy selects its pod with that direction in {@code policyTypes};
 * then it is the union of the rules of all such policies. Connections of a workload with itself (between
 * its replicas) are left out of {@link #connections()} and {@link #matrix()} but can be asked for with
 * {@link #explain}. External addresses are split into ranges, see {@link NetpolEndpoint}.
 *
 * <p>Immutable and thread-safe. {@link #connections()}, {@link #matrix()}, {@link #toDot()} and
 * {@link #workloadFacts()} are computed on each call from the precomputed model, in time proportional to
 * the square of the number of endpoints.
 */
public final class NetworkPolicyAnalysis {

    private final Reachability model;
    private final List<NetpolFinding> findings;

    NetworkPolicyAnalysis(Reachability model) {
        this.model = model;
        this.findings = model.findings();
    }

    /**
     * Returns the analysed objects.
     *
     * @return the cluster
     */
    public NetpolCluster cluster() {
        return model.cluster();
    }

    /**
     * Returns every allowed connection between different endpoints, one per protocol and contiguous port range,
     * ordered by source, destination, protocol and port; "any port" of a protocol is the range 1-65535.
     *
     * @return the connections
     */
    public List<NetpolConnection> connections() {
        return model.connections();
    }

    /**
     * Returns the allowed connections as a matrix over all endpoints.
     *
     * @return the matrix
     */
    public NetpolMatrix matrix() {
        return model.matrix();
    }

    /**
     * Returns the allowed connections as a Graphviz digraph.
     *
     * @return the dot text
     */
    public String toDot() {
        return model.toDot();
    }

    /**
     * Returns the external address ranges the analysis distinguishes.
     *
     * @return the ranges, IPv4 first
     */
    public List<NetpolEndpoint> externalRanges() {
        return model.externalRanges();
    }

    /**
     * Explains whether a connection is allowed, naming the policies and rules that allow it or why it is
     * denied.
     *
     * @param source a workload ({@code namespace/name}; a bare name means namespace {@code default}) or an
     *     IP address
     * @param destination a workload or an IP address
     * @param port the destination port
     * @param protocol the protocol
     * @return the explanation
     * @throws InvalidInputException if a name is neither a known workload nor an IP address, or the port is
     *     outside 1-65535
     */
    public NetpolExplanation explain(String source, String destination, int port, NetpolProtocol protocol) {
        return model.explain(source, destination, port, protocol);
    }

    /**
     * Explains a connection given as the CLI writes it: {@code DST:PORT} or {@code DST:PORT/PROTOCOL} (TCP by
     * default); an IPv6 destination is written in brackets, {@code [2001:db8::1]:443}.
     *
     * @param source the source, as for {@link #explain(String, String, int, NetpolProtocol)}
     * @param destinationAndPort the destination and port
     * @return the explanation
     * @throws InvalidInputException if the text has no port or names nothing known
     */
    public NetpolExplanation explain(String source, String destinationAndPort) {
        String t = destinationAndPort.trim();
        NetpolProtocol protocol = NetpolProtocol.TCP;
        int slash = t.lastIndexOf('/');
        int colon = t.lastIndexOf(':');
        if (slash > colon && colon > 0) {
            protocol = NetpolProtocol.parse(t.substring(slash + 1));
            t = t.substring(0, slash);
        }
        colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1 || !t.substring(colon + 1).chars().allMatch(Character::isDigit)
                || t.length() - colon > 6) {
            throw new InvalidInputException(destinationAndPort, "expected DESTINATION:PORT[/PROTOCOL]");
        }
        String dst = t.substring(0, colon);
        if (dst.startsWith("[") && dst.endsWith("]")) {
            dst = dst.substring(1, dst.length() - 1);
        }
        return explain(source, dst, Integer.parseInt(t.substring(colon + 1)), protocol);
    }

    /**
     * Tells whether a connection is allowed.
     *
     * @param source a workload or IP address
     * @param destination a workload or IP address
     * @param port the port
     * @param protocol the protocol
     * @return true if both the source's egress and the destination's ingress allow it
     * @throws InvalidInputException as {@link #explain(String, String, int, NetpolProtocol)}
     */
    public boolean isAllowed(String source, String destination, int port, NetpolProtocol protocol) {
        if (port < NetpolPort.MIN_PORT || port > NetpolPort.MAX_PORT) {
            throw new InvalidInputException("port", port + " is not within 1-65535");
        }
        return model.allowed(model.resolve(source), model.resolve(destination)).contains(protocol, port);
    }

    /**
     * Returns the findings, ordered by kind then subject.
     *
     * @return the findings
     */
    public List<NetpolFinding> findings() {
        return findings;
    }

    /**
     * Returns what the analysis learnt about each workload.
     *
     * @return facts keyed by {@code namespace/name}, in identifier order
     */
    public Map<String, NetpolWorkloadFacts> workloadFacts() {
        return model.facts();
    }

    /**
     * Returns {@link #workloadFacts()} as plain maps (strings, booleans, lists of strings), the shape policy
     * rules (CEL) take as input.
     *
     * @return an unmodifiable map from {@code namespace/name} to that workload's {@link NetpolWorkloadFacts#asMap()}
     */
    public Map<String, Map<String, Object>> facts() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        model.facts().forEach((k, v) -> out.put(k, v.asMap()));
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * Returns the whole result as plain maps and lists, the document {@code netpol analyze --format json}
     * prints: {@code connections} (each {@link NetpolConnection#asMap()}), {@code findings} (each with
     * {@code kind}, {@code subject}, {@code message}) and {@code workloads} ({@link #facts()}).
     *
     * @return an unmodifiable map
     */
    public Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connections", connections().stream().map(NetpolConnection::asMap).toList());
        out.put("findings", findings.stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", f.kind().name());
            m.put("subject", f.subject());
            m.put("message", f.message());
            return java.util.Collections.unmodifiableMap(m);
        }).toList());
        out.put("workloads", facts());
        return java.util.Collections.unmodifiableMap(out);
    }
}
