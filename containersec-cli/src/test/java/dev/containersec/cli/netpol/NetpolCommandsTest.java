package dev.containersec.cli.netpol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetpolCommandsTest {

    private static final String CLUSTER = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: web:1, ports: [{containerPort: 8080, name: http}]}]}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: db, namespace: shop}
            spec:
              template:
                metadata: {labels: {app: db}}
                spec: {containers: [{name: db, image: db:1, ports: [{containerPort: 5432}]}]}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db-from-web, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: db}}
              policyTypes: [Ingress]
              ingress:
              - from: [{podSelector: {matchLabels: {app: web}}}]
                ports: [{port: 5432, protocol: TCP}]
            """;

    @TempDir
    Path dir;

    @Test
    void analyze_json_listsWebToDbAndNotDbToWebOnThePolicyPort() throws IOException {
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("cluster.yaml"), CLUSTER);

        Cli.Result r = Cli.run("netpol", "analyze", manifests.toString(), "--format", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        List<String> toDb = new ArrayList<>();
        json.get("connections").forEach(c -> {
            if (c.get("dst").asText().equals("shop/db")) {
                toDb.add(c.get("src").asText() + " " + c.get("port").asText() + "/" + c.get("protocol").asText());
            }
        });
        assertThat(toDb).containsExactly("shop/web 5432/TCP");
    }

    @Test
    void analyze_explain_saysWhichPolicyAllowsAndWhyOtherPortsAreDenied() throws IOException {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, CLUSTER);

        Cli.Result allowed = Cli.run("netpol", "analyze", file.toString(), "--explain", "shop/web", "shop/db:5432", "--format", "json");
        Cli.Result denied = Cli.run("netpol", "analyze", file.toString(), "--explain", "shop/web", "shop/db:6379");

        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(allowed.out());
        assertThat(json.get("allowed").asBoolean()).isTrue();
        assertThat(json.get("ingressReasons").toString()).contains("db-from-web");
        assertThat(denied.exitCode()).as(denied.toString()).isZero();
        assertThat(denied.out()).startsWith("DENIED shop/web => shop/db TCP 6379");
    }

    @Test
    void analyze_dot_isAGraphvizDigraph() throws IOException {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, CLUSTER);

        Cli.Result r = Cli.run("netpol", "analyze", file.toString(), "--format", "dot");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("digraph").contains("shop/web").contains("shop/db");
    }

    @Test
    void analyze_matrix_showsAllowedPortsPerPairAndDashWhereDenied() throws IOException {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, CLUSTER);

        Cli.Result r = Cli.run("netpol", "analyze", file.toString(), "--format", "matrix");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String webRow = r.out().lines().filter(l -> l.startsWith("shop/web ")).findFirst().orElseThrow();
        String dbRow = r.out().lines().filter(l -> l.startsWith("shop/db ")).findFirst().orElseThrow();
        assertThat(webRow).contains("TCP 5432");
        assertThat(dbRow).doesNotContain("5432");
    }

    @Test
    void analyze_missingFile_isBadInput() {
        Cli.Result r = Cli.run("netpol", "analyze", dir.resolve("absent.yaml").toString());

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.errLines()).hasSize(1);
    }

    @Test
    void analyze_unknownFormat_isUsageError() throws IOException {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, CLUSTER);

        assertThat(Cli.run("netpol", "analyze", file.toString(), "--format", "xml").exitCode()).isEqualTo(2);
    }

    @Test
    void generate_writesPoliciesThatAnalyzeBackToExactlyTheFlows() throws IOException {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("cluster.yaml"), CLUSTER.substring(0, CLUSTER.indexOf("---\napiVersion: networking")));
        Path flows = dir.resolve("flows.json");
        Files.writeString(flows, "[{\"source\":\"shop/web\",\"destination\":\"shop/db\",\"port\":5432,\"protocol\":\"TCP\"}]");
        Path out = dir.resolve("policies");

        Cli.Result r = Cli.run("netpol", "generate", "--flows", flows.toString(), "-o", out.toString(), manifests.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("verified");
        try (var files = Files.list(out)) {
            List<Path> written = files.toList();
            assertThat(written).isNotEmpty().allSatisfy(p -> assertThat(p.toString()).endsWith(".yaml"));
        }
        List<String> analyzeArgs = new ArrayList<>(List.of("netpol", "analyze", manifests.toString(), out.toString(),
                "--explain"));
        analyzeArgs.addAll(List.of("shop/web", "shop/db:5432"));
        assertThat(Cli.run(analyzeArgs.toArray(String[]::new)).out()).startsWith("ALLOWED");
        analyzeArgs.set(analyzeArgs.size() - 1, "shop/db:5433");
        assertThat(Cli.run(analyzeArgs.toArray(String[]::new)).out()).startsWith("DENIED");
    }
}
