package dev.containersec.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.Digest;
import dev.containersec.api.DigestMismatchException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-archive names layers by diffID, the digest of the uncompressed tar: layers stored compressed
 * are verified after decompression, stored ones as they are, and both fail on tampering.
 */
class DockerArchiveLayerVerificationTest {

    @TempDir
    Path dir;

    private static final byte[] LAYER = TestTar.build(t -> t.dir("app/").file("app/hello.txt", "hello from a layer\n"));

    @Test
    void walk_gzipCompressedLayer_isVerifiedAgainstItsDiffIdAfterDecompression() throws IOException {
        Path archive = archive(TestImages.gzip(LAYER), TestImages.sha256(LAYER));

        List<String> contents = contents(archive);

        assertThat(contents).containsExactly("/app/hello.txt=hello from a layer\n");
    }

    @Test
    void walk_uncompressedLayer_isVerifiedAsStored() throws IOException {
        Path archive = archive(LAYER, TestImages.sha256(LAYER));

        assertThat(contents(archive)).containsExactly("/app/hello.txt=hello from a layer\n");
    }

    @Test
    void walk_gzipLayerWhoseContentDiffersFromTheDiffId_isADigestMismatch() throws IOException {
        byte[] other = TestTar.build(t -> t.file("app/hello.txt", "tampered\n"));
        Path archive = archive(TestImages.gzip(other), TestImages.sha256(LAYER));

        assertThatThrownBy(() -> contents(archive)).isInstanceOf(DigestMismatchException.class)
                .satisfies(e -> assertThat(((DigestMismatchException) e).expected()).isEqualTo(TestImages.sha256(LAYER)));
    }

    @Test
    void walk_uncompressedLayerTampered_isADigestMismatch() throws IOException {
        byte[] other = TestTar.build(t -> t.file("app/hello.txt", "tampered\n"));
        Path archive = archive(other, TestImages.sha256(LAYER));

        assertThatThrownBy(() -> contents(archive)).isInstanceOf(DigestMismatchException.class);
    }

    private List<String> contents(Path archive) {
        List<String> out = new ArrayList<>();
        try (Image image = ImageReader.create().open("docker-archive:" + archive)) {
            image.walk(FileWalk.builder().contents(List.of("/app/*"),
                    (e, in) -> out.add(e.path() + "=" + new String(in.readAllBytes(), StandardCharsets.UTF_8))).build());
        }
        return out;
    }

    /** A legacy docker save layout: manifest.json, {@code <id>.json} and {@code <id>/layer.tar}. */
    private Path archive(byte[] storedLayer, Digest diffId) throws IOException {
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}";
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        String configName = TestImages.sha256(configBytes).hex() + ".json";
        String manifest = "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"example/app:1\"],"
                + "\"Layers\":[\"0123abcd/layer.tar\"]}]";
        Path file = dir.resolve("image.tar");
        try (OutputStream out = Files.newOutputStream(file)) {
            new TestTar(out).file("manifest.json", manifest).file(configName, configBytes)
                    .dir("0123abcd/").file("0123abcd/layer.tar", storedLayer).end();
        }
        return file;
    }
}
