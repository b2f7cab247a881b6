package dev.containersec.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.containersec.api.Digest;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile JSON documents: nesting bombs, duplicate keys, oversized documents, deep index chains. */
class HostileDocumentTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final byte[] TAR = TestTar.build(t -> t.file("f", "x").end());
    private static final String BOMB = TestImages.nestedArrays(100_000);
    private static final String DEFAULT_MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"" + TestImages.OCI_MANIFEST
            + "\",\"config\":%CONFIG%,\"layers\":[%LAYERS%]";
    private static final String DEFAULT_INDEX = "{\"schemaVersion\":2,\"manifests\":[%MANIFEST%]";

    @TempDir
    Path tmp;

    private static Throwable openFailure(String loc) {
        return openFailure(loc, ScanLimits.defaults());
    }

    private static Throwable openFailure(String loc, ScanLimits limits) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(
                () -> ImageReader.builder().limits(limits).build().open(loc).close()));
    }

    private static void assertJsonDepthLimit(Throwable t) {
        assertThat(t).isInstanceOfSatisfying(LimitExceededException.class, e -> {
            assertThat(e.limit()).isEqualTo(ScanLimits.Limit.JSON_DEPTH);
            assertThat(e.allowed()).isEqualTo(64);
        });
    }

    private static String config(String extra) {
        return "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.sha256(TAR) + "\"]}" + extra + "}";
    }

    @Test
    void open_nestingBombInIndexJson_failsWithJsonDepthLimit() {
        String loc = TestImages.oci().layer(TAR).index(DEFAULT_INDEX + ",\"annotations\":" + BOMB + "}")
                .write(tmp.resolve("img")).location();

        assertJsonDepthLimit(openFailure(loc));
    }

    @Test
    void open_nestingBombAsWholeIndexJson_failsWithJsonDepthLimit() {
        String loc = TestImages.oci().layer(TAR).index(TestImages.nestedArrays(100_000).replace("[]", "[{}]"))
                .write(tmp.resolve("img")).location();

        assertJsonDepthLimit(openFailure(loc));
    }

    @Test
    void open_nestingBombInManifest_failsWithJsonDepthLimit() {
        String loc = TestImages.oci().layer(TAR).manifest(DEFAULT_MANIFEST + ",\"annotations\":{\"a\":" + BOMB + "}}")
                .write(tmp.resolve("img")).location();

        assertJsonDepthLimit(openFailure(loc));
    }

    @Test
    void open_nestingBombInConfig_failsWithJsonDepthLimit() {
        String objects = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
        String loc = TestImages.oci().layer(TAR).config(config(",\"config\":{\"Labels\":" + objects + "}"))
                .write(tmp.resolve("img")).location();

        assertJsonDepthLimit(openFailure(loc));
    }

    @Test
    void open_nestingBombInOciLayoutFile_failsWithJsonDepthLimit() throws IOException {
        TestImages.Layout img = TestImages.oci().layer(TAR).write(tmp.resolve("img"));
        Files.writeString(img.dir().resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\",\"x\":" + BOMB + "}");

        assertJsonDepthLimit(openFailure(img.location()));
    }

    @Test
    void open_duplicateKeysInIndexJson_failsWithInvalidInput() {
        String loc = TestImages.oci().layer(TAR).index(DEFAULT_INDEX + ",\"schemaVersion\":2}")
                .write(tmp.resolve("img")).location();

        assertThat(openFailure(loc)).isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("schemaVersion");
    }

    @Test
    void open_duplicateKeysInManifest_failsWithInvalidInput() {
        // Two parsers that disagree on which "layers" counts would scan different filesystems.
        String loc = TestImages.oci().layer(TAR).manifest(DEFAULT_MANIFEST + ",\"layers\":[]}")
                .write(tmp.resolve("img")).location();

        assertThat(openFailure(loc)).isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("layers");
    }

    @Test
    void open_duplicateKeysInConfig_failsWithInvalidInput() {
        String loc = TestImages.oci().layer(TAR).config(config(",\"config\":{\"User\":\"root\",\"User\":\"app\"}"))
                .write(tmp.resolve("img")).location();

        assertThat(openFailure(loc)).isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("User");
    }

    @Test
    void open_indexJsonOverTheDocumentLimit_failsWithDocumentBytesLimit() {
        String pad = "x".repeat((16 << 20) + 10);
        String loc = TestImages.oci().layer(TAR).index(DEFAULT_INDEX + ",\"pad\":\"" + pad + "\"}")
                .write(tmp.resolve("img")).location();

        assertThat(openFailure(loc)).isInstanceOfSatisfying(LimitExceededException.class, e -> {
            assertThat(e.limit()).isEqualTo(ScanLimits.Limit.DOCUMENT_BYTES);
            assertThat(e.allowed()).isEqualTo(16 << 20);
            assertThat(e.reached()).isEqualTo((16 << 20) + 1);
        });
    }

    @Test
    void open_manifestOverTheDocumentLimit_failsWithDocumentBytesLimit_beforeReadingIt() {
        ScanLimits limits = ScanLimits.builder().maxDocumentBytes(4096).build();
        String pad = "y".repeat(10_000);
        TestImages.Layout img = TestImages.oci().layer(TAR)
                .manifest(DEFAULT_MANIFEST + ",\"annotations\":{\"pad\":\"" + pad + "\"}}").write(tmp.resolve("img"));

        assertThat(openFailure(img.location(), limits)).isInstanceOfSatisfying(LimitExceededException.class, e -> {
            assertThat(e.limit()).isEqualTo(ScanLimits.Limit.DOCUMENT_BYTES);
            assertThat(e.reached()).isGreaterThan(10_000);
        });
    }

    @Test
    void open_manifestDescriptorUnderstatingAnOversizedBlob_failsWithDocumentBytesLimit() {
        ScanLimits limits = ScanLimits.builder().maxDocumentBytes(4096).build();
        String pad = "y".repeat(10_000);
        TestImages.Layout img = TestImages.oci().layer(TAR)
                .manifest(DEFAULT_MANIFEST + ",\"annotations\":{\"pad\":\"" + pad + "\"}}").write(tmp.resolve("img"));
        try {
            Path index = img.dir().resolve("index.json");
            Files.writeString(index, Files.readString(index).replaceAll("\"size\":[0-9]+", "\"size\":100"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        assertThat(openFailure(img.location(), limits)).isInstanceOfSatisfying(LimitExceededException.class, e -> {
            assertThat(e.limit()).isEqualTo(ScanLimits.Limit.DOCUMENT_BYTES);
            assertThat(e.reached()).isEqualTo(4097);
        });
    }

    @Test
    void open_manifestWithMoreLayersThanAllowed_failsWithLayersLimit() {
        String loc = TestImages.oci().layer(TAR).layer(TAR).layer(TAR).write(tmp.resolve("img")).location();

        assertThat(openFailure(loc, ScanLimits.builder().maxLayers(2).build()))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo(ScanLimits.Limit.LAYERS);
                    assertThat(e.reached()).isEqualTo(3);
                });
    }

    @Test
    void open_trailingTokensOrNonObjects_failWithInvalidInput() {
        String[] bad = {"{\"schemaVersion\":2,\"manifests\":[%MANIFEST%]}{}", "42", "\"index\"", "null", "",
            "{\"schemaVersion\":2,\"manifests\":[%MANIFEST%]", "\uFEFF{}", "{\"schemaVersion\":1,\"manifests\":[%MANIFEST%]}",
            "{\"schemaVersion\":2,\"manifests\":{}}", "{\"schemaVersion\":2,\"manifests\":[]}",
            "{\"schemaVersion\":2.5,\"manifests\":[%MANIFEST%]}", "{\"schemaVersion\":2,\"manifests\":[1]}"};
        for (int i = 0; i < bad.length; i++) {
            String loc = TestImages.oci().layer(TAR).index(bad[i]).write(tmp.resolve("img" + i)).location();

            assertThat(openFailure(loc)).as(bad[i]).isExactlyInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void open_indexesNestedBeyondTheBound_failWithInvalidInput() throws IOException {
        TestImages.Layout img = TestImages.oci().layer(TAR).write(tmp.resolve("img"));
        String mediaType = "application/vnd.oci.image.index.v1+json";
        String inner = "{\"mediaType\":\"" + TestImages.OCI_MANIFEST + "\",\"digest\":\"" + img.manifest() + "\",\"size\":"
                + Files.size(img.blob(img.manifest())) + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}";
        for (int i = 0; i < 12; i++) {
            byte[] index = TestImages.utf8("{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"manifests\":["
                    + inner + "]}");
            Digest d = Digest.sha256(index);
            Files.write(img.dir().resolve("blobs/sha256/" + d.hex()), index);
            inner = "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + d + "\",\"size\":" + index.length + "}";
        }
        Files.writeString(img.dir().resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[" + inner + "]}");

        assertThat(openFailure(img.location())).isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nested");
    }
}
