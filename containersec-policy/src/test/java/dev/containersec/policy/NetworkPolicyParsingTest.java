package dev.containersec.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkPolicyParsingTest {

    private final NetworkPolicyAnalyzer analyzer = NetworkPolicyAnalyzer.create();

    @Test
    void parse_yamlAliasBomb_isRefused() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (i - 1)))).append("]\n");
        }
        assertThatThrownBy(() -> analyzer.parse("bomb.yaml", bomb.toString())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bomb.yaml").hasMessageContaining("alias bomb");
    }

    @Test
    void parse_smallYamlAliases_areExpandedAsKubernetesDoes() {
        String text = """
                apiVersion: v1
                kind: Namespace
                metadata: {name: a, labels: &l {team: x}}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: b, labels: {team: y}}
                """;
        assertThat(analyzer.parse("ns.yaml", text).namespaces()).hasSize(2);
    }

    @Test
    void parse_malformedSecondDocument_namesFileAndLine() {
        String text = "kind: Namespace\nmetadata: {name: a}\n---\nkind: [unclosed\n";
        assertThatThrownBy(() -> analyzer.parse("m.yaml", text)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("m.yaml").hasMessageContaining("line ");
    }

    @Test
    void parse_invalidPolicy_namesTheObjectAndField() {
        String text = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: bad, namespace: x}
                spec:
                  podSelector: {}
                  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/8]}}]}]
                """;
        assertThatThrownBy(() -> analyzer.parse("p.yaml", text)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("p.yaml document 1 (NetworkPolicy x/bad)")
                .hasMessageContaining("spec.ingress[0].from[0]");
    }

    @Test
    void parse_tooDeep_isLimitExceeded() {
        NetworkPolicyAnalyzer strict = NetworkPolicyAnalyzer.create(ScanLimits.builder().maxJsonDepth(5).build());
        assertThatThrownBy(() -> strict.parse("deep.json", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":1}}}}}}"))
                .isInstanceOf(LimitExceededException.class)
                .satisfies(e -> assertThat(((LimitExceededException) e).limit()).isEqualTo(ScanLimits.Limit.JSON_DEPTH));
    }

    @Test
    void load_tooLargeFile_isLimitExceeded(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("big.yaml");
        Files.writeString(f, "kind: Namespace\nmetadata: {name: a}\n" + "#".repeat(2000));
        NetworkPolicyAnalyzer strict = NetworkPolicyAnalyzer.create(ScanLimits.builder().maxDocumentBytes(1000).build());
        assertThatThrownBy(() -> strict.load(List.of(f))).isInstanceOf(LimitExceededException.class);
    }

    @Test
    void load_listKindJsonAndControllersOwnedPods(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("all.json");
        Files.writeString(f, """
                {"apiVersion":"v1","kind":"List","items":[
                  {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"backup","namespace":"ops"},
                   "spec":{"jobTemplate":{"spec":{"template":{"metadata":{"labels":{"app":"backup"}},"spec":{"containers":[]}}}}}},
                  {"apiVersion":"v1","kind":"Pod","metadata":{"name":"backup-123","namespace":"ops",
                   "ownerReferences":[{"kind":"Job","name":"backup-1","controller":true}]},"spec":{}},
                  {"apiVersion":"v1","kind":"Service","metadata":{"name":"backup","namespace":"ops"},
                   "spec":{"selector":{"app":"backup"},"ports":[{"port":80}]}}
                ]}
                """);
        NetpolCluster c = analyzer.load(List.of(f));
        assertThat(c.workloads()).extracting(NetpolWorkload::id).containsExactly("ops/backup");
        assertThat(c.namespaces()).extracting(NetpolNamespace::name).containsExactly("ops");
        assertThat(c.namespaces().get(0).labels()).containsEntry("kubernetes.io/metadata.name", "ops");
        assertThat(c.workloadsBehind(c.services().get(0))).extracting(NetpolWorkload::id).containsExactly("ops/backup");
    }

    @Test
    void cidr_parseAndFormat_roundTrips() {
        for (String s : new String[] {"10.0.0.0/8", "0.0.0.0/0", "192.0.2.7/32", "2001:db8::/32", "::/0", "::1/128",
            "fe80::1:2/128", "2001:db8:0:1::/64"}) {
            assertThat(NetpolCidr.parse(s).toString()).isEqualTo(s);
        }
        assertThat(NetpolCidr.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
        assertThat(NetpolCidr.parse("::ffff:1.2.3.4")).hasToString("::ffff:102:304/128");
        for (String bad : new String[] {"10.0.0/8", "256.0.0.0/8", "10.0.0.0/33", "1:2:3", "::1::", "host", "2001:db8::/129"}) {
            assertThat(NetpolCidr.isCidr(bad)).as(bad).isFalse();
        }
    }
}
