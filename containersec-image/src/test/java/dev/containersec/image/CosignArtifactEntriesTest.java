package dev.containersec.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.Digest;
import dev.containersec.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layout signed the cosign way lists its signature, attestation and SBOM manifests in
 * {@code index.json} under tags {@code sha256-<hex>.sig}, {@code .att} and {@code .sbom}. Opening the
 * layout without a tag ignores those entries (signing does not make a one-image layout ambiguous);
 * naming one by tag still chooses it.
 */
class CosignArtifactEntriesTest {
    private static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";

    @TempDir
    Path tmp;

    private record Entry(Digest digest, long size, String tag) {
    }

    private static TestImages.Layout image(Path dir, String content) {
        return TestImages.oci().layer(TestTar.build(t -> t.file("etc/hello.txt", content))).write(dir);
    }

    /** Stores a cosign-style signature manifest (one simple-signing layer) in the layout's blobs. */
    private static Entry signatureManifest(Path dir, Digest image, String suffix) throws IOException {
        byte[] payload = TestImages.utf8("{\"critical\":{\"identity\":{\"docker-reference\":\"x\"},\"image\":"
                + "{\"docker-manifest-digest\":\"" + image + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}");
        Digest payloadDigest = put(dir, payload);
        byte[] config = TestImages.utf8("{\"architecture\":\"\",\"config\":{},\"os\":\"\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + payloadDigest + "\"]}}");
        Digest configDigest = put(dir, config);
        byte[] manifest = TestImages.utf8("{\"schemaVersion\":2,\"mediaType\":\"" + TestImages.OCI_MANIFEST + "\",\"config\":"
                + "{\"mediaType\":\"" + TestImages.OCI_CONFIG + "\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"" + SIMPLE_SIGNING + "\",\"digest\":\"" + payloadDigest + "\",\"size\":"
                + payload.length + ",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"MEUC\"}}]}");
        return new Entry(put(dir, manifest), manifest.length, "sha256-" + image.hex() + "." + suffix);
    }

    private static Digest put(Path dir, byte[] blob) throws IOException {
        Digest d = TestImages.sha256(blob);
        Files.write(dir.resolve("blobs/sha256").resolve(d.hex()), blob);
        return d;
    }

    private static void copyBlobs(Path from, Path to) throws IOException {
        try (Stream<Path> blobs = Files.list(from.resolve("blobs/sha256"))) {
            for (Path b : blobs.toList()) {
                Files.copy(b, to.resolve("blobs/sha256").resolve(b.getFileName().toString()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void writeIndex(Path dir, List<Entry> entries) throws IOException {
        List<String> descriptors = new ArrayList<>();
        for (Entry e : entries) {
            descriptors.add("{\"mediaType\":\"" + TestImages.OCI_MANIFEST + "\",\"digest\":\"" + e.digest() + "\",\"size\":"
                    + e.size() + (e.tag() == null ? "" : ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + e.tag() + "\"}")
                    + "}");
        }
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[" + String.join(",", descriptors) + "]}");
    }

    private static Entry entry(TestImages.Layout layout, String tag) throws IOException {
        return new Entry(layout.manifest(), Files.size(layout.dir().resolve("blobs/sha256").resolve(layout.manifest().hex())), tag);
    }

    @Test
    void open_withoutTag_signedOneImageLayout_opensTheImageNotItsSignatures() throws IOException {
        TestImages.Layout layout = image(tmp.resolve("img"), "hello\n");
        Entry sig = signatureManifest(layout.dir(), layout.manifest(), "sig");
        Entry att = signatureManifest(layout.dir(), layout.manifest(), "att");
        Entry sbom = signatureManifest(layout.dir(), layout.manifest(), "sbom");
        writeIndex(layout.dir(), List.of(sig, entry(layout, "1.0"), att, sbom));

        try (Image image = ImageReader.create().open("oci:" + layout.dir())) {
            assertThat(image.manifest().digest()).hasValue(layout.manifest());
        }
        writeIndex(layout.dir(), List.of(sig, entry(layout, null)));
        try (Image image = ImageReader.create().open("oci:" + layout.dir())) {
            assertThat(image.manifest().digest()).as("an untagged image beside a signature").hasValue(layout.manifest());
        }
    }

    @Test
    void open_withoutTag_twoImagesAndSignatures_isStillAmbiguous_listingOnlyTheImageTags() throws IOException {
        TestImages.Layout a = image(tmp.resolve("a"), "a\n");
        TestImages.Layout b = image(tmp.resolve("b"), "b\n");
        copyBlobs(b.dir(), a.dir());
        Entry sig = signatureManifest(a.dir(), a.manifest(), "sig");
        writeIndex(a.dir(), List.of(entry(a, "one"), sig, entry(b, "two")));

        assertThatThrownBy(() -> ImageReader.create().open("oci:" + a.dir()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("one, two")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(".sig"));
    }

    @Test
    void open_withTag_namingASignatureEntry_choosesIt() throws IOException {
        TestImages.Layout layout = image(tmp.resolve("img"), "hello\n");
        Entry sig = signatureManifest(layout.dir(), layout.manifest(), "sig");
        writeIndex(layout.dir(), List.of(entry(layout, "1.0"), sig));

        // A cosign signature manifest is not a container image (its layer is a JSON payload): the error
        // names that layer, which proves the tag chose the signature entry rather than the image.
        assertThatThrownBy(() -> ImageReader.create().open("oci:" + layout.dir() + ":" + sig.tag()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(SIMPLE_SIGNING);

        // An entry tagged like an artifact that does hold an image opens when named.
        TestImages.Layout other = image(tmp.resolve("other"), "sbom image\n");
        copyBlobs(other.dir(), layout.dir());
        String sbomTag = "sha256-" + layout.manifest().hex() + ".sbom";
        writeIndex(layout.dir(), List.of(entry(layout, "1.0"), entry(other, sbomTag)));
        try (Image image = ImageReader.create().open("oci:" + layout.dir() + ":" + sbomTag)) {
            assertThat(image.manifest().digest()).hasValue(other.manifest());
        }
        try (Image image = ImageReader.create().open("oci:" + layout.dir())) {
            assertThat(image.manifest().digest()).hasValue(layout.manifest());
        }
    }

    @Test
    void open_withoutTag_onlyArtifactEntries_failsAskingForATag() throws IOException {
        TestImages.Layout layout = image(tmp.resolve("img"), "hello\n");
        Entry sig = signatureManifest(layout.dir(), layout.manifest(), "sig");
        writeIndex(layout.dir(), List.of(sig));

        assertThatThrownBy(() -> ImageReader.create().open("oci:" + layout.dir()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(":TAG")
                .hasMessageContaining(sig.tag());
    }

    @Test
    void open_withoutTag_tagsThatOnlyResembleCosignTags_areImages() throws IOException {
        TestImages.Layout a = image(tmp.resolve("a"), "a\n");
        TestImages.Layout b = image(tmp.resolve("b"), "b\n");
        copyBlobs(b.dir(), a.dir());
        String upper = "sha256-" + a.manifest().hex().toUpperCase(java.util.Locale.ROOT) + ".sig";
        String shortHex = "sha256-" + a.manifest().hex().substring(1) + ".sig";
        for (String tag : List.of(upper, shortHex, "sha256-" + a.manifest().hex() + ".sig2", "sha512-" + a.manifest().hex() + ".sig")) {
            writeIndex(a.dir(), List.of(entry(a, "one"), entry(b, tag)));
            assertThatThrownBy(() -> ImageReader.create().open("oci:" + a.dir()))
                    .as(tag).isInstanceOf(InvalidInputException.class).hasMessageContaining(tag);
        }
    }
}
