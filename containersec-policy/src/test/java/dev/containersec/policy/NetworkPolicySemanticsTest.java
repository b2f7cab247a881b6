package dev.containersec.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * One scenario per rule of the NetworkPolicy specification
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/), each with the complete set of
 * expected connections between workloads.
 */
class NetworkPolicySemanticsTest {

    static final String BASE = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: prod, labels: {env: prod}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: dev, labels: {env: dev}}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: prod}
            spec:
              template:
                metadata: {labels: {app: web, tier: front}}
                spec:
                  containers:
                  - name: web
                    ports: [{name: http, containerPort: 8080}]
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db, namespace: prod}
            spec:
              template:
                metadata: {labels: {app: db, tier: data}}
                spec:
                  containers:
                  - name: db
                    ports: [{name: http, containerPort: 5432}, {name: metrics, containerPort: 9187, protocol: UDP}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: client, namespace: dev, labels: {app: client}}
            spec: {containers: [{name: c, image: busybox}]}
            """;

    static NetworkPolicyAnalysis analyze(String policies) {
        NetworkPolicyAnalyzer a = NetworkPolicyAnalyzer.create();
        return a.analyze(a.parse("scenario.yaml", BASE + "---\n" + policies));
    }

    /** Workload-to-workload connections as "src => dst PROTO port". */
    static Set<String> internal(NetworkPolicyAnalysis a) {
        Set<String> out = new TreeSet<>();
        a.connections().stream().filter(c -> c.source().isWorkload() && c.destination().isWorkload())
                .forEach(c -> out.add(c.toString()));
        return out;
    }

    static Set<String> all(String... conns) {
        return new TreeSet<>(Set.of(conns));
    }

    static Set<String> everythingBetween(String... pairs) {
        Set<String> out = new TreeSet<>();
        for (String p : pairs) {
            for (NetpolProtocol proto : NetpolProtocol.values()) {
                out.add(p + " " + proto + " *");
            }
        }
        return out;
    }

    static final String[] ALL_PAIRS = {"prod/web => prod/db", "prod/db => prod/web", "prod/web => dev/client",
        "dev/client => prod/web", "prod/db => dev/client", "dev/client => prod/db"};

    @Test
    void noPolicies_everyWorkloadReachesEveryOtherOnEveryPort() {
        assertThat(internal(analyze(""))).isEqualTo(everythingBetween(ALL_PAIRS));
    }

    @Test
    void ingressOnlyPolicy_isolatesIngressOnly_egressStaysOpen() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-db-ingress, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: db}}
                  policyTypes: [Ingress]
                """);
        assertThat(internal(a)).isEqualTo(everythingBetween("prod/db => prod/web", "prod/web => dev/client",
                "dev/client => prod/web", "prod/db => dev/client"));
    }

    @Test
    void policyTypesDefault_ingressAlways_egressOnlyWhenEgressRulesPresent() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: web-egress, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  egress:
                  - to: [{podSelector: {matchLabels: {app: db}}}]
                """);
        // no policyTypes: Ingress (with no ingress rules: all ingress denied) + Egress (rules present)
        Set<String> expected = everythingBetween("prod/db => dev/client", "dev/client => prod/db");
        expected.addAll(everythingBetween("prod/web => prod/db"));
        assertThat(internal(a)).isEqualTo(expected);
        assertThat(a.workloadFacts().get("prod/web").ingressIsolated()).isTrue();
        assertThat(a.workloadFacts().get("prod/web").egressIsolated()).isTrue();
    }

    @Test
    void policyTypesDefault_emptyEgressList_doesNotIsolateEgress() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  egress: []
                """);
        assertThat(a.workloadFacts().get("prod/web").egressIsolated()).isFalse();
        assertThat(a.workloadFacts().get("prod/web").ingressIsolated()).isTrue();
    }

    @Test
    void policyTypesEgressOnly_ingressRulesAreIgnored() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: db}}
                  policyTypes: [Egress]
                  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
                """);
        // db may not send anything; its ingress stays open to everyone
        assertThat(internal(a)).isEqualTo(everythingBetween("prod/web => prod/db", "prod/web => dev/client",
                "dev/client => prod/web", "dev/client => prod/db"));
    }

    @Test
    void allowsOfSeveralPolicies_areUnioned() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: from-web, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: db}}
                  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: from-dev, namespace: prod}
                spec:
                  podSelector: {matchLabels: {tier: data}}
                  ingress: [{from: [{namespaceSelector: {matchLabels: {env: dev}}}], ports: [{port: 443}]}]
                """);
        Set<String> expected = everythingBetween("prod/db => prod/web", "prod/web => dev/client",
                "dev/client => prod/web", "prod/db => dev/client");
        expected.add("prod/web => prod/db TCP 5432");
        expected.add("dev/client => prod/db TCP 443");
        assertThat(internal(a)).isEqualTo(expected);
    }

    @Test
    void namespaceAndPodSelectorInOnePeer_mustBothMatch() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: db}}
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {env: dev}}
                      podSelector: {matchLabels: {app: web}}
                """);
        // dev has no app=web pod, and prod/web is not in dev: nobody may reach db
        Set<String> expected = everythingBetween("prod/db => prod/web", "prod/web => dev/client",
                "dev/client => prod/web", "prod/db => dev/client");
        assertThat(internal(a)).isEqualTo(expected);
    }

    @Test
    void separatePeers_areAlternatives() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: db}}
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {env: dev}}
                    - podSelector: {matchLabels: {app: web}}
                    ports: [{protocol: TCP, port: 5432}]
                """);
        Set<String> expected = everythingBetween("prod/db => prod/web", "prod/web => dev/client",
                "dev/client => prod/web", "prod/db => dev/client");
        expected.add("prod/web => prod/db TCP 5432");
        expected.add("dev/client => prod/db TCP 5432");
        assertThat(internal(a)).isEqualTo(expected);
    }

    @Test
    void podSelectorAlone_selectsOnlyThePolicysNamespace() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: db}}
                  ingress: [{from: [{podSelector: {}}]}]
                """);
        Set<String> expected = everythingBetween("prod/db => prod/web", "prod/web => dev/client",
                "dev/client => prod/web", "prod/db => dev/client", "prod/web => prod/db");
        assertThat(internal(a)).isEqualTo(expected);
    }

    @Test
    void automaticNamespaceNameLabel_canBeSelected() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: db}}
                  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: dev}}}]}]
                """);
        assertThat(a.isAllowed("dev/client", "prod/db", 1, NetpolProtocol.UDP)).isTrue();
        assertThat(a.isAllowed("prod/web", "prod/db", 5432, NetpolProtocol.TCP)).isFalse();
    }

    @Test
    void matchExpressions_inNotInExistsDoesNotExist() {
        String template = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: db}}
                  ingress:
                  - from:
                    - namespaceSelector: {}
                      podSelector:
                        matchExpressions: [%s]
                    ports: [{port: 5432}]
                """;
        assertThat(sourcesOfDb(analyze(template.formatted("{key: app, operator: In, values: [web, x]}"))))
                .containsExactly("prod/web");
        // NotIn also matches pods without the label: client has no tier label
        assertThat(sourcesOfDb(analyze(template.formatted("{key: tier, operator: NotIn, values: [front]}"))))
                .containsExactly("dev/client");
        assertThat(sourcesOfDb(analyze(template.formatted("{key: tier, operator: Exists}"))))
                .containsExactly("prod/web");
        assertThat(sourcesOfDb(analyze(template.formatted("{key: tier, operator: DoesNotExist}"))))
                .containsExactly("dev/client");
    }

    private static Set<String> sourcesOfDb(NetworkPolicyAnalysis a) {
        Set<String> out = new TreeSet<>();
        a.connections().stream().filter(c -> c.destination().name().equals("prod/db") && c.source().isWorkload())
                .forEach(c -> out.add(c.source().name()));
        return out;
    }

    @Test
    void ipBlockWithExcept_allowsTheBlockMinusTheExceptions_ipv4AndIpv6() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}
                    - ipBlock: {cidr: "2001:db8::/32", except: ["2001:db8:1::/48"]}
                    ports: [{port: 443}]
                """);
        Set<String> external = new TreeSet<>();
        a.connections().stream().filter(c -> c.source().name().equals("prod/web") && !c.destination().isWorkload())
                .forEach(c -> external.add(c.toString()));
        assertThat(external).containsExactlyInAnyOrder(
                "prod/web => 0.0.0.0-9.255.255.255 TCP 443",
                "prod/web => 11.0.0.0-255.255.255.255 TCP 443",
                "prod/web => 2001:db8::/48 TCP 443",
                "prod/web => 2001:db8:2::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff TCP 443");
        assertThat(a.isAllowed("prod/web", "10.1.2.3", 443, NetpolProtocol.TCP)).isFalse();
        assertThat(a.isAllowed("prod/web", "8.8.8.8", 443, NetpolProtocol.TCP)).isTrue();
        assertThat(a.isAllowed("prod/web", "2001:db8:1::5", 443, NetpolProtocol.TCP)).isFalse();
        // ipBlock never matches pods: web may not reach other workloads
        assertThat(internal(a)).noneMatch(c -> c.startsWith("prod/web"));
    }

    @Test
    void portsWithProtocol_tcpUdpSctpAreDistinct() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: db}}
                  ingress:
                  - from: [{podSelector: {matchLabels: {app: web}}}]
                    ports: [{protocol: UDP, port: 53}, {protocol: SCTP, port: 9000}, {port: 5432}, {protocol: UDP}]
                """);
        assertThat(internal(a)).filteredOn(c -> c.contains("=> prod/db")).containsExactlyInAnyOrder(
                "prod/web => prod/db TCP 5432", "prod/web => prod/db UDP *", "prod/web => prod/db SCTP 9000");
    }

    @Test
    void namedPorts_resolvedPerDestinationPod_forIngressAndEgress() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: http-in, namespace: prod}
                spec:
                  podSelector: {}
                  ingress: [{from: [{namespaceSelector: {}}], ports: [{port: http}]}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: client-out, namespace: dev}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress: [{ports: [{port: http}, {port: metrics, protocol: UDP}]}]
                """);
        // web's http is 8080, db's http is 5432; db's metrics is UDP 9187 but ingress only allows http
        assertThat(internal(a)).isEqualTo(all(
                "prod/web => prod/db TCP 5432", "prod/db => prod/web TCP 8080",
                "dev/client => prod/web TCP 8080", "dev/client => prod/db TCP 5432",
                "prod/web => dev/client TCP *", "prod/web => dev/client UDP *", "prod/web => dev/client SCTP *",
                "prod/db => dev/client TCP *", "prod/db => dev/client UDP *", "prod/db => dev/client SCTP *"));
        // a named port never matches an external address
        assertThat(a.connections()).noneMatch(c -> c.source().name().equals("dev/client") && !c.destination().isWorkload());
    }

    @Test
    void endPort_allowsTheInclusiveRange() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: db}}
                  ingress: [{ports: [{port: 32000, endPort: 32768}, {port: 32769}]}]
                """);
        assertThat(internal(a)).filteredOn(c -> c.contains("=> prod/db"))
                .containsExactlyInAnyOrder("prod/web => prod/db TCP 32000-32769", "dev/client => prod/db TCP 32000-32769");
        assertThat(a.isAllowed("dev/client", "prod/db", 32768, NetpolProtocol.TCP)).isTrue();
        assertThat(a.isAllowed("dev/client", "prod/db", 32770, NetpolProtocol.TCP)).isFalse();
    }

    @Test
    void trafficNeedsBothSourceEgressAndDestinationIngress() {
        NetworkPolicyAnalysis a = analyze("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: web-out, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  policyTypes: [Egress]
                  egress: [{to: [{podSelector: {}}], ports: [{port: 5432}, {port: 6379}]}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: db-in, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: db}}
                  ingress: [{ports: [{port: 5432}, {port: 80}]}]
                """);
        assertThat(internal(a)).filteredOn(c -> c.startsWith("prod/web") || c.contains("=> prod/db"))
                .containsExactlyInAnyOrder("prod/web => prod/db TCP 5432", "dev/client => prod/db TCP 80",
                        "dev/client => prod/db TCP 5432");
        NetpolExplanation denied = a.explain("prod/web", "prod/db:80");
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.ingressAllowed()).isTrue();
        assertThat(denied.egressReasons().get(0)).contains("isolated by prod/web-out").contains("TCP 80");
        NetpolExplanation ok = a.explain("prod/web", "prod/db", 5432, NetpolProtocol.TCP);
        assertThat(ok.allowed()).isTrue();
        assertThat(ok.egressReasons()).singleElement().asString().contains("prod/web-out egress[0]");
        assertThat(ok.ingressReasons()).singleElement().asString().contains("prod/db-in ingress[0]");
    }

    @Test
    void explain_unisolatedSide_saysSo() {
        NetpolExplanation e = analyze("").explain("dev/client", "prod/web:8080/TCP");
        assertThat(e.allowed()).isTrue();
        assertThat(e.egressReasons()).singleElement().asString().contains("not isolated");
        assertThat(e.toString()).startsWith("ALLOWED dev/client => prod/web TCP 8080");
    }
}
