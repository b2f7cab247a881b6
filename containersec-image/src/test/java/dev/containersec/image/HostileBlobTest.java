package dev.containersec.image;

import static dev.containersec.image.TestWalks.walk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.containersec.api.Digest;
import dev.containersec.api.DigestMismatchException;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.NotFoundException;
import dev.containersec.api.ScanLimits;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blobs that do not match what names them: wrong digests and sizes, missing, endless or linked out. */
class HostileBlobTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final byte[] TAR = TestTar.build(t -> t.file("etc/os-release", "ID=test\n").file("f", "x").end());

    @TempDir
    Path tmp;

    private TestImages.Layout image() {
        return TestImages.oci().layer(TAR).write(tmp.resolve("img"));
    }

    private static Throwable openFailure(String loc) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> ImageReader.create().open(loc).close()));
    }

    private static Throwable walkFailure(String loc, String... globs) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> walk(loc, globs)));
    }

    /** Replaces a file's bytes with others of the same length. */
    private static void tamper(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 1;
        Files.write(file, b);
    }

    private static void sparseGrow(Path file, long length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
    }

    @Test
    void walk_layerBlobTampered_failsWithDigestMismatchNamingTheLayerDigest() throws IOException {
        TestImages.Layout img = image();
        tamper(img.blob(img.layers().get(0)));

        Throwable t = walkFailure(img.location(), "/**");

        assertThat(t).isInstanceOfSatisfying(DigestMismatchException.class, e -> {
            assertThat(e.expected()).isEqualTo(img.layers().get(0));
            assertThat(e.actual()).startsWith("sha256:").isNotEqualTo(img.layers().get(0).toString());
        });
    }

    @Test
    void walk_layerDescriptorNamingAnotherDigest_failsWithDigestMismatch() {
        Digest wrong = Digest.sha256(new byte[] {1, 2, 3});
        TestImages.Layout img = TestImages.oci().layer(TAR).lastLayerDigest(wrong.toString()).write(tmp.resolve("img"));

        assertThat(walkFailure(img.location())).isInstanceOfSatisfying(DigestMismatchException.class,
                e -> assertThat(e.expected()).isEqualTo(wrong));
    }

    @Test
    void walk_uncompressedLayerTampered_failsWithDigestMismatch() throws IOException {
        TestImages.Layout img = TestImages.oci().layer(TAR, TestImages.Compression.NONE).write(tmp.resolve("img"));
        Path blob = img.blob(img.layers().get(0));
        byte[] b = Files.readAllBytes(blob);
        b[512] = 'Y';
        Files.write(blob, b);

        assertThat(walkFailure(img.location(), "/etc/os-release")).isInstanceOfSatisfying(DigestMismatchException.class,
                e -> assertThat(e.expected()).isEqualTo(img.layers().get(0)));
    }

    @Test
    void walk_layerDescriptorSizeSmallerThanBlob_failsWithDigestMismatchOnSize() {
        byte[] blob = TestImages.gzip(TAR);
        TestImages.Layout img = TestImages.oci().layerBlob(blob, TestImages.GZIP_LAYER).lastLayerSize(blob.length - 1)
                .write(tmp.resolve("img"));

        assertThat(walkFailure(img.location())).isInstanceOfSatisfying(DigestMismatchException.class,
                e -> assertThat(e.actual()).contains("more than").contains("descriptor says " + (blob.length - 1)));
    }

    @Test
    void walk_layerDescriptorSizeLargerThanBlob_failsWithDigestMismatchOnSize() {
        byte[] blob = TestImages.gzip(TAR);
        TestImages.Layout img = TestImages.oci().layerBlob(blob, TestImages.GZIP_LAYER).lastLayerSize(blob.length + 100)
                .write(tmp.resolve("img"));

        assertThat(walkFailure(img.location())).isInstanceOfSatisfying(DigestMismatchException.class,
                e -> assertThat(e.actual()).isEqualTo(blob.length + " bytes where the descriptor says " + (blob.length + 100)));
    }

    @Test
    void walk_endlessLayerBlob_stopsOneBytePastTheDescriptorSize_withDigestMismatch() throws IOException {
        TestImages.Layout img = TestImages.oci().layer(TAR, TestImages.Compression.NONE).lastLayerSize(10)
                .write(tmp.resolve("img"));
        sparseGrow(img.blob(img.layers().get(0)), 64L << 30);

        Throwable t = walkFailure(img.location());

        assertThat(t).isInstanceOfSatisfying(DigestMismatchException.class,
                e -> assertThat(e.actual()).isEqualTo("more than 11 bytes where the descriptor says 10"));
    }

    @Test
    void open_endlessConfigBlob_failsWithinTheDocumentLimit() throws IOException {
        TestImages.Layout img = image();
        sparseGrow(img.blob(img.config()), 64L << 30);

        Throwable t = openFailure(img.location());

        assertThat(t).isInstanceOfSatisfying(LimitExceededException.class,
                e -> assertThat(e.limit()).isEqualTo(ScanLimits.Limit.DOCUMENT_BYTES));
    }

    @Test
    void open_configBlobTampered_failsWithDigestMismatchNamingTheConfigDigest() throws IOException {
        TestImages.Layout img = image();
        tamper(img.blob(img.config()));

        assertThat(openFailure(img.location())).isInstanceOfSatisfying(DigestMismatchException.class,
                e -> assertThat(e.expected()).isEqualTo(img.config()));
    }

    @Test
    void open_configDescriptorSizeWrong_failsWithDigestMismatch() {
        TestImages.Layout img = TestImages.oci().layer(TAR).configDescriptorSize(3).write(tmp.resolve("img"));

        assertThat(openFailure(img.location())).isInstanceOfSatisfying(DigestMismatchException.class,
                e -> assertThat(e.actual()).endsWith("descriptor says 3"));
    }

    @Test
    void open_configStoredUnderAnotherDigest_failsWithDigestMismatch() {
        Digest wrong = Digest.sha256(new byte[] {9});
        TestImages.Layout img = TestImages.oci().layer(TAR).configDescriptorDigest(wrong.toString()).write(tmp.resolve("img"));

        assertThat(openFailure(img.location())).isInstanceOfSatisfying(DigestMismatchException.class,
                e -> assertThat(e.expected()).isEqualTo(wrong));
    }

    @Test
    void open_manifestBlobTampered_failsWithDigestMismatchNamingTheManifestDigest() throws IOException {
        TestImages.Layout img = image();
        tamper(img.blob(img.manifest()));

        assertThat(openFailure(img.location())).isInstanceOfSatisfying(DigestMismatchException.class,
                e -> assertThat(e.expected()).isEqualTo(img.manifest()));
    }

    @Test
    void open_manifestBlobMissing_failsWithNotFoundNamingTheDigest() throws IOException {
        TestImages.Layout img = image();
        Files.delete(img.blob(img.manifest()));

        assertThat(openFailure(img.location())).isInstanceOfSatisfying(NotFoundException.class, e -> {
            assertThat(e.what()).isEqualTo("blob");
            assertThat(e.wanted()).isEqualTo(img.manifest().toString());
        });
    }

    @Test
    void open_configBlobMissing_failsWithNotFoundNamingTheDigest() throws IOException {
        TestImages.Layout img = image();
        Files.delete(img.blob(img.config()));

        assertThat(openFailure(img.location())).isInstanceOfSatisfying(NotFoundException.class, e -> {
            assertThat(e.what()).isEqualTo("blob");
            assertThat(e.wanted()).isEqualTo(img.config().toString());
        });
    }

    @Test
    void walk_layerBlobMissing_failsWithNotFoundNamingTheDigest() throws IOException {
        TestImages.Layout img = image();
        Files.delete(img.blob(img.layers().get(0)));

        assertThat(walkFailure(img.location())).isInstanceOfSatisfying(NotFoundException.class,
                e -> assertThat(e.wanted()).contains(img.layers().get(0).hex()));
    }

    @Test
    void open_configBlobSymlinkOutOfTheLayout_isNotFollowed() throws IOException {
        TestImages.Layout img = image();
        Path config = img.blob(img.config());
        Path outside = Files.writeString(tmp.resolve("outside.json"), Files.readString(config));
        Files.delete(config);
        Files.createSymbolicLink(config, outside);

        assertThat(openFailure(img.location())).isInstanceOfSatisfying(NotFoundException.class,
                e -> assertThat(e.wanted()).isEqualTo(img.config().toString()));
    }

    @Test
    void walk_layerBlobSymlinkToDevZero_isNotFollowed() throws IOException {
        TestImages.Layout img = image();
        Path layer = img.blob(img.layers().get(0));
        Files.delete(layer);
        Files.createSymbolicLink(layer, Path.of("/dev/zero"));

        assertThat(walkFailure(img.location())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void open_descriptorDigestThatIsAPath_failsWithInvalidInput() {
        List<String> hostile = new ArrayList<>(List.of("sha256:../../../../etc/passwd", "sha256:/etc/passwd",
                "sha256:" + "a".repeat(63) + "/", "../../etc/passwd", "sha256:" + "A".repeat(64)));
        for (String digest : hostile) {
            TestImages.Layout img = TestImages.oci().layer(TAR).write(tmp.resolve("img-" + hostile.indexOf(digest)));
            String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + TestImages.OCI_MANIFEST
                    + "\",\"digest\":\"" + digest + "\",\"size\":10}]}";
            try {
                Files.writeString(img.dir().resolve("index.json"), index);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }

            assertThat(openFailure(img.location())).as(digest).isExactlyInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("digest");
        }
    }
}
