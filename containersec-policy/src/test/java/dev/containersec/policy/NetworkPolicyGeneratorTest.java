package dev.containersec.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkPolicyGeneratorTest {

    private final NetworkPolicyGenerator gen = NetworkPolicyGenerator.create();

    @Test
    void generate_fromFlowFile_allowsExactlyTheFlows_andProvesIt() {
        List<Flow> flows = gen.parseFlows("flows.json", """
                [{"src":"shop/frontend","dst":"shop/api","port":8080,"protocol":"TCP"},
                 {"src":"shop/api","dst":"data/postgres","port":5432},
                 {"src":"shop/api","dst":"203.0.113.10","port":443},
                 {"source":"198.51.100.0/24","destination":"shop/frontend","port":443},
                 {"src":"shop/api","dst":"shop/frontend","port":9000,"protocol":"UDP"},
                 {"src":"shop/api","dst":"shop/frontend","port":9001,"protocol":"UDP"}]
                """);
        NetpolGenerationResult r = gen.generate(flows);
        assertThat(r.missing()).isEmpty();
        assertThat(r.unexpected()).isEmpty();
        assertThat(r.verified()).isTrue();
        assertThat(r.policies()).extracting(p -> p.policy().id()).containsExactly(
                "data/allow-dns-egress", "data/allow-postgres", "data/default-deny-all",
                "shop/allow-api", "shop/allow-dns-egress", "shop/allow-frontend", "shop/default-deny-all");
        NetworkPolicyAnalysis proof = r.proof();
        assertThat(proof.isAllowed("shop/frontend", "shop/api", 8080, NetpolProtocol.TCP)).isTrue();
        assertThat(proof.isAllowed("shop/frontend", "shop/api", 8081, NetpolProtocol.TCP)).isFalse();
        assertThat(proof.isAllowed("shop/api", "203.0.113.11", 443, NetpolProtocol.TCP)).isFalse();
        assertThat(proof.isAllowed("198.51.100.77", "shop/frontend", 443, NetpolProtocol.TCP)).isTrue();
        String apiYaml = r.policies().stream().filter(p -> p.policy().name().equals("allow-api")).findFirst()
                .orElseThrow().yaml();
        assertThat(apiYaml).contains("kind: NetworkPolicy").contains("app.kubernetes.io/name: api")
                .contains("endPort: 9001").contains("cidr: 203.0.113.10/32");
        assertThat(r.yaml()).contains("---");
    }

    @Test
    void generate_withManifests_usesPodLabels_andAllowsDnsToKubeDns() {
        NetworkPolicyAnalyzer a = NetworkPolicyAnalyzer.create();
        NetpolCluster cluster = a.parse("m.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: prod}
                spec: {template: {metadata: {labels: {app: web}}, spec: {containers: []}}}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: db, namespace: prod}
                spec: {template: {metadata: {labels: {app: db}}, spec: {containers: []}}}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: coredns, namespace: kube-system}
                spec: {template: {metadata: {labels: {k8s-app: kube-dns}}, spec: {containers: []}}}
                """);
        NetpolGenerationResult r = gen.generate(List.of(Flow.tcp("prod/web", "prod/db", 5432)), cluster);
        assertThat(r.verified()).as(String.join("\n", r.unexpected()) + r.missing()).isTrue();
        assertThat(r.proof().isAllowed("prod/db", "kube-system/coredns", 53, NetpolProtocol.UDP)).isTrue();
        assertThat(r.proof().isAllowed("prod/db", "prod/web", 5432, NetpolProtocol.TCP)).isFalse();
    }

    @Test
    void generate_flowToUnknownWorkload_isInvalidInput() {
        NetpolCluster empty = NetpolCluster.of(List.of(), List.of());
        assertThatThrownBy(() -> gen.generate(List.of(Flow.tcp("a/b", "a/c", 1)), empty))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("a/b");
    }

    @Test
    void parseFlows_badEntry_namesIt() {
        assertThatThrownBy(() -> gen.parseFlows("f.json", "[{\"src\":\"a/b\",\"dst\":\"a/c\",\"port\":70000}]"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("f.json document 1 flow[0]");
        assertThatThrownBy(() -> gen.parseFlows("f.json", "[{\"src\":\"a/b\",\"port\":1}]"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("flow[0]");
    }
}
