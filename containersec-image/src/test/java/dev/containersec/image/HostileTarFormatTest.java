package dev.containersec.image;

import static dev.containersec.image.TestWalks.walk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.TestImages.Compression;
import dev.containersec.image.TestWalks.Walked;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed tar streams inside layers: each ends in a typed error, never a hang or a silent end. */
class HostileTarFormatTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private String layer(byte[] tar, Compression c) {
        return TestImages.oci().layer(tar, c).write(tmp.resolve("img")).location();
    }

    private String layer(Consumer<TestTar> body) {
        return layer(TestTar.build(body), Compression.NONE);
    }

    private static Throwable walkFailure(String loc, String... globs) {
        return walkFailure(loc, ScanLimits.defaults(), globs);
    }

    private static Throwable walkFailure(String loc, ScanLimits limits, String... globs) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> walk(loc, limits, globs)));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] twoFiles() {
        return TestTar.build(t -> t.file("a", random(100_000, 1)).file("b", random(100_000, 2)).end());
    }

    @ParameterizedTest
    @ValueSource(ints = {300, 512 + 100_352 + 100})
    void walk_tarTruncatedMidHeader_failsWithInvalidInput(int cut) {
        String loc = layer(Arrays.copyOf(twoFiles(), cut), Compression.NONE);

        Throwable t = walkFailure(loc);

        assertThat(t).isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("truncated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/b"})
    void walk_tarTruncatedMidContent_failsWithInvalidInput_whetherOrNotTheFileIsRead(String glob) {
        String loc = layer(Arrays.copyOf(twoFiles(), 512 + 100_352 + 512 + 50_000), Compression.NONE);

        Throwable t = glob.isEmpty() ? walkFailure(loc) : walkFailure(loc, glob);

        assertThat(t).isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("truncated");
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void walk_compressedStreamTruncated_failsWithInvalidInput(Compression c) {
        byte[] blob = TestImages.compress(twoFiles(), c);
        String loc = TestImages.oci().layerBlob(Arrays.copyOf(blob, blob.length / 2), TestImages.mediaType(c))
                .write(tmp.resolve("img")).location();

        Throwable t = walkFailure(loc);

        assertThat(t).isExactlyInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void walk_compressedStreamTruncatedInsideADeliveredFile_failsWithInvalidInput(Compression c) {
        byte[] blob = TestImages.compress(twoFiles(), c);
        String loc = TestImages.oci().layerBlob(Arrays.copyOf(blob, blob.length * 3 / 4), TestImages.mediaType(c))
                .write(tmp.resolve("img")).location();

        Throwable t = walkFailure(loc, "/b");

        assertThat(t).isExactlyInstanceOf(InvalidInputException.class);
    }

    @Test
    void walk_compressedStreamWithGarbageInside_failsWithInvalidInput() {
        // Compressible content, so the garbage lands in Huffman-coded data rather than a stored block.
        byte[] blob = TestImages.gzip(TestTar.build(t -> t.file("text", "all work and no play ".repeat(20_000)).end()));
        for (int i = blob.length / 3; i < blob.length / 3 + 64; i++) {
            blob[i] ^= 0x5a;
        }
        String loc = TestImages.oci().layerBlob(blob, TestImages.GZIP_LAYER).write(tmp.resolve("img")).location();

        assertThat(walkFailure(loc, "/**")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void walk_layerThatIsNotATar_failsWithInvalidInput() {
        String loc = layer(random(10_000, 3), Compression.GZIP);

        assertThat(walkFailure(loc)).isExactlyInstanceOf(InvalidInputException.class);
    }

    @Test
    void walk_headerChecksumCorrupted_failsWithInvalidInput() {
        String loc = layer(t -> t.file("ok", "x").entry(TestTar.Header.of("bad", '0', 0).corruptChecksum()).end());

        assertThat(walkFailure(loc)).isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("checksum");
    }

    @Test
    void walk_nonOctalSize_failsWithInvalidInput() {
        byte[] h = TestTar.Header.of("f", '0', 0).toBlock();
        System.arraycopy("0000000009x\0".getBytes(StandardCharsets.US_ASCII), 0, h, 124, 12);
        TestTar.writeChecksum(h);
        String loc = layer(t -> t.raw(h).end());

        assertThat(walkFailure(loc)).isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("octal");
    }

    @Test
    void walk_paxHeaderOverTheLimit_failsWithTarHeaderBytesLimit() {
        int size = 2 << 20;
        String loc = layer(t -> t.pax(Map.of("comment", "x".repeat(size))).file("f", "x").end());

        Throwable t = walkFailure(loc);

        assertThat(t).isInstanceOfSatisfying(LimitExceededException.class, e -> {
            assertThat(e.limit()).isEqualTo(ScanLimits.Limit.TAR_HEADER_BYTES);
            assertThat(e.allowed()).isEqualTo(1 << 20);
            assertThat(e.reached()).isGreaterThan(size);
        });
    }

    @Test
    void walk_gnuLongNameOverTheLimit_failsWithTarHeaderBytesLimit() {
        byte[] name = "n".repeat(3 << 20).getBytes(StandardCharsets.US_ASCII);
        String loc = layer(t -> t.entry(TestTar.Header.of("././@LongLink", 'L', name.length)).raw(name).pad(name.length)
                .file("f", "x").end());

        assertThat(walkFailure(loc)).isInstanceOfSatisfying(LimitExceededException.class,
                e -> assertThat(e.limit()).isEqualTo(ScanLimits.Limit.TAR_HEADER_BYTES));
    }

    @Test
    void walk_paxHeaderDeclaringHugeSize_isRejectedBeforeAllocating() {
        String loc = layer(t -> t.entry(TestTar.Header.of("PaxHeaders/x", 'x', 1L << 40).base256Size()).end());

        assertThat(walkFailure(loc)).isInstanceOfSatisfying(LimitExceededException.class,
                e -> assertThat(e.reached()).isEqualTo(1L << 40));
    }

    @ParameterizedTest
    @ValueSource(strings = {"999 path=x\n", "abc", "5 a\n", "12 path=abc", "3 =\n", "11 size=-5\n", "11 size=1x\n",
        "30 size=1234567890123456789012\n", "0 path=x\n", "7 path=x\n"})
    void walk_paxHeaderWithBadRecord_failsWithInvalidInput(String record) {
        String loc = layer(t -> t.paxRaw(record.getBytes(StandardCharsets.UTF_8)).file("f", "x").end());

        assertThat(walkFailure(loc)).isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("PAX");
    }

    @Test
    void walk_paxPathAndSize_overrideTheUstarHeader() {
        String loc = layer(t -> t.pax(Map.of("path", "pax/name", "size", "5"))
                .entry(TestTar.Header.of("ustar-name", '0', 999)).raw("hello".getBytes(StandardCharsets.US_ASCII))
                .pad(5).end());

        Walked w = walk(loc, "/**");

        assertThat(w.paths()).containsExactly("/pax", "/pax/name");
        assertThat(w.delivered()).singleElement().satisfies(d -> assertThat(d.text()).isEqualTo("hello"));
    }

    @Test
    void walk_base256Size_isRead() {
        byte[] content = "base-256 sized".getBytes(StandardCharsets.US_ASCII);
        String loc = layer(t -> t.entry(TestTar.Header.of("f", '0', content.length).base256Size()).raw(content)
                .pad(content.length).file("g", "after").end());

        Walked w = walk(loc, "/**");

        assertThat(w.delivered()).extracting(TestWalks.Delivered::text).containsExactly("base-256 sized", "after");
    }

    @Test
    void walk_negativeBase256Size_failsWithInvalidInput() {
        byte[] h = TestTar.Header.of("f", '0', 0).toBlock();
        Arrays.fill(h, 124, 136, (byte) 0xff);
        TestTar.writeChecksum(h);
        String loc = layer(t -> t.raw(h).end());

        assertThat(walkFailure(loc)).isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("negative");
    }

    @Test
    void walk_base256SizeNearLongMax_failsAsTruncated_insteadOfReadingContentAsHeaders() {
        // A size of 2^63-1 plus its padding overflows a long; the next "header" must not be read from the content.
        byte[] smuggled = TestTar.build(t -> t.file("smuggled", "x"));
        String loc = layer(t -> t.entry(TestTar.Header.of("huge", '0', Long.MAX_VALUE).base256Size()).raw(smuggled).end());

        Throwable t = walkFailure(loc);

        assertThat(t).isExactlyInstanceOf(InvalidInputException.class);
    }

    @Test
    void walk_zeroBlockFollowedByData_failsWithInvalidInput() {
        String loc = layer(t -> t.file("a", "x").raw(new byte[TestTar.BLOCK]).file("hidden", "y").end());

        assertThat(walkFailure(loc)).isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("zero block");
    }

    @Test
    void walk_uidBeyond32Bits_failsWithInvalidInput() {
        String loc = layer(t -> t.pax(Map.of("uid", "99999999999")).file("f", "x").end());

        assertThat(walkFailure(loc)).isExactlyInstanceOf(InvalidInputException.class);
    }

    @Test
    void walk_archiveEndingWithoutEndMarker_isAcceptedUpToItsLastEntry() {
        String loc = layer(t -> t.file("only", "x"));

        assertThat(walk(loc).paths()).containsExactly("/only");
    }
}
