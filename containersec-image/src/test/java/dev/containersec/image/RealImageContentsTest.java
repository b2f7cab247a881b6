package dev.containersec.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.FileEntry;
import dev.containersec.api.OsRelease;
import dev.containersec.api.SkipReason;
import dev.containersec.api.SkippedEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contents containersec delivers from real images equal the bytes {@code umoci unpack} wrote,
 * including files reached through symlinks and hard links; deleted files never arrive; the operating
 * system is detected from real release files.
 */
class RealImageContentsTest {
    @TempDir
    static Path dir;
    static RealImages images;
    static UnpackedRootfs t3;
    static Path osLayout;

    /** One delivery: the entry and the bytes read from its stream. */
    record Delivery(FileEntry entry, byte[] bytes) {
    }

    @BeforeAll
    static void buildImages() throws IOException {
        images = RealImages.build(dir);
        t3 = new UnpackedRootfs(images.unpack("t3"));
        osLayout = images.osLayout();
    }

    static Stream<String> locations() {
        return Stream.of(images.oci("t3"), "oci-archive:" + images.ociArchive(), "docker-archive:" + images.dockerArchive());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("locations")
    void contents_globMatchingEverything_equalBytesOnDiskForEveryFileAndLinkToAFile(String location) throws IOException {
        List<Delivery> deliveries = new ArrayList<>();
        WalkResult result = walk(location, List.of("/**"), deliveries);

        Map<String, String> expected = new TreeMap<>();
        for (Map.Entry<String, UnpackedRootfs.Node> e : t3.listing().entrySet()) {
            Optional<String> resolved = t3.resolve(e.getKey());
            if (resolved.isPresent() && t3.isRegular(resolved.get())) {
                expected.put(e.getKey(), resolved.get());
            }
        }
        Map<String, Delivery> byPath = new TreeMap<>();
        for (Delivery d : deliveries) {
            assertThat(byPath.put(d.entry().path(), d)).as("delivered twice: %s", d.entry().path()).isNull();
        }
        assertThat(byPath.keySet()).as("paths delivered for /** from %s", location)
                .containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Delivery d = byPath.get(e.getKey());
            byte[] onDisk = t3.read(e.getValue());
            assertThat(d.bytes()).as("bytes of %s (resolved on disk to %s)", e.getKey(), e.getValue()).isEqualTo(onDisk);
            assertThat(d.entry().size()).as("size of %s", e.getKey()).isEqualTo(onDisk.length);
            if (!e.getKey().equals(e.getValue())) {
                assertThat(d.entry().linkTarget()).as("linkTarget of %s", e.getKey()).contains(e.getValue());
            }
        }
        assertThat(result.filesDelivered()).isEqualTo(deliveries.size());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("locations")
    void contents_exactPathsThroughSymlinksAndHardLinks_deliverTheTargetsBytesWithLinkTarget(String location)
            throws IOException {
        Map<String, String> wanted = new TreeMap<>(Map.of(
                "/etc/os-release", "/usr/lib/os-release",
                "/lib/libfoo.so.1", "/usr/lib/libfoo.so.1",
                "/links/dirlink/a/b/c/deep.txt", "/data/nested/a/b/c/deep.txt",
                "/links/abs", "/usr/bin/tool",
                "/links/rel", "/usr/bin/tool",
                "/links/escape", "/etc/passwd",
                "/usr/bin/tool-hardlink", "/usr/bin/tool",
                "/hl-lower", "/usr/lib/libfoo.so.1"));
        List<Delivery> deliveries = new ArrayList<>();
        walk(location, List.copyOf(wanted.keySet()), deliveries);

        assertThat(deliveries).extracting(d -> d.entry().path()).containsExactlyInAnyOrderElementsOf(wanted.keySet());
        for (Delivery d : deliveries) {
            String target = wanted.get(d.entry().path());
            assertThat(d.entry().linkTarget()).as("linkTarget of %s", d.entry().path()).contains(target);
            assertThat(d.bytes()).as("bytes of %s", d.entry().path()).isEqualTo(t3.read(target));
        }
        assertThat(new String(bytesOf(deliveries, "/links/escape"), StandardCharsets.UTF_8))
                .as("a link climbing out of the root stays in the image").contains("image-user");
        assertThat(new String(bytesOf(deliveries, "/links/dirlink/a/b/c/deep.txt"), StandardCharsets.UTF_8))
                .isEqualTo("deep, version 2 (layer 1)\n");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("locations")
    void contents_deletedAndOverwrittenFiles_areNeverDelivered(String location) {
        List<String> globs = new ArrayList<>(RealImages.DELETED);
        globs.addAll(List.of("/olddir/**", "/opq/**", "/recreated/**", "/dir2file/**", "/data/**"));
        List<Delivery> deliveries = new ArrayList<>();
        walk(location, globs, deliveries);

        assertThat(deliveries).extracting(d -> d.entry().path())
                .doesNotContainAnyElementsOf(RealImages.DELETED)
                .containsExactlyInAnyOrder("/opq/fresh.txt", "/recreated/new.txt", "/data/nested/a/b/c/deep.txt",
                        "/data/hl-a", "/data/hl-b");
        assertThat(new String(bytesOf(deliveries, "/data/nested/a/b/c/deep.txt"), StandardCharsets.UTF_8))
                .isEqualTo("deep, version 2 (layer 1)\n");
    }

    @Test
    void contents_danglingSymlink_isReportedAsSkippedAndNotDelivered() {
        List<Delivery> deliveries = new ArrayList<>();
        WalkResult result = walk(images.oci("t3"), List.of("/links/dangling"), deliveries);

        assertThat(deliveries).isEmpty();
        assertThat(result.skipped()).extracting(SkippedEntry::path, SkippedEntry::reason)
                .contains(org.assertj.core.groups.Tuple.tuple("/links/dangling", SkipReason.LINK_TARGET_MISSING));
    }

    @Test
    void detectOs_debianOsReleaseBehindRelativeSymlink_isDebian12() {
        for (String location : locations().toList()) {
            try (Image image = ImageReader.create().open(location)) {
                OsRelease os = image.detectOs().orElseThrow();
                assertThat(os.id()).as(location).isEqualTo("debian");
                assertThat(os.versionId()).isEqualTo("12");
                assertThat(os.versionCodename()).isEqualTo("bookworm");
                assertThat(os.prettyName()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
            }
        }
    }

    @Test
    void detectOs_onlyAlpineRelease_isAlpine() {
        try (Image image = ImageReader.create().open("oci:" + osLayout + ":alpine")) {
            OsRelease os = image.detectOs().orElseThrow();
            assertThat(os.id()).isEqualTo("alpine");
            assertThat(os.versionId()).isEqualTo("3.20.3");
            assertThat(os.source()).isEqualTo("/etc/alpine-release");
        }
    }

    @Test
    void detectOs_onlyRedhatReleaseAfterOsReleaseWasDeleted_isRocky() {
        try (Image image = ImageReader.create().open("oci:" + osLayout + ":redhat")) {
            assertThat(image.layers()).hasSize(2);
            OsRelease os = image.detectOs().orElseThrow();
            assertThat(os.id()).as("the deleted /etc/os-release (ubuntu) must not count").isEqualTo("rocky");
            assertThat(os.versionId()).isEqualTo("9.3");
            assertThat(os.source()).isEqualTo("/etc/redhat-release");
        }
    }

    @Test
    void detectOs_contentWalk_reportsTheSameOsAsDetectOs() {
        List<Delivery> deliveries = new ArrayList<>();
        WalkResult result = walk(images.oci("t3"), List.of("/etc/os-release"), deliveries);

        assertThat(result.os()).map(OsRelease::id).contains("debian");
        assertThat(deliveries).hasSize(1);
    }

    private static WalkResult walk(String location, List<String> globs, List<Delivery> deliveries) {
        try (Image image = ImageReader.create().open(location)) {
            return image.walk(FileWalk.builder()
                    .contents(globs, (entry, in) -> deliveries.add(new Delivery(entry, in.readAllBytes())))
                    .build());
        }
    }

    private static byte[] bytesOf(List<Delivery> deliveries, String path) {
        return deliveries.stream().filter(d -> d.entry().path().equals(path)).findFirst().orElseThrow().bytes();
    }
}
