package dev.containersec.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the analysis over generated clusters.
 *
 * <p>Note: the literal statement "adding a policy never widens an isolated pod's allowed set" is false under
 * Kubernetes semantics (allows are unioned, so a new policy selecting an isolated pod adds to what it allows).
 * What holds, and is checked here, is: a new policy never widens the allowed traffic of a pod it does not
 * select, and a new policy without rules never widens anything.
 */
class NetworkPolicyPropertiesTest {

    private static final List<String> NAMESPACES = List.of("a", "b", "c");
    private static final List<String> APPS = List.of("web", "api", "db", "cache");

    @Provide
    Arbitrary<NetpolCluster> clusters() {
        Arbitrary<NetpolWorkload> workload = Combinators.combine(
                Arbitraries.of(NAMESPACES), Arbitraries.of(APPS), Arbitraries.of("1", "2"),
                Arbitraries.of(8080, 5432, 6379)).as((ns, app, v, port) -> new NetpolWorkload(ns, app + "-" + v,
                "Deployment", Map.of("app", app, "v", v), List.of(NetpolContainerPort.tcp("svc", port))));
        Arbitrary<List<NetpolWorkload>> workloads = workload.list().ofMinSize(2).ofMaxSize(8)
                .uniqueElements(NetpolWorkload::id);
        Arbitrary<List<NetpolPolicy>> policies = policy().list().ofMaxSize(4).uniqueElements(NetpolPolicy::id);
        return Combinators.combine(workloads, policies).as((w, p) -> new NetpolCluster(
                List.of(new NetpolNamespace("a", Map.of("team", "x")), new NetpolNamespace("b", Map.of("team", "y"))),
                w, List.of(), p));
    }

    private static Arbitrary<NetpolSelector> selector() {
        return Arbitraries.oneOf(Arbitraries.just(NetpolSelector.all()),
                Arbitraries.of(APPS).map(app -> NetpolSelector.ofLabels(Map.of("app", app))),
                Arbitraries.of("1", "2").map(v -> new NetpolSelector(Map.of(), List.of(new NetpolSelector.Requirement(
                        "v", NetpolSelector.Operator.NOT_IN, Set.of(v))))));
    }

    private static Arbitrary<NetpolPeer> peer() {
        Arbitrary<NetpolSelector> nsSel = Arbitraries.oneOf(Arbitraries.just(NetpolSelector.all()),
                Arbitraries.of("x", "y").map(t -> NetpolSelector.ofLabels(Map.of("team", t))),
                Arbitraries.of(NAMESPACES).map(n -> NetpolSelector.ofLabels(Map.of(NetpolNamespace.NAME_LABEL, n))));
        return Arbitraries.oneOf(
                selector().map(NetpolPeer::pods),
                nsSel.map(NetpolPeer::namespaces),
                Combinators.combine(nsSel, selector()).as(NetpolPeer::podsInNamespaces),
                Arbitraries.of("10.0.0.0/8", "0.0.0.0/0", "10.1.0.0/16", "2001:db8::/32")
                        .map(c -> NetpolPeer.ipBlock(NetpolIpBlock.of(c))));
    }

    private static Arbitrary<NetpolPort> port() {
        return Arbitraries.oneOf(Arbitraries.of(80, 8080, 5432).map(p -> NetpolPort.of(NetpolProtocol.TCP, p)),
                Arbitraries.just(NetpolPort.range(NetpolProtocol.TCP, 5000, 9000)),
                Arbitraries.just(NetpolPort.any(NetpolProtocol.UDP)),
                Arbitraries.just(NetpolPort.named(NetpolProtocol.TCP, "svc")));
    }

    private static Arbitrary<NetpolRule> rule() {
        return Combinators.combine(peer().list().ofMaxSize(2), port().list().ofMaxSize(2)).as(NetpolRule::new);
    }

    private static Arbitrary<NetpolPolicy> policy() {
        Arbitrary<Set<NetpolDirection>> types = Arbitraries.of(EnumSet.of(NetpolDirection.INGRESS),
                EnumSet.of(NetpolDirection.EGRESS), EnumSet.allOf(NetpolDirection.class));
        return Combinators.combine(Arbitraries.of(NAMESPACES), Arbitraries.strings().withCharRange('a', 'z').ofLength(3),
                selector(), types, rule().list().ofMaxSize(2), rule().list().ofMaxSize(2))
                .as((ns, name, sel, t, in, out) -> new NetpolPolicy(ns, name, sel, t, in, out));
    }

    private static Set<String> allowed(NetpolCluster c) {
        Set<String> out = new HashSet<>();
        NetworkPolicyAnalysis a = NetworkPolicyAnalyzer.create().analyze(c);
        for (NetpolConnection conn : a.connections()) {
            out.add(conn.toString());
        }
        return out;
    }

    @Property(tries = 100)
    void addingAPolicy_neverWidensTrafficOfPodsItDoesNotSelect(@ForAll("clusters") NetpolCluster cluster,
                                                               @ForAll("policyArb") NetpolPolicy added) {
        List<NetpolPolicy> more = new ArrayList<>(cluster.policies());
        if (more.stream().anyMatch(p -> p.id().equals(added.id()))) {
            return;
        }
        more.add(added);
        NetpolCluster after = cluster.withPolicies(more);
        Set<String> selected = new HashSet<>();
        for (NetpolWorkload w : cluster.workloads()) {
            if (w.namespace().equals(added.namespace()) && added.podSelector().matches(w.labels())) {
                selected.add(w.id());
            }
        }
        // Compare per (src, dst, protocol, port) point so that range merging cannot hide a widening.
        NetworkPolicyAnalysis before = NetworkPolicyAnalyzer.create().analyze(cluster);
        NetworkPolicyAnalysis now = NetworkPolicyAnalyzer.create().analyze(after);
        boolean ruleless = added.ingress().isEmpty() && added.egress().isEmpty();
        for (NetpolConnection c : now.connections()) {
            boolean srcSelected = selected.contains(c.source().name()) && added.isolates(NetpolDirection.EGRESS);
            boolean dstSelected = selected.contains(c.destination().name()) && added.isolates(NetpolDirection.INGRESS);
            if ((srcSelected || dstSelected) && !ruleless) {
                continue;
            }
            for (int port : samplePorts(c)) {
                String src = c.source().isWorkload() ? c.source().name() : c.source().cidrs().get(0).toString();
                String dst = c.destination().isWorkload() ? c.destination().name()
                        : c.destination().cidrs().get(0).toString();
                assertThat(before.isAllowed(src, dst, port, c.protocol())).as("%s port %d after adding %s", c, port, added)
                        .isTrue();
            }
        }
    }

    @Provide
    Arbitrary<NetpolPolicy> policyArb() {
        return policy();
    }

    private static int[] samplePorts(NetpolConnection c) {
        return java.util.stream.IntStream.of(c.firstPort(), c.lastPort(), (c.firstPort() + c.lastPort()) / 2, 53, 80,
                5432, 8080, 6379).filter(p -> p >= c.firstPort() && p <= c.lastPort()).toArray();
    }

    @Provide
    Arbitrary<List<Flow>> flows() {
        Arbitrary<String> workload = Combinators.combine(Arbitraries.of(NAMESPACES), Arbitraries.of(APPS))
                .as((ns, app) -> ns + "/" + app);
        Arbitrary<String> ip = Arbitraries.of("203.0.113.1", "203.0.113.0/28", "198.51.100.9", "2001:db8::7");
        Arbitrary<Flow> flow = Combinators.combine(workload, Arbitraries.oneOf(workload, ip), Arbitraries.of(80, 443, 5432, 5433, 53),
                Arbitraries.of(NetpolProtocol.values()), Arbitraries.of(true, false))
                .as((w, other, port, proto, outbound) -> outbound || !other.contains("/") || other.contains("/2")
                        || other.contains(":") || Character.isDigit(other.charAt(0))
                        ? new Flow(w, other, port, proto) : new Flow(other, w, port, proto));
        return flow.list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 100)
    void generatedPolicies_reproduceExactlyTheirFlows(@ForAll("flows") List<Flow> flows) {
        NetpolGenerationResult r = NetworkPolicyGenerator.create().generate(flows);
        assertThat(r.missing()).as("missing").isEmpty();
        assertThat(r.unexpected()).as("unexpected").isEmpty();
        for (Flow f : flows) {
            String src = f.source();
            String dst = f.destination();
            assertThat(r.proof().isAllowed(src, dst, f.port(), f.protocol())).as(f.toString()).isTrue();
        }
    }

    @Property(tries = 100)
    void selectorSemantics_notInMatchesAbsentKeys_inRequiresPresence(@ForAll("labels") Map<String, String> labels) {
        NetpolSelector.Requirement notIn = new NetpolSelector.Requirement("k", NetpolSelector.Operator.NOT_IN, Set.of("v"));
        NetpolSelector.Requirement in = new NetpolSelector.Requirement("k", NetpolSelector.Operator.IN, Set.of("v"));
        assertThat(notIn.matches(labels)).isEqualTo(!"v".equals(labels.get("k")));
        assertThat(in.matches(labels)).isEqualTo("v".equals(labels.get("k")));
        assertThat(NetpolSelector.all().matches(labels)).isTrue();
    }

    @Provide
    Arbitrary<Map<String, String>> labels() {
        return Arbitraries.maps(Arbitraries.of("k", "j"), Arbitraries.of("v", "w")).ofMaxSize(2).map(HashMap::new);
    }

    @Property(tries = 200)
    void cidr_toStringParsesBack(@ForAll("cidrs") String text) {
        NetpolCidr c = NetpolCidr.parse(text);
        assertThat(NetpolCidr.parse(c.toString())).isEqualTo(c);
        assertThat(c.contains(c)).isTrue();
        Optional.of(c).filter(x -> x.prefixLength() > 0).ifPresent(x -> assertThat(x.first().compareTo(x.last()) <= 0).isTrue());
    }

    @Provide
    Arbitrary<String> cidrs() {
        Arbitrary<String> v4 = Combinators.combine(Arbitraries.integers().between(0, 255).list().ofSize(4),
                Arbitraries.integers().between(0, 32)).as((o, p) -> o.get(0) + "." + o.get(1) + "." + o.get(2) + "." + o.get(3) + "/" + p);
        Arbitrary<String> v6 = Combinators.combine(Arbitraries.integers().between(0, 0xffff).list().ofSize(8),
                Arbitraries.integers().between(0, 128)).as((g, p) -> String.join(":", g.stream().map(Integer::toHexString).toList()) + "/" + p);
        return Arbitraries.oneOf(v4, v6);
    }
}
