package dev.containersec.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.NotFoundException;
import dev.containersec.api.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Choosing one image of a real multi-image location: by tag, by platform (flat index and nested
 * index copied by skopeo), by manifest digest, by {@code REPO:TAG} in a docker-archive with two
 * images; and detecting the format of a location given without a transport prefix.
 */
class RealImageSelectionTest {
    private static final Platform ARM64_V8 = Platform.parse("linux/arm64/v8");

    @TempDir
    static Path dir;
    static RealImages images;
    static Path twoTags;
    static Path multiLayout;
    static String amdDigest;
    static String armDigest;
    static Path multiArchive;
    static Path twoImageDocker;

    @BeforeAll
    static void buildImages() throws IOException {
        images = RealImages.build(dir);
        twoTags = images.twoTagLayout();
        Object[] multi = images.multiPlatformLayout();
        multiLayout = (Path) multi[0];
        amdDigest = (String) multi[1];
        armDigest = (String) multi[2];
        multiArchive = images.multiPlatformArchive(multiLayout);
        twoImageDocker = images.twoImageDockerArchive();
    }

    // ---- tags ----------------------------------------------------------------------------------

    @Test
    void open_twoTagLayoutWithTag_choosesThatImage() {
        try (Image one = ImageReader.create().open("oci:" + twoTags + ":one");
             Image three = ImageReader.create().open("oci:" + twoTags + ":three")) {
            assertThat(one.layers()).hasSize(1);
            assertThat(three.layers()).hasSize(3);
            assertThat(paths(one)).contains("/doomed.txt");
            assertThat(paths(three)).doesNotContain("/doomed.txt").contains("/opq/fresh.txt");
        }
    }

    @Test
    void open_twoTagLayoutWithoutTag_failsListingBothTags() {
        assertThatThrownBy(() -> ImageReader.create().open("oci:" + twoTags))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("one")
                .hasMessageContaining("three");
    }

    @Test
    void open_unknownTag_failsWithNotFoundListingTheTags() {
        assertThatThrownBy(() -> ImageReader.create().open("oci:" + twoTags + ":two"))
                .asInstanceOf(type(NotFoundException.class))
                .satisfies(e -> {
                    assertThat(e.what()).isEqualTo("tag");
                    assertThat(e.wanted()).isEqualTo("two");
                    assertThat(e.available()).containsExactlyInAnyOrder("one", "three");
                });
    }

    // ---- platforms -----------------------------------------------------------------------------

    @Test
    void open_flatMultiPlatformIndex_choosesByReaderPlatform() {
        try (Image amd = ImageReader.create().open("oci:" + multiLayout);
             Image arm = ImageReader.builder().platform(ARM64_V8).build().open("oci:" + multiLayout);
             Image armNoVariant = ImageReader.builder().platform(Platform.parse("linux/arm64")).build()
                     .open("oci:" + multiLayout)) {
            assertThat(amd.config().platform().architecture()).isEqualTo("amd64");
            assertThat(amd.layers()).hasSize(3);
            assertThat(amd.manifest().digest()).map(Object::toString).contains("sha256:" + amdDigest);
            assertThat(arm.config().platform().architecture()).isEqualTo("arm64");
            assertThat(arm.layers()).hasSize(1);
            assertThat(arm.manifest().digest()).map(Object::toString).contains("sha256:" + armDigest);
            assertThat(armNoVariant.manifest().digest()).isEqualTo(arm.manifest().digest());
            assertThat(amd.availablePlatforms()).containsExactlyInAnyOrder(Platform.parse("linux/amd64"), ARM64_V8);
        }
    }

    @Test
    void open_nestedIndexCopiedBySkopeo_choosesByReaderPlatform() {
        assertThat(RealImages.run(List.of("tar", "-xOf", multiArchive.toString(), "index.json")))
                .as("skopeo kept the nested index").contains("application/vnd.oci.image.index.v1+json");
        for (String location : List.of("oci-archive:" + multiArchive, "oci-archive:" + multiArchive + ":multi")) {
            try (Image amd = ImageReader.create().open(location);
                 Image arm = ImageReader.builder().platform(ARM64_V8).build().open(location)) {
                assertThat(amd.config().platform().architecture()).as(location).isEqualTo("amd64");
                assertThat(amd.layers()).hasSize(3);
                assertThat(arm.config().platform().architecture()).as(location).isEqualTo("arm64");
                assertThat(arm.layers()).hasSize(1);
                assertThat(paths(arm)).contains("/doomed.txt");
            }
        }
    }

    @Test
    void open_missingPlatform_failsWithNotFoundListingTheAvailablePlatforms() {
        ImageReader s390x = ImageReader.builder().platform(Platform.parse("linux/s390x")).build();
        for (String location : List.of("oci:" + multiLayout, "oci-archive:" + multiArchive)) {
            assertThatThrownBy(() -> s390x.open(location))
                    .as(location)
                    .asInstanceOf(type(NotFoundException.class))
                    .satisfies(e -> {
                        assertThat(e.what()).isEqualTo("platform");
                        assertThat(e.wanted()).isEqualTo("linux/s390x");
                        assertThat(e.available()).containsExactlyInAnyOrder("linux/amd64", "linux/arm64/v8");
                        assertThat(e.getMessage()).contains("linux/amd64", "linux/arm64/v8");
                    });
        }
    }

    // ---- digests -------------------------------------------------------------------------------

    @Test
    void open_manifestDigest_choosesThatManifestWhateverThePlatform() throws IOException {
        String oneDigest = RealImages.manifestDigest(twoTags, "one");
        try (Image arm = ImageReader.create().open("oci:" + multiLayout + "@sha256:" + armDigest);
             Image armInNestedIndex = ImageReader.create().open("oci-archive:" + multiArchive + "@sha256:" + armDigest);
             Image one = ImageReader.create().open("oci:" + twoTags + "@sha256:" + oneDigest)) {
            assertThat(arm.config().platform().architecture()).isEqualTo("arm64");
            assertThat(armInNestedIndex.manifest().digest()).map(Object::toString).contains("sha256:" + armDigest);
            assertThat(one.layers()).hasSize(1);
        }
    }

    @Test
    void open_unknownDigest_failsWithNotFound() {
        String unknown = "0".repeat(64);
        assertThatThrownBy(() -> ImageReader.create().open("oci:" + twoTags + "@sha256:" + unknown))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(unknown);
    }

    // ---- docker-archive with two images --------------------------------------------------------

    @Test
    void open_dockerArchiveWithTwoImages_choosesByRepoTag() {
        for (String[] choice : new String[][] {{"example/one:1", "1"}, {"docker.io/example/three:3", "3"}}) {
            try (Image image = ImageReader.create().open("docker-archive:" + twoImageDocker + ":" + choice[0])) {
                assertThat(image.layers()).as(choice[0]).hasSize(Integer.parseInt(choice[1]));
                assertThat(paths(image).contains("/doomed.txt")).as(choice[0]).isEqualTo(choice[1].equals("1"));
            }
        }
    }

    @Test
    void open_dockerArchiveWithTwoImagesWithoutName_failsListingBothNames() {
        assertThatThrownBy(() -> ImageReader.create().open("docker-archive:" + twoImageDocker))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("example/one:1")
                .hasMessageContaining("example/three:3");
    }

    @Test
    void open_dockerArchiveWithUnknownName_failsWithNotFoundListingTheNames() {
        assertThatThrownBy(() -> ImageReader.create().open("docker-archive:" + twoImageDocker + ":example/two:2"))
                .asInstanceOf(type(NotFoundException.class))
                .satisfies(e -> assertThat(String.join(",", e.available())).contains("example/one:1", "example/three:3"));
    }

    // ---- the resolved digest --------------------------------------------------------------------

    @Test
    void resolvedDigest_tagOfOneManifest_isThatManifestsDigest() throws IOException {
        String oneDigest = RealImages.manifestDigest(twoTags, "one");
        try (Image one = ImageReader.create().open("oci:" + twoTags + ":one");
             Image three = ImageReader.create().open("oci:" + twoTags + ":three")) {
            assertThat(one.resolvedDigest()).map(Object::toString).contains("sha256:" + oneDigest);
            assertThat(one.resolvedDigest()).isEqualTo(one.manifest().digest());
            assertThat(three.resolvedDigest()).isEqualTo(three.manifest().digest()).isNotEqualTo(one.resolvedDigest());
        }
    }

    @Test
    void resolvedDigest_nestedIndex_isTheIndexDigestWhateverThePlatform() throws IOException {
        Path nestedLayout = multiArchive.resolveSibling("multi-nested");
        String indexHex = RealImages.sha256(Files.readAllBytes(multiLayout.resolve("index.json")));
        String archivedIndex = RealImages.run(List.of("tar", "-xOf", multiArchive.toString(), "index.json"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"digest\":\"(sha256:[0-9a-f]{64})\"").matcher(archivedIndex);
        assertThat(m.find()).as(archivedIndex).isTrue();
        String archivedIndexDigest = m.group(1);
        for (String location : List.of("oci:" + nestedLayout, "oci:" + nestedLayout + ":multi",
                "oci-archive:" + multiArchive, "oci-archive:" + multiArchive + ":multi")) {
            String expected = location.startsWith("oci:") ? "sha256:" + indexHex : archivedIndexDigest;
            try (Image amd = ImageReader.create().open(location);
                 Image arm = ImageReader.builder().platform(ARM64_V8).build().open(location)) {
                assertThat(amd.resolvedDigest()).as(location).map(Object::toString).contains(expected);
                assertThat(arm.resolvedDigest()).as(location).isEqualTo(amd.resolvedDigest());
                assertThat(amd.manifest().digest()).map(Object::toString).contains("sha256:" + amdDigest);
                assertThat(arm.manifest().digest()).map(Object::toString).contains("sha256:" + armDigest);
            }
        }
    }

    @Test
    void resolvedDigest_flatIndexJsonListingPlatforms_isTheChosenEntry() {
        try (Image amd = ImageReader.create().open("oci:" + multiLayout);
             Image arm = ImageReader.builder().platform(ARM64_V8).build().open("oci:" + multiLayout)) {
            assertThat(amd.resolvedDigest()).map(Object::toString).contains("sha256:" + amdDigest);
            assertThat(arm.resolvedDigest()).map(Object::toString).contains("sha256:" + armDigest);
        }
    }

    @Test
    void resolvedDigest_digestGiven_isThatDigestEvenInsideANestedIndex() {
        try (Image arm = ImageReader.create().open("oci-archive:" + multiArchive + "@sha256:" + armDigest)) {
            assertThat(arm.resolvedDigest()).map(Object::toString).contains("sha256:" + armDigest);
        }
    }

    @Test
    void resolvedDigest_dockerArchive_isEmpty() {
        try (Image image = ImageReader.create().open("docker-archive:" + twoImageDocker + ":example/one:1");
             Image bare = ImageReader.create().open(images.dockerArchive().toString())) {
            assertThat(image.resolvedDigest()).isEmpty();
            assertThat(bare.resolvedDigest()).isEmpty();
            assertThat(image.manifest().digest()).isEmpty();
        }
    }

    // ---- format detection ----------------------------------------------------------------------

    @Test
    void open_withoutPrefix_detectsLayoutOciArchiveAndDockerArchive() {
        assertDetected(images.zstdLayout().toString(), Transport.OCI);
        assertDetected(images.ociArchive().toString(), Transport.OCI_ARCHIVE);
        assertDetected(images.dockerArchive().toString(), Transport.DOCKER_ARCHIVE);
    }

    @Test
    void open_withoutPrefix_readsTheSameMergedViewAsWithPrefix() {
        try (Image bare = ImageReader.create().open(images.dockerArchive().toString());
             Image prefixed = ImageReader.create().open(images.oci("t3"))) {
            assertThat(listing(bare)).containsExactlyElementsOf(listing(prefixed));
        }
    }

    @Test
    void open_withoutPrefix_directoryOrFileThatIsNoImage_failsWithInvalidInput() throws IOException {
        Path plainDir = Files.createDirectories(dir.resolve("not-an-image"));
        Path plainFile = Files.writeString(dir.resolve("not-an-image.txt"), "hello\n".repeat(200));
        assertThatThrownBy(() -> ImageReader.create().open(plainDir.toString()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("oci-layout");
        assertThatThrownBy(() -> ImageReader.create().open(plainFile.toString()))
                .isInstanceOf(InvalidInputException.class);
    }

    private static void assertDetected(String bare, Transport expected) {
        try (Image image = ImageReader.create().open(bare)) {
            assertThat(image.location().transport()).as(bare).contains(expected);
            assertThat(image.layers()).hasSize(3);
        }
    }

    /** Path, type, mode, owner, size and link target of every entry (the layer digests differ by format). */
    private static List<String> listing(Image image) {
        List<String> out = new ArrayList<>();
        image.walk(FileWalk.builder().listing(e -> out.add(e.path() + " " + e.type() + " " + e.octalMode() + " "
                + e.uid() + ":" + e.gid() + " " + e.size() + " " + e.linkTarget().orElse("") + " " + e.layerIndex())).build());
        return out;
    }

    private static List<String> paths(Image image) {
        List<String> out = new ArrayList<>();
        image.walk(FileWalk.builder().listing(e -> out.add(e.path())).build());
        return out;
    }
}
