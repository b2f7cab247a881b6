package dev.containersec.image;

import static dev.containersec.image.TestWalks.walk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.luben.zstd.Zstd;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decompression bombs and huge layers, generated cheaply: gzip members and zstd frames concatenate,
 * so one compressed chunk of 64 MiB of zeros is written again and again to reach 10 GiB.
 */
class HostileBombTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final int CHUNK = 64 << 20;
    private static final long TEN_GIB = 10L << 30;
    private static final int ENTRIES = 1_000_000;

    @TempDir
    static Path shared;
    private static byte[] gzipZeros;
    private static byte[] zstdZeros;
    private static Path millionEntries;

    @TempDir
    Path tmp;

    @BeforeAll
    static void compressOnce() {
        byte[] zeros = new byte[CHUNK];
        gzipZeros = TestImages.gzip(zeros, Deflater.BEST_COMPRESSION);
        zstdZeros = Zstd.compress(zeros, 3);
    }

    /** A layer holding one regular file that declares {@code size} bytes of zeros, all of them present. */
    private static Path bomb(Path file, TestImages.Compression c, long size) {
        byte[] header = TestTar.Header.of("bomb", '0', size).base256Size().toBlock();
        byte[] chunk = c == TestImages.Compression.GZIP ? gzipZeros : zstdZeros;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(TestImages.compress(header, c));
            for (long done = 0; done < size; done += CHUNK) {
                out.write(chunk);
            }
            out.write(TestImages.compress(new byte[2 * TestTar.BLOCK], c));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private String bombImage(TestImages.Compression c, long size) {
        Path blob = bomb(tmp.resolve("bomb.blob"), c, size);
        return TestImages.oci().layerFile(blob, TestImages.mediaType(c)).write(tmp.resolve("img")).location();
    }

    private static Throwable walkFailure(String loc, ScanLimits limits, String... globs) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> walk(loc, limits, globs)));
    }

    private static void assertLimit(Throwable t, ScanLimits.Limit limit) {
        assertThat(t).isInstanceOfSatisfying(LimitExceededException.class, e -> {
            assertThat(e.limit()).isEqualTo(limit);
            assertThat(e.reached()).isGreaterThan(e.allowed());
        });
    }

    @Test
    void walk_zstdBombOf10GiB_failsWithCompressionRatioLimit_soonAfterTheGrace() {
        String loc = bombImage(TestImages.Compression.ZSTD, TEN_GIB);

        Throwable t = walkFailure(loc, ScanLimits.defaults(), "/bomb");

        assertLimit(t, ScanLimits.Limit.COMPRESSION_RATIO);
    }

    @Test
    void walk_gzipBombOf10GiB_failsWithCompressionRatioLimit() {
        // Deflate's best ratio (about 1030:1) is barely above the default 1000:1, so a stricter ratio keeps this quick.
        String loc = bombImage(TestImages.Compression.GZIP, TEN_GIB);
        ScanLimits limits = ScanLimits.builder().maxCompressionRatio(200).build();

        Throwable t = walkFailure(loc, limits, "/bomb");

        assertLimit(t, ScanLimits.Limit.COMPRESSION_RATIO);
        assertThat(((LimitExceededException) t).allowed()).isEqualTo(200);
    }

    @Test
    void walk_gzipBombOf10GiB_withDefaultLimits_failsWithCompressionRatioLimit() {
        String loc = bombImage(TestImages.Compression.GZIP, TEN_GIB);

        assertLimit(walkFailure(loc, ScanLimits.defaults()), ScanLimits.Limit.COMPRESSION_RATIO);
    }

    @Test
    void walk_gzipBombOf10GiB_failsWithLayerBytesLimit_whenTheRatioIsAllowed() {
        String loc = bombImage(TestImages.Compression.GZIP, TEN_GIB);
        ScanLimits limits = ScanLimits.builder().maxCompressionRatio(Integer.MAX_VALUE).maxLayerBytes(300L << 20).build();

        Throwable t = walkFailure(loc, limits);

        assertLimit(t, ScanLimits.Limit.LAYER_BYTES);
        assertThat(((LimitExceededException) t).allowed()).isEqualTo(300L << 20);
    }

    @Test
    void walk_bombsInTwoLayers_failWithImageBytesLimit() {
        Path blob = bomb(tmp.resolve("b.blob"), TestImages.Compression.ZSTD, 128L << 20);
        String loc = TestImages.oci().layerFile(blob, TestImages.ZSTD_LAYER).layerFile(blob, TestImages.ZSTD_LAYER)
                .write(tmp.resolve("img")).location();
        ScanLimits limits = ScanLimits.builder().maxImageBytes(200L << 20).build();

        assertLimit(walkFailure(loc, limits), ScanLimits.Limit.IMAGE_BYTES);
    }

    @Test
    void walk_bombWithTimeLimit_failsWithTimeLimit() {
        String loc = bombImage(TestImages.Compression.ZSTD, TEN_GIB);
        ScanLimits limits = ScanLimits.builder().maxCompressionRatio(Integer.MAX_VALUE)
                .timeout(Duration.ofMillis(300)).build();

        assertLimit(walkFailure(loc, limits), ScanLimits.Limit.TIME);
    }

    // ---- a million entries -----------------------------------------------------------------------

    /** 1,000 directories of 999 empty files each: 1,000,000 entries, written straight into gzip. */
    private static Path millionEntryLayer() throws IOException {
        if (millionEntries == null) {
            Path file = shared.resolve("million.tar.gz");
            try (GZIPOutputStream gz = TestImages.gzipStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20),
                    Deflater.BEST_SPEED)) {
                TestTar tar = new TestTar(gz);
                for (int d = 0; d < 1000; d++) {
                    String dir = String.format("d%03d/", d);
                    tar.dir(dir);
                    for (int f = 0; f < 999; f++) {
                        tar.raw(TestTar.Header.of(dir + f, '0', 0).toBlock());
                    }
                }
                tar.end();
            }
            millionEntries = file;
        }
        return millionEntries;
    }

    @Test
    void walk_layerWithAMillionEntries_completesWithDefaultLimits() throws IOException {
        String loc = TestImages.oci().layerFile(millionEntryLayer(), TestImages.GZIP_LAYER).write(tmp.resolve("img"))
                .location();

        WalkResult r = assertTimeoutPreemptively(HANG_GUARD,
                () -> walkOnce(loc, FileWalk.builder().build()));

        assertThat(r.entries()).isEqualTo(ENTRIES);
        assertThat(r.visibleEntries()).isEqualTo(ENTRIES);
        assertThat(r.skipped()).isEmpty();
    }

    @Test
    void walk_layerWithAMillionEntries_failsWithEntriesPerLayerLimit() throws IOException {
        String loc = TestImages.oci().layerFile(millionEntryLayer(), TestImages.GZIP_LAYER).write(tmp.resolve("img"))
                .location();
        ScanLimits limits = ScanLimits.builder().maxEntriesPerLayer(1000).build();

        Throwable t = walkFailure(loc, limits);

        assertThat(t).isInstanceOfSatisfying(LimitExceededException.class, e -> {
            assertThat(e.limit()).isEqualTo(ScanLimits.Limit.ENTRIES_PER_LAYER);
            assertThat(e.allowed()).isEqualTo(1000);
            assertThat(e.reached()).isEqualTo(1001);
        });
    }

    @Test
    void walk_entriesAcrossLayers_failWithEntriesPerImageLimit() {
        byte[] tar = TestTar.build(t -> {
            for (int i = 0; i < 600; i++) {
                t.file("f" + i, "");
            }
            t.end();
        });
        String loc = TestImages.oci().layer(tar).layer(tar).write(tmp.resolve("img")).location();
        ScanLimits limits = ScanLimits.builder().maxEntriesPerImage(1000).build();

        Throwable t = walkFailure(loc, limits);

        assertThat(t).isInstanceOfSatisfying(LimitExceededException.class, e -> {
            assertThat(e.limit()).isEqualTo(ScanLimits.Limit.ENTRIES_PER_IMAGE);
            assertThat(e.reached()).isEqualTo(1001);
        });
    }

    @Test
    void walk_millionEntryListing_isDeliveredSortedWithoutRunningOutOfMemory() throws IOException {
        String loc = TestImages.oci().layerFile(millionEntryLayer(), TestImages.GZIP_LAYER).write(tmp.resolve("img"))
                .location();
        long[] count = {0};
        String[] last = {""};
        boolean[] sorted = {true};

        assertTimeoutPreemptively(HANG_GUARD, () -> walkOnce(loc, FileWalk.builder().listing(e -> {
            count[0]++;
            sorted[0] &= e.path().compareTo(last[0]) > 0;
            last[0] = e.path();
        }).build()));

        assertThat(count[0]).isEqualTo(ENTRIES);
        assertThat(sorted[0]).isTrue();
    }

    private static WalkResult walkOnce(String loc, FileWalk walk) {
        try (Image image = ImageReader.create().open(loc)) {
            return image.walk(walk);
        }
    }
}
