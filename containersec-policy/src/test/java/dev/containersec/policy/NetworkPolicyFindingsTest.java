package dev.containersec.policy;

import static dev.containersec.policy.NetworkPolicySemanticsTest.analyze;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkPolicyFindingsTest {

    static boolean has(NetworkPolicyAnalysis a, NetpolFinding.Kind kind, String subject) {
        return a.findings().stream().anyMatch(f -> f.kind() == kind && f.subject().equals(subject));
    }

    @Test
    void noPolicies_reportsEveryWorkloadUnisolatedAndWithUnrestrictedEgress() {
        NetworkPolicyAnalysis a = analyze("");
        for (String w : new String[] {"prod/web", "prod/db", "dev/client"}) {
            assertThat(has(a, NetpolFinding.Kind.INGRESS_NOT_ISOLATED, w)).isTrue();
            assertThat(has(a, NetpolFinding.Kind.EGRESS_NOT_ISOLATED, w)).isTrue();
            assertThat(has(a, NetpolFinding.Kind.UNRESTRICTED_INTERNET_EGRESS, w)).isTrue();
            assertThat(has(a, NetpolFinding.Kind.DNS_EGRESS_BLOCKED, w)).isFalse();
        }
    }

    @Test
    void defaultDenyEgress_blocksDnsAndInternet() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny, namespace: prod}
                spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
                """);
        assertThat(has(a, NetpolFinding.Kind.DNS_EGRESS_BLOCKED, "prod/web")).isTrue();
        assertThat(has(a, NetpolFinding.Kind.UNRESTRICTED_INTERNET_EGRESS, "prod/web")).isFalse();
        assertThat(has(a, NetpolFinding.Kind.INGRESS_NOT_ISOLATED, "prod/web")).isFalse();
        assertThat(has(a, NetpolFinding.Kind.INGRESS_NOT_ISOLATED, "dev/client")).isTrue();
        NetpolWorkloadFacts f = a.workloadFacts().get("prod/web");
        assertThat(f.egressTo()).isEmpty();
        assertThat(f.ingressFrom()).isEmpty();
        assertThat(f.ingressPolicies()).containsExactly("prod/deny");
        assertThat(f.findings()).contains("DNS_EGRESS_BLOCKED");
    }

    @Test
    void egressToInternetExceptPrivateRanges_isUnrestrictedInternetEgress_andDnsAllowed() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: out, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  policyTypes: [Egress]
                  egress:
                  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 192.168.0.0/16]}}]
                  - ports: [{port: 53, protocol: UDP}]
                """);
        assertThat(has(a, NetpolFinding.Kind.UNRESTRICTED_INTERNET_EGRESS, "prod/web")).isTrue();
        assertThat(has(a, NetpolFinding.Kind.DNS_EGRESS_BLOCKED, "prod/web")).isFalse();
        Map<String, Object> facts = a.facts().get("prod/web");
        assertThat(facts).containsEntry("unrestrictedInternetEgress", true).containsEntry("egressToInternet", true)
                .containsEntry("egressIsolated", true).containsEntry("dnsEgressAllowed", true);
    }

    @Test
    void egressToOnePublicAddress_isInternetEgressButNotUnrestricted() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: out, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  policyTypes: [Egress]
                  egress: [{to: [{ipBlock: {cidr: 203.0.113.7/32}}], ports: [{port: 443}]}]
                """);
        NetpolWorkloadFacts f = a.workloadFacts().get("prod/web");
        assertThat(f.unrestrictedInternetEgress()).isFalse();
        assertThat(f.egressToInternet()).isTrue();
        assertThat(f.egressTo()).containsExactly("203.0.113.7/32");
    }

    @Test
    void exposureToAllNamespaces_policiesSelectingNothing_andPeersMatchingNothing() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: open, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 8080}]}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: stale, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: gone}}
                  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}, {podSelector: {matchLabels: {app: nobody}}}]}]
                """);
        assertThat(has(a, NetpolFinding.Kind.EXPOSED_TO_ALL_NAMESPACES, "prod/web")).isTrue();
        assertThat(has(a, NetpolFinding.Kind.POLICY_SELECTS_NOTHING, "prod/stale")).isTrue();
        assertThat(has(a, NetpolFinding.Kind.PEER_MATCHES_NOTHING, "prod/stale ingress[0].from[1]")).isTrue();
        assertThat(has(a, NetpolFinding.Kind.PEER_MATCHES_NOTHING, "prod/stale ingress[0].from[0]")).isFalse();
        assertThat(has(a, NetpolFinding.Kind.POLICY_SELECTS_NOTHING, "prod/open")).isFalse();
    }

    @Test
    void matrixDotAndJsonShape() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: db, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: db}}
                  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}, {port: 53, protocol: UDP}]}]
                """);
        NetpolMatrix m = a.matrix();
        assertThat(m.cell("prod/web", "prod/db")).isEqualTo("TCP 5432 UDP 53");
        assertThat(m.cell("dev/client", "prod/db")).isEmpty();
        assertThat(m.cell("prod/db", "prod/web")).isEqualTo("All");
        assertThat(m.cell("prod/web", "0.0.0.0/0")).isEqualTo("All");
        assertThat(a.toDot()).startsWith("digraph netpol {")
                .contains("\"prod/web\" -> \"prod/db\" [label=\"TCP 5432 UDP 53\"];")
                .contains("\"0.0.0.0/0\" [shape=box];");
        @SuppressWarnings("unchecked")
        java.util.List<Map<String, Object>> conns = (java.util.List<Map<String, Object>>) a.asMap().get("connections");
        assertThat(conns).contains(Map.of("src", "prod/web", "dst", "prod/db", "port", "5432", "protocol", "TCP",
                "firstPort", 5432, "lastPort", 5432, "srcKind", "workload", "dstKind", "workload"));
        assertThat(a.asMap()).containsKeys("connections", "findings", "workloads");
    }
}
