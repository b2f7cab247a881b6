package dev.containersec.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.containersec.api.Digest;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.NotFoundException;
import dev.containersec.image.TestWalks.Walked;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile oci-archive and docker-archive files: compressed archives and entries naming paths outside. */
class HostileArchiveTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final byte[] TAR = TestTar.build(t -> t.file("etc/os-release", "ID=test\n").end());

    @TempDir
    Path tmp;
    private List<String> before;

    @BeforeEach
    void sentinel() throws IOException {
        Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(tmp.resolve("etc/passwd"), "HOST SECRET");
    }

    private static Throwable openFailure(String loc) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> ImageReader.create().open(loc).close()));
    }

    private Path ociArchive(java.util.function.Consumer<TestTar> extra) {
        TestImages.Layout img = TestImages.oci().layer(TAR).write(tmp.resolve("layout"));
        Path archive = img.toArchive(tmp.resolve("img.tar"), extra);
        before = TestImages.snapshot(tmp);
        return archive;
    }

    @Test
    void open_gzipCompressedOciArchive_failsWithClearInvalidInput() throws IOException {
        Path archive = ociArchive(t -> { });
        Path gz = Files.write(tmp.resolve("img.tar.gz"), TestImages.gzip(Files.readAllBytes(archive)));

        assertThat(openFailure("oci-archive:" + gz)).isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("gzip-compressed");
        assertThat(openFailure(gz.toString())).isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("gzip-compressed");
    }

    @Test
    void open_zstdCompressedOciArchive_failsWithClearInvalidInput() throws IOException {
        Path archive = ociArchive(t -> { });
        Path zst = Files.write(tmp.resolve("img.tar.zst"), TestImages.zstd(Files.readAllBytes(archive)));

        assertThat(openFailure("oci-archive:" + zst)).isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("zstd-compressed");
    }

    @Test
    void open_ociArchiveWithDotDotEntries_ignoresThem_andWritesNothing() {
        Path archive = ociArchive(t -> t.file("../evil", "evil").file("../../etc/passwd", "evil")
                .file("blobs/../../index.json", "{}"));

        Walked w = assertTimeoutPreemptively(HANG_GUARD, () -> TestWalks.walk("oci-archive:" + archive, "/etc/os-release"));

        assertThat(w.delivered()).singleElement().satisfies(d -> assertThat(d.text()).isEqualTo("ID=test\n"));
        assertThat(TestImages.snapshot(tmp)).isEqualTo(before);
        assertThat(tmp.resolve("evil")).doesNotExist();
        assertThat(tmp.getParent().resolve("evil")).doesNotExist();
    }

    @Test
    void open_ociArchiveWhoseIndexIsASymlinkOut_resolvesInsideTheArchiveOnly() throws IOException {
        Path archive = tmp.resolve("links.tar");
        Files.write(archive, TestTar.build(t -> t.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
                .symlink("index.json", "../../../../" + tmp.resolve("etc/passwd")).end()));

        Throwable t = openFailure("oci-archive:" + archive);

        assertThat(t).isInstanceOf(InvalidInputException.class).hasMessageContaining("index.json");
        assertThat(t.getMessage()).doesNotContain("HOST SECRET");
    }

    @Test
    void open_ociArchiveWithSymlinkLoop_failsWithoutHanging() throws IOException {
        Path archive = tmp.resolve("loop.tar");
        Files.write(archive, TestTar.build(t -> t.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
                .symlink("index.json", "a").symlink("a", "index.json").end()));

        assertThat(openFailure("oci-archive:" + archive)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void open_archiveThatIsNotATar_failsWithInvalidInput() throws IOException {
        Path junk = Files.write(tmp.resolve("junk.tar"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});

        assertThat(openFailure("oci-archive:" + junk)).isExactlyInstanceOf(InvalidInputException.class);
        assertThat(openFailure("docker-archive:" + junk)).isExactlyInstanceOf(InvalidInputException.class);
    }

    // ---- docker-archive --------------------------------------------------------------------------

    private Path dockerArchive(String layerPath, String configPath, boolean writeLayer) {
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.sha256(TAR) + "\"]}}";
        String configName = configPath != null ? configPath : Digest.sha256(TestImages.utf8(config)).hex() + ".json";
        String manifest = "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"" + layerPath + "\"]}]";
        Path archive = tmp.resolve("docker.tar");
        try {
            Files.write(archive, TestTar.build(t -> {
                t.file("manifest.json", manifest);
                t.file(configName, config);
                if (writeLayer) {
                    t.file("abc/layer.tar", TAR);
                }
                t.end();
            }));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        before = TestImages.snapshot(tmp);
        return archive;
    }

    @Test
    void open_dockerArchiveNamingALayerOutsideTheArchive_failsWithNotFound() {
        Path archive = dockerArchive("../../etc/passwd", null, true);

        Throwable t = openFailure("docker-archive:" + archive);

        assertThat(t).isInstanceOfSatisfying(NotFoundException.class, e -> {
            assertThat(e.what()).isEqualTo("layer file");
            assertThat(e.wanted()).isEqualTo("../../etc/passwd");
        });
        assertThat(TestImages.snapshot(tmp)).isEqualTo(before);
    }

    @Test
    void open_dockerArchiveNamingAnAbsoluteHostLayer_failsWithNotFound() {
        Path archive = dockerArchive(tmp.resolve("etc/passwd").toString(), null, true);

        assertThat(openFailure("docker-archive:" + archive)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void open_dockerArchiveNamingAConfigOutsideTheArchive_failsWithInvalidInput() {
        Path archive = dockerArchive("abc/layer.tar", "../../etc/passwd", true);

        assertThat(openFailure("docker-archive:" + archive)).isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void walk_dockerArchiveWithValidLayer_readsIt() {
        Path archive = dockerArchive("abc/layer.tar", null, true);

        Walked w = assertTimeoutPreemptively(HANG_GUARD, () -> TestWalks.walk("docker-archive:" + archive, "/etc/os-release"));

        assertThat(w.delivered()).singleElement().satisfies(d -> assertThat(d.text()).isEqualTo("ID=test\n"));
    }

    @Test
    void open_dockerArchiveManifestWithNestingBomb_failsWithJsonDepthLimit() throws IOException {
        Path archive = tmp.resolve("bomb.tar");
        Files.write(archive, TestTar.build(t -> t.file("manifest.json", TestImages.nestedArrays(100_000)).end()));

        assertThat(openFailure("docker-archive:" + archive)).isInstanceOfSatisfying(
                dev.containersec.api.LimitExceededException.class,
                e -> assertThat(e.limit()).isEqualTo(dev.containersec.api.ScanLimits.Limit.JSON_DEPTH));
    }
}
