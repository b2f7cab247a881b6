package dev.containersec.examples;

import static dev.containersec.examples.ChildJvm.java;
import static dev.containersec.examples.ChildJvm.runtimePath;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.examples.ChildJvm.Run;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link InspectImage} as a user would: in a child JVM, on the module path (with
 * {@code -m dev.containersec.examples/...}) and on the class path, against an image built with umoci
 * by {@code examples/images/build-example-image.sh}.
 */
class InspectImageTest {
    private static final String MAIN = "dev.containersec.examples.InspectImage";

    @TempDir
    static Path tmp;
    static Path image;

    @BeforeAll
    static void buildImage() throws Exception {
        Assumptions.assumeTrue(works("umoci", "--version"), "umoci is needed to build the example image");
        image = tmp.resolve("hello");
        Process p = new ProcessBuilder("bash", Path.of("images", "build-example-image.sh").toString(), image.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(output).isTrue();
    }

    @Test
    void onTheModulePath_printsUserLayersOsAndFiles() throws Exception {
        Run r = java("--module-path", runtimePath(), "-m", "dev.containersec.examples/" + MAIN, image.toString(), "3");
        assertThat(r.exit()).as(r.output()).isZero();
        assertExpectedOutput(r.output());
    }

    @Test
    void onTheClassPath_printsTheSame() throws Exception {
        Run r = java("-cp", runtimePath(), MAIN, "oci:" + image + ":1.0", "3");
        assertThat(r.exit()).as(r.output()).isZero();
        assertExpectedOutput(r.output());
    }

    @Test
    void unreadableImage_exits3_withTheReason() throws Exception {
        Run r = java("--module-path", runtimePath(), "-m", "dev.containersec.examples/" + MAIN,
                tmp.resolve("missing.tar").toString());
        assertThat(r.exit()).as(r.output()).isEqualTo(3);
        assertThat(r.output()).contains("cannot read").contains("missing.tar");
    }

    @Test
    void checkedInExampleImage_isWhatTheScriptBuilds() throws IOException {
        // Digests of the uncompressed layers and the config are independent of gzip's output;
        // if this fails, rerun examples/images/build-example-image.sh and commit examples/images/hello.
        assertThat(imageConfig(image)).isEqualTo(imageConfig(Path.of("images", "hello")));
    }

    private static void assertExpectedOutput(String output) {
        List<String> lines = output.lines().toList();
        assertThat(lines).contains("user: 1000:1000", "os: containersec hello example 1.0",
                "file: /app (layer 1)", "file: /app/README.txt (layer 1)", "file: /app/hello.sh (layer 1)");
        assertThat(lines).filteredOn(l -> l.startsWith("layer: sha256:")).hasSize(2);
        assertThat(lines).filteredOn(l -> l.startsWith("file: ")).hasSize(3);
    }

    private static JsonNode imageConfig(Path layout) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode index = json.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = json.readTree(blob(layout, index.get("manifests").get(0).get("digest").asText()).toFile());
        JsonNode config = json.readTree(blob(layout, manifest.get("config").get("digest").asText()).toFile());
        return config;
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
