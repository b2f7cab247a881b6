package dev.containersec.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.FileEntry;
import dev.containersec.api.FileType;
import dev.containersec.api.SkippedEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * containersec's merged view of real umoci/skopeo images equals, path for path, what
 * {@code umoci unpack} writes to disk: type, mode, owner, size of regular files and symlink target.
 */
class MergedViewMatchesUmociTest {
    @TempDir
    static Path dir;
    static RealImages images;
    static UnpackedRootfs t3;

    @BeforeAll
    static void buildImages() throws IOException {
        images = RealImages.build(dir);
        t3 = new UnpackedRootfs(images.unpack("t3"));
    }

    @Test
    void listing_ociLayout_equalsUmociUnpack() throws IOException {
        assertMatchesUmoci(images.oci("t3"), t3);
    }

    @Test
    void listing_ociArchive_equalsUmociUnpack() throws IOException {
        assertMatchesUmoci("oci-archive:" + images.ociArchive(), t3);
    }

    @Test
    void listing_dockerArchive_equalsUmociUnpack() throws IOException {
        assertMatchesUmoci("docker-archive:" + images.dockerArchive(), t3);
    }

    @Test
    void listing_zstdOciLayout_equalsUmociUnpack() throws IOException {
        Path zstd = images.zstdLayout();
        try (Image image = ImageReader.create().open("oci:" + zstd + ":t3")) {
            assertThat(image.layers()).allSatisfy(l -> assertThat(l.mediaType()).endsWith("+zstd"));
        }
        assertMatchesUmoci("oci:" + zstd + ":t3", t3);
    }

    @ParameterizedTest(name = "tag {0}")
    @ValueSource(strings = {"t1", "t2"})
    void listing_everyIntermediateTag_equalsUmociUnpack(String tag) throws IOException {
        assertMatchesUmoci(images.oci(tag), new UnpackedRootfs(images.unpack(tag)));
    }

    @Test
    void listing_deletedOpaqueAndReplacedPaths_followTheLayerRules() {
        Map<String, FileEntry> byPath = new java.util.HashMap<>();
        listing(images.oci("t3")).forEach(e -> byPath.put(e.path(), e));

        assertThat(byPath).doesNotContainKeys(RealImages.DELETED.toArray(String[]::new));
        assertThat(byPath.get("/opq").type()).isEqualTo(FileType.DIRECTORY);
        assertThat(byPath.get("/opq").mode()).isEqualTo(0750);
        assertThat(byPath).containsKey("/opq/fresh.txt");
        assertThat(byPath.get("/recreated/new.txt").type()).isEqualTo(FileType.REGULAR);
        assertThat(byPath.get("/file2dir").type()).isEqualTo(FileType.DIRECTORY);
        assertThat(byPath.get("/file2dir/inside.txt").type()).isEqualTo(FileType.REGULAR);
        assertThat(byPath.get("/dir2file").type()).isEqualTo(FileType.REGULAR);
        assertThat(byPath.get("/usr/bin/suid-tool").isSetuidOrSetgid()).isTrue();
        assertThat(byPath.get("/usr/bin/suid-tool").octalMode()).isEqualTo("4755");
        assertThat(byPath.get("/links/escape").linkTarget()).contains("../../../../etc/passwd");
        assertThat(byPath.get("/hl-lower").type()).isEqualTo(FileType.HARDLINK);
        assertThat(byPath.get("/hl-lower").linkTarget()).contains("/usr/lib/libfoo.so.1");
        assertThat(byPath.get("/hl-lower").size()).isEqualTo(byPath.get("/usr/lib/libfoo.so.1").size());
        assertThat(byPath.get("/data/nested/a/b/c/deep.txt").layerIndex()).isEqualTo(1);
        assertThat(byPath).containsKeys("/" + RealImages.LONG_USTAR_PATH, "/" + RealImages.LONG_PAX_NAME,
                "/" + RealImages.LONG_GNU_NAME, "/dir with spaces/file with spaces.txt", "/empty");
        if (RealImages.UTF8_NAMES) {
            assertThat(byPath).containsKeys("/" + RealImages.UTF8_FILE, "/" + RealImages.UTF8_NESTED);
        }
    }

    @Test
    void walk_realImages_skipNothing() {
        for (String location : List.of(images.oci("t3"), "oci-archive:" + images.ociArchive(),
                "docker-archive:" + images.dockerArchive())) {
            try (Image image = ImageReader.create().open(location)) {
                WalkResult result = image.walk(FileWalk.builder().listing(e -> { }).build());
                assertThat(result.skipped()).as(location).extracting(SkippedEntry::path).isEmpty();
                assertThat(result.layers()).isEqualTo(3);
            }
        }
    }

    @Test
    void fixture_layersHoldWhiteoutsOpaqueMarkerLongNamesAndHardLinks() throws IOException {
        List<String> headers = new ArrayList<>();
        for (String layer : RealImages.layerDigests(images.layout(), "t3")) {
            headers.addAll(RealImages.tarHeaders(images.layout().resolve("blobs/sha256").resolve(layer)));
        }
        assertThat(headers).contains("0 doomed.txt", "0 .wh.doomed.txt", "0 .wh.olddir", "0 recreated/.wh.old.txt",
                "0 opq/.wh..wh..opq", "5 opq/", "L ././@LongLink", "1 hl-lower", "1 data/hl-b", "1 usr/bin/tool-hardlink",
                "2 links/escape", "0 usr/bin/suid-tool");
        assertThat(headers).anyMatch(h -> h.startsWith("x "));
        assertThat(t3.listing()).hasSizeGreaterThan(50);
    }

    private static List<FileEntry> listing(String location) {
        List<FileEntry> entries = new ArrayList<>();
        try (Image image = ImageReader.create().open(location)) {
            image.walk(FileWalk.builder().listing(entries::add).build());
        }
        return entries;
    }

    private static void assertMatchesUmoci(String location, UnpackedRootfs unpacked) throws IOException {
        List<FileEntry> entries = listing(location);
        Map<String, UnpackedRootfs.Node> expected = unpacked.listing();
        Map<String, UnpackedRootfs.Node> actual = UnpackedRootfs.fromEntries(entries);
        List<String> diffs = UnpackedRootfs.differences(expected, actual, images.root(), implicitDirs(), 15);
        assertThat(diffs)
                .withFailMessage("containersec's merged view of %s differs from 'umoci unpack%s' in %s (%d paths on disk):%n  %s",
                        location, images.root() ? "" : " --rootless", unpacked.rootfs(), expected.size(),
                        String.join("\n  ", diffs))
                .isEmpty();
        assertThat(entries).extracting(FileEntry::path).isSorted();
        for (FileEntry e : entries) {
            if (e.type() == FileType.HARDLINK) {
                Path link = unpacked.rootfs().resolve(e.path().substring(1));
                Path target = unpacked.rootfs().resolve(e.linkTarget().orElseThrow().substring(1));
                assertThat(Files.getAttribute(link, "unix:ino", LinkOption.NOFOLLOW_LINKS))
                        .as("hard link %s -> %s shares the target's inode on disk", e.path(), e.linkTarget().get())
                        .isEqualTo(Files.getAttribute(target, "unix:ino", LinkOption.NOFOLLOW_LINKS));
                assertThat((Integer) Files.getAttribute(link, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).isGreaterThan(1);
            }
        }
    }

    private static Set<String> implicitDirs() {
        return RealImages.IMPLICIT_DIRS;
    }
}
