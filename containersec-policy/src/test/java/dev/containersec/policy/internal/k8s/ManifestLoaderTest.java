package dev.containersec.policy.internal.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestLoaderTest {

    private final ManifestLoader loader = new ManifestLoader(ScanLimits.defaults());

    private List<ManifestDocument> load(String text) {
        return loader.load(text.getBytes(StandardCharsets.UTF_8), "m.yaml");
    }

    @Test
    void load_multiDocumentYaml_givesIndexKindNameNamespaceAndLine() {
        List<ManifestDocument> docs = load("""
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: shop}
                ---
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: deny
                  namespace: shop
                """);
        assertThat(docs).hasSize(2);
        assertThat(docs.get(0).kind()).isEqualTo("Namespace");
        assertThat(docs.get(0).namespace()).isEmpty();
        assertThat(docs.get(1).index()).isEqualTo(1);
        assertThat(docs.get(1).apiVersion()).isEqualTo("networking.k8s.io/v1");
        assertThat(docs.get(1).name()).contains("deny");
        assertThat(docs.get(1).namespace()).contains("shop");
        assertThat(docs.get(1).line()).isEqualTo(7);
        assertThat(docs.get(1).describe()).isEqualTo("m.yaml document 1 (NetworkPolicy deny)");
    }

    @Test
    void load_jsonValuesInSequence_areDocuments() {
        List<ManifestDocument> docs = loader.load("{\"kind\":\"Pod\"}\n{\"kind\":\"Service\"}"
                .getBytes(StandardCharsets.UTF_8), "m.json");
        assertThat(docs).extracting(ManifestDocument::kind).containsExactly("Pod", "Service");
    }

    @Test
    void load_emptyInput_givesNoDocuments() {
        assertThat(load("")).isEmpty();
        assertThat(load("# only a comment\n---\n")).isEmpty();
    }

    @Test
    void load_scalarDocument_isRejected() {
        assertThatThrownBy(() -> load("just a string\n")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a Kubernetes object");
    }

    @Test
    void load_malformedYaml_namesFileAndLine() {
        assertThatThrownBy(() -> load("kind: Pod\nmetadata:\n  name: [unclosed\n  other: x\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("m.yaml: line ");
    }

    @Test
    void load_tooLarge_isLimitExceeded() {
        ManifestLoader small = new ManifestLoader(ScanLimits.builder().maxDocumentBytes(64).build());
        byte[] big = ("kind: Pod\nmetadata: {name: " + "x".repeat(100) + "}\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> small.load(big, "big.yaml")).isInstanceOfSatisfying(LimitExceededException.class,
                e -> assertThat(e.limit()).isEqualTo(ScanLimits.Limit.DOCUMENT_BYTES));
    }

    @Test
    void load_fileTooLarge_isLimitExceededWithoutReadingItAll(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, "kind: Pod\n" + "# padding\n".repeat(1000));
        ManifestLoader small = new ManifestLoader(ScanLimits.builder().maxDocumentBytes(100).build());
        assertThatThrownBy(() -> small.load(file)).isInstanceOfSatisfying(LimitExceededException.class,
                e -> assertThat(e.reached()).isEqualTo(101));
        assertThat(loader.load(file)).singleElement().satisfies(d -> assertThat(d.source()).isEqualTo(file.toString()));
    }

    @Test
    void load_deepNesting_isLimitExceeded_inYamlAndJson() {
        String yaml = "a: " + "[".repeat(100) + "]".repeat(100) + "\n";
        assertThatThrownBy(() -> load(yaml)).isInstanceOfSatisfying(LimitExceededException.class,
                e -> assertThat(e.limit()).isEqualTo(ScanLimits.Limit.JSON_DEPTH));
        String json = "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertThatThrownBy(() -> loader.load(json.getBytes(StandardCharsets.UTF_8), "deep.json"))
                .isInstanceOfSatisfying(LimitExceededException.class,
                        e -> assertThat(e.limit()).isEqualTo(ScanLimits.Limit.JSON_DEPTH));
    }

    @Test
    void load_aliases_areExpandedLikeKubernetes() {
        List<ManifestDocument> docs = load("""
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - name: a
                    securityContext: &sc {allowPrivilegeEscalation: false, runAsUser: 1000}
                  - name: b
                    securityContext: *sc
                    ports: &ports [{containerPort: 80}]
                  - name: c
                    ports: *ports
                """);
        var spec = docs.get(0).content().get("spec");
        assertThat(spec.at("/containers/1/securityContext/allowPrivilegeEscalation").booleanValue()).isFalse();
        assertThat(spec.at("/containers/1/securityContext/runAsUser").intValue()).isEqualTo(1000);
        assertThat(spec.at("/containers/2/ports/0/containerPort").intValue()).isEqualTo(80);
    }

    @Test
    void load_aliasToScalar_isRefusedRatherThanReadAsText() {
        assertThatThrownBy(() -> load("kind: Pod\nx: &t true\nspec: {hostNetwork: *t}\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("*t");
    }

    @Test
    void load_billionLaughs_isRefused() {
        StringBuilder sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            sb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) {
                sb.append(i == 0 ? "" : ", ").append('*').append(p);
            }
            sb.append("]\n");
        }
        assertThatThrownBy(() -> load(sb.toString())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("alias bomb");
    }

    @Test
    void load_undefinedAlias_isRejected() {
        assertThatThrownBy(() -> load("kind: Pod\nspec: *nothing\n")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void load_duplicateKey_isRejectedRatherThanGuessed() {
        assertThatThrownBy(() -> load("kind: Pod\nspec:\n  hostNetwork: false\n  hostNetwork: true\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("uplicate").hasMessageContaining("hostNetwork");
    }

    @Test
    void load_mergeKey_isRejected() {
        assertThatThrownBy(() -> load("base: &b {x: 1}\nkind: Pod\nspec:\n  <<: *b\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("merge keys");
    }

    @Test
    void podTemplates_findThePodOfEachWorkloadKind() {
        for (String kind : List.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController",
                "Job")) {
            ManifestDocument d = load("kind: " + kind + "\nspec: {template: {spec: {hostPID: true}}}\n").get(0);
            assertThat(PodTemplates.find(d)).get().satisfies(t -> {
                assertThat(t.pathPrefix()).isEqualTo("spec.template.");
                assertThat(t.spec().get("hostPID").booleanValue()).isTrue();
            });
        }
        ManifestDocument cron = load("kind: CronJob\nspec: {jobTemplate: {spec: {template: {spec: {hostPID: true}}}}}\n")
                .get(0);
        assertThat(PodTemplates.find(cron)).get().extracting(PodTemplates.PodTemplate::pathPrefix)
                .isEqualTo("spec.jobTemplate.spec.template.");
        assertThat(PodTemplates.find(load("kind: Service\n").get(0))).isEmpty();
        assertThat(PodTemplates.carriesPod("ConfigMap")).isFalse();
    }
}
