package dev.containersec.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.cli.Cli;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code image inspect} and {@code image ls} on real images built with umoci and skopeo. */
class ImageCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path layout;
    static Path ociArchive;
    static Path dockerArchive;

    @BeforeAll
    static void buildImages() throws Exception {
        TestImages.assumeTools();
        layout = TestImages.buildLayout(tmp.resolve("layout"));
        ociArchive = TestImages.toOciArchive(layout, tmp.resolve("image.oci.tar"));
        dockerArchive = TestImages.toDockerArchive(layout, tmp.resolve("image.docker.tar"));
    }

    private static JsonNode json(Cli.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void inspect_json_ociLayout_reportsManifestConfigLayersAndOs() throws IOException {
        JsonNode j = json(Cli.run("image", "inspect", "--format", "json", "oci:" + layout + ":1.0").requireImageReader());
        assertThat(j.get("transport").asText()).isEqualTo("oci");
        assertThat(j.get("location").asText()).startsWith("oci:").endsWith(":1.0");
        assertThat(j.get("manifestDigest").asText()).startsWith("sha256:");
        assertThat(j.get("manifestMediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(j.get("configDigest").asText()).startsWith("sha256:");
        assertThat(j.get("platform").asText()).isEqualTo("linux/amd64");
        assertThat(j.get("availablePlatforms")).extracting(JsonNode::asText).containsExactly("linux/amd64");
        assertThat(j.get("os").get("id").asText()).isEqualTo("alpine");
        assertThat(j.get("os").get("versionId").asText()).isEqualTo("3.20.3");
        assertThat(j.get("layers")).hasSize(2);
        JsonNode layer0 = j.get("layers").get(0);
        assertThat(layer0.get("index").asInt()).isZero();
        assertThat(layer0.get("digest").asText()).startsWith("sha256:");
        assertThat(layer0.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
        assertThat(layer0.get("size").asLong()).isPositive();
        JsonNode c = j.get("config");
        assertThat(c.get("user").asText()).isEqualTo("1000:1000");
        assertThat(c.get("runsAsRoot").asBoolean()).isFalse();
        assertThat(c.get("entrypoint")).extracting(JsonNode::asText).containsExactly("/app/run.sh");
        assertThat(c.get("cmd")).extracting(JsonNode::asText).containsExactly("--serve");
        assertThat(c.get("env")).extracting(JsonNode::asText).containsExactly("PATH=/usr/bin:/bin", "MODE=test");
        assertThat(c.get("workingDir").asText()).isEqualTo("/app");
        assertThat(c.get("exposedPorts")).extracting(JsonNode::asText).containsExactly("8080/tcp");
        assertThat(c.get("labels").get("org.opencontainers.image.title").asText()).isEqualTo("cli-test");
        assertThat(c.get("healthcheck").isNull()).isTrue();
        assertThat(c.get("history")).hasSize(2);
        assertThat(c.get("history").get(0).get("createdBy").asText()).isNotEmpty();
    }

    @Test
    void inspect_json_hasEveryDocumentedField() throws IOException {
        JsonNode j = json(Cli.run("image", "inspect", "--format", "json", layout.toString()).requireImageReader());
        assertThat(j.fieldNames()).toIterable().containsExactly("location", "transport", "manifestDigest",
                "manifestMediaType", "manifestAnnotations", "configDigest", "configMediaType", "platform",
                "availablePlatforms", "os", "layers", "config");
        assertThat(j.get("config").fieldNames()).toIterable().containsExactly("created", "author", "user",
                "runsAsRoot", "env", "entrypoint", "cmd", "workingDir", "exposedPorts", "volumes", "labels",
                "stopSignal", "healthcheck", "history");
        assertThat(j.get("layers").get(0).fieldNames()).toIterable()
                .containsExactly("index", "digest", "mediaType", "size", "diffId");
    }

    @Test
    void inspect_ociArchive_andDockerArchive_sameConfig() throws IOException {
        JsonNode oci = json(Cli.run("image", "inspect", "--format", "json", "oci-archive:" + ociArchive).requireImageReader());
        assertThat(oci.get("transport").asText()).isEqualTo("oci-archive");
        JsonNode docker = json(Cli.run("image", "inspect", "--format", "json", "docker-archive:" + dockerArchive));
        assertThat(docker.get("transport").asText()).isEqualTo("docker-archive");
        assertThat(docker.get("config").get("user").asText()).isEqualTo("1000:1000");
        assertThat(docker.get("os").get("id").asText()).isEqualTo("alpine");
        assertThat(docker.get("layers")).hasSize(2);
        assertThat(oci.get("config").get("env")).isEqualTo(docker.get("config").get("env"));
    }

    @Test
    void inspect_detectsFormatOfBarePaths() throws IOException {
        assertThat(json(Cli.run("image", "inspect", "--format", "json", ociArchive.toString()).requireImageReader())
                .get("transport").asText()).isEqualTo("oci-archive");
        assertThat(json(Cli.run("image", "inspect", "--format", "json", dockerArchive.toString()))
                .get("transport").asText()).isEqualTo("docker-archive");
    }

    @Test
    void inspect_table_forPeople() {
        Cli.Result r = Cli.run("image", "inspect", "oci:" + layout).requireImageReader();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Transport:", "oci", "User:", "1000:1000", "Alpine Linux v3.20", "Layers (2):",
                "/app/run.sh", "8080/tcp");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void ls_json_listsMergedViewSortedWithLayers() throws IOException {
        JsonNode j = json(Cli.run("image", "ls", "--format", "json", "oci:" + layout + ":1.0").requireImageReader());
        List<String> paths = new ArrayList<>();
        j.forEach(e -> paths.add(e.get("path").asText()));
        assertThat(paths).isSorted().contains("/etc/os-release", "/bin/sh", "/app/run.sh", "/app/current")
                .doesNotContain("/etc/motd");
        JsonNode run = find(j, "/app/run.sh");
        assertThat(run.get("type").asText()).isEqualTo("regular");
        assertThat(run.get("mode").asText()).isEqualTo("0755");
        assertThat(run.get("size").asLong()).isEqualTo("#!/bin/sh\necho run\n".length());
        assertThat(run.get("layerIndex").asInt()).isEqualTo(1);
        assertThat(run.get("layer").asText()).startsWith("sha256:");
        assertThat(run.get("uid").asLong()).isZero();
        assertThat(run.has("linkTarget")).isFalse();
        JsonNode link = find(j, "/app/current");
        assertThat(link.get("type").asText()).isEqualTo("symlink");
        assertThat(link.get("linkTarget").asText()).isEqualTo("run.sh");
        assertThat(find(j, "/etc/passwd").get("layerIndex").asInt()).isZero();
        assertThat(find(j, "/etc/passwd").get("layer").asText()).isNotEqualTo(run.get("layer").asText());
    }

    @Test
    void ls_table_andJson_agreeOnEntries() throws IOException {
        Cli.Result table = Cli.run("image", "ls", "docker-archive:" + dockerArchive).requireImageReader();
        assertThat(table.exitCode()).as(table.toString()).isZero();
        JsonNode j = json(Cli.run("image", "ls", "--format", "json", "docker-archive:" + dockerArchive));
        assertThat(table.out().lines().count()).isEqualTo(j.size() + 1L);
        assertThat(table.out()).contains("/app/current -> run.sh").contains("-rwxr-xr-x");
    }

    @Test
    void ls_withProgress_keepsStdoutClean() throws IOException {
        Cli.Result r = Cli.run("image", "ls", "--format", "json", "--progress", "oci:" + layout).requireImageReader();
        assertThat(json(r).size()).isPositive();
        assertThat(r.err()).isNotBlank().doesNotContain("\r");
    }

    @Test
    void missingTag_isBadInput() {
        Cli.Result r = Cli.run("image", "inspect", "oci:" + layout + ":nope").requireImageReader();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.errLines()).singleElement().asString().contains("nope");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void corruptedLayer_isBadInput_andNothingOnStdout() throws Exception {
        Path copy = tmp.resolve("corrupt");
        TestImages.run("cp", "-r", layout.toString(), copy.toString());
        Path biggest;
        try (Stream<Path> blobs = Files.list(copy.resolve("blobs/sha256"))) {
            biggest = blobs.max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(biggest);
        bytes[bytes.length / 2] ^= 0x55;
        biggest.toFile().setWritable(true);
        Files.write(biggest, bytes);
        Cli.Result r = Cli.run("image", "ls", "--format", "json", "oci:" + copy).requireImageReader();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
    }

    @Test
    void bundledExampleImage_inspectsOnAFreshClone() throws IOException {
        Path hello = Path.of("..", "examples", "images", "hello");
        JsonNode j = json(Cli.run("image", "inspect", "--format", "json", hello.toString()).requireImageReader());
        assertThat(j.get("os").get("id").asText()).isEqualTo("hello");
        assertThat(j.get("config").get("user").asText()).isEqualTo("1000:1000");
        assertThat(j.get("layers")).hasSize(2);
    }

    private static JsonNode find(JsonNode array, String path) {
        for (JsonNode e : array) {
            if (e.get("path").asText().equals(path)) {
                return e;
            }
        }
        throw new AssertionError(path + " not listed");
    }
}
