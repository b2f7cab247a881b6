package dev.containersec.image;

import static dev.containersec.image.TestWalks.walk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.containersec.api.FileEntry;
import dev.containersec.api.FileType;
import dev.containersec.api.ScanLimits;
import dev.containersec.api.SkipReason;
import dev.containersec.api.SkippedEntry;
import dev.containersec.image.TestWalks.Delivered;
import dev.containersec.image.TestWalks.Walked;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile layer entries: path traversal, link escapes, symlink loops, bad whiteouts and duplicates.
 * The layout sits at {@code tmp/a/b/img} next to sentinel files that an escaping reader would reach
 * ({@code tmp/etc/passwd}, {@code tmp/a/x}); the reader never extracts, so nothing may change on disk.
 */
class HostileLayerEntriesTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final String IMAGE_PASSWD = "root:x:0:0:image:/root:/bin/sh\n";

    @TempDir
    Path tmp;
    private Path layoutDir;
    private List<String> before;

    @BeforeEach
    void sentinels() throws IOException {
        Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(tmp.resolve("etc/passwd"), "HOST SECRET");
        Files.createDirectories(tmp.resolve("a"));
        Files.writeString(tmp.resolve("a/x"), "HOST X");
        layoutDir = tmp.resolve("a/b/img");
    }

    @SafeVarargs
    private String image(Consumer<TestTar>... layers) {
        TestImages.OciBuilder b = TestImages.oci();
        for (Consumer<TestTar> layer : layers) {
            b.layer(TestTar.build(t -> {
                layer.accept(t);
                t.end();
            }));
        }
        String location = b.write(layoutDir).location();
        before = TestImages.snapshot(tmp);
        return location;
    }

    private Walked walkGuarded(String location, String... globs) {
        Walked w = assertTimeoutPreemptively(HANG_GUARD, () -> walk(location, globs));
        assertThat(TestImages.snapshot(tmp)).as("files on disk after the walk").isEqualTo(before);
        for (Delivered d : w.delivered()) {
            assertThat(d.text()).doesNotContain("HOST").isNotEqualTo(hostPasswd());
        }
        return w;
    }

    private static String hostPasswd() {
        try {
            return Files.readString(Path.of("/etc/passwd"));
        } catch (IOException e) {
            return "\u0000 no host passwd";
        }
    }

    private static List<SkippedEntry> skips(Walked w, SkipReason reason) {
        return w.result().skipped().stream().filter(s -> s.reason() == reason).toList();
    }

    @Test
    void walk_dotDotEntryPaths_areSkippedAsPathEscapesRoot_andNeverListed() {
        String loc = image(t -> t.file("../x", "evil1").file("../../../etc/passwd", "evil2")
                .file("etc/../../escape", "evil3").file("ok/../fine", "good"));

        Walked w = walkGuarded(loc, "/**");

        assertThat(w.paths()).containsExactly("/fine");
        assertThat(w.deliveredPaths()).containsExactly("/fine");
        assertThat(skips(w, SkipReason.PATH_ESCAPES_ROOT)).extracting(SkippedEntry::path)
                .containsExactlyInAnyOrder("../x", "../../../etc/passwd", "etc/../../escape");
        assertThat(w.result().skipped()).hasSize(3);
    }

    @Test
    void walk_absoluteEntryPaths_areRootedInTheImage() {
        String loc = image(t -> t.file("/etc/passwd", IMAGE_PASSWD).file("//usr///bin/./sh", "sh"));

        Walked w = walkGuarded(loc, "/etc/passwd", "/usr/bin/sh");

        assertThat(w.paths()).containsExactly("/etc", "/etc/passwd", "/usr", "/usr/bin", "/usr/bin/sh");
        assertThat(w.delivered()).extracting(Delivered::text).containsExactlyInAnyOrder(IMAGE_PASSWD, "sh");
        assertThat(w.result().skipped()).isEmpty();
    }

    @Test
    void walk_symlinkClimbingAboveRoot_resolvesInsideTheImage_likeAChroot() {
        String loc = image(t -> t.dir("etc").file("etc/passwd", IMAGE_PASSWD).dir("app")
                .symlink("app/passwd", "../../../../../../etc/passwd")
                .symlink("app/abs", "/../../etc/passwd"));

        Walked w = walkGuarded(loc, "/app/passwd", "/app/abs");

        assertThat(w.delivered()).hasSize(2).allSatisfy(d -> {
            assertThat(d.text()).isEqualTo(IMAGE_PASSWD);
            assertThat(d.entry().linkTarget()).contains("/etc/passwd");
        });
        assertThat(w.deliveredPaths()).containsExactlyInAnyOrder("/app/passwd", "/app/abs");
        assertThat(w.listing()).filteredOn(e -> e.path().equals("/app/passwd")).singleElement()
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(FileType.SYMLINK);
                    assertThat(e.linkTarget()).contains("../../../../../../etc/passwd");
                });
    }

    @Test
    void walk_etcPasswdSymlinkToItselfAboveRoot_isASymlinkLoop_neverTheHostFile() {
        String loc = image(t -> t.dir("etc").symlink("etc/passwd", "../../../../../../etc/passwd"));

        Walked w = walkGuarded(loc, "/etc/passwd");

        assertThat(w.delivered()).isEmpty();
        assertThat(w.result().skipped()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(SkipReason.SYMLINK_LOOP);
            assertThat(s.path()).isEqualTo("/etc/passwd");
        });
    }

    @Test
    void walk_symlinkToHostOnlyPath_isLinkTargetMissing_andNothingIsRead() {
        String loc = image(t -> t.symlink("secret", "../../../x").symlink("abs", "/etc/shadow"));

        Walked w = walkGuarded(loc, "/secret", "/abs");

        assertThat(w.delivered()).isEmpty();
        assertThat(w.reasons()).containsExactlyInAnyOrder(SkipReason.LINK_TARGET_MISSING, SkipReason.LINK_TARGET_MISSING);
    }

    @Test
    void walk_symlinkLoop_isReportedAsSymlinkLoop_withoutHanging() {
        String loc = image(t -> t.symlink("a", "b").symlink("b", "a").symlink("self", "./self")
                .dir("d").symlink("d/up", "../d/up"));

        Walked w = walkGuarded(loc, "/a", "/self", "/d/up", "/a/deeper/x");

        assertThat(w.delivered()).isEmpty();
        assertThat(w.reasons()).isNotEmpty().containsOnly(SkipReason.SYMLINK_LOOP);
        assertThat(w.result().skipped()).extracting(SkippedEntry::path)
                .containsExactlyInAnyOrder("/a", "/self", "/d/up", "/a/deeper/x");
        assertThat(w.paths()).contains("/a", "/b", "/self", "/d/up");
    }

    @Test
    void walk_symlinkChainLongerThanHopLimit_isSkippedAsSymlinkLoop() {
        String loc = image(t -> {
            t.file("target", "end");
            t.symlink("l0", "target");
            for (int i = 1; i <= 45; i++) {
                t.symlink("l" + i, "l" + (i - 1));
            }
        });

        Walked w = walkGuarded(loc, "/l39", "/l45");

        assertThat(w.deliveredPaths()).containsExactly("/l39");
        assertThat(w.delivered().get(0).text()).isEqualTo("end");
        assertThat(skips(w, SkipReason.SYMLINK_LOOP)).extracting(SkippedEntry::path).containsOnly("/l45");
    }

    @Test
    void walk_hardLinkOutOfRoot_isSkippedAsLinkEscapesRoot() {
        String loc = image(t -> t.file("etc/passwd", IMAGE_PASSWD).hardlink("h1", "../../x")
                .hardlink("h2", "etc/../../a/x").hardlink("h3", "/"));

        Walked w = walkGuarded(loc, "/h1", "/h2", "/h3");

        assertThat(w.delivered()).isEmpty();
        assertThat(w.paths()).doesNotContain("/h1", "/h2", "/h3");
        assertThat(w.result().skipped()).extracting(SkippedEntry::path, SkippedEntry::reason).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("h1", SkipReason.LINK_ESCAPES_ROOT),
                org.assertj.core.groups.Tuple.tuple("h2", SkipReason.LINK_ESCAPES_ROOT),
                org.assertj.core.groups.Tuple.tuple("h3", SkipReason.LINK_ESCAPES_ROOT));
    }

    @Test
    void walk_hardLinkWithAbsoluteTarget_deliversTheImagesFile() {
        String loc = image(t -> t.file("etc/passwd", IMAGE_PASSWD).hardlink("copy", "/etc/passwd"));

        Walked w = walkGuarded(loc, "/copy");

        assertThat(w.delivered()).singleElement().satisfies(d -> {
            assertThat(d.text()).isEqualTo(IMAGE_PASSWD);
            assertThat(d.entry().linkTarget()).contains("/etc/passwd");
        });
        assertThat(w.listing()).filteredOn(e -> e.path().equals("/copy")).singleElement()
                .satisfies(e -> assertThat(e.size()).isEqualTo(IMAGE_PASSWD.length()));
    }

    @Test
    void walk_hardLinkToMissingPath_isSkippedAsLinkTargetMissing() {
        String loc = image(t -> t.hardlink("h", "nowhere/file"));

        Walked w = walkGuarded(loc, "/h");

        assertThat(w.delivered()).isEmpty();
        assertThat(w.reasons()).containsExactly(SkipReason.LINK_TARGET_MISSING);
    }

    @Test
    void walk_whiteoutsNamingNothing_areSkippedAsInvalidWhiteout_andHideNothing() {
        String loc = image(
                t -> t.file("keep", "k").dir("dir").file("dir/keep2", "k2"),
                t -> t.file(".wh..", "").file(".wh.", "").file(".wh...", "").file("dir/.wh..", "")
                        .file("dir/.wh.", ""));

        Walked w = walkGuarded(loc);

        assertThat(w.paths()).containsExactly("/dir", "/dir/keep2", "/keep");
        assertThat(w.reasons()).hasSize(5).containsOnly(SkipReason.INVALID_WHITEOUT);
    }

    @Test
    void walk_whiteoutClimbingAboveRoot_isSkippedAsPathEscapesRoot() {
        String loc = image(t -> t.file("x", "lower"), t -> t.file("../.wh.x", "").file("../../.wh..wh..opq", ""));

        Walked w = walkGuarded(loc);

        assertThat(w.paths()).containsExactly("/x");
        assertThat(w.reasons()).containsExactly(SkipReason.PATH_ESCAPES_ROOT, SkipReason.PATH_ESCAPES_ROOT);
    }

    @Test
    void walk_opaqueMarkerAtRoot_hidesEveryLowerLayer_butNotItsOwn() {
        String loc = image(t -> t.dir("etc").file("etc/passwd", "lower"),
                t -> t.file(".wh..wh..opq", "").file("new", "upper"),
                t -> t.file("top", "top"));

        Walked w = walkGuarded(loc);

        assertThat(w.paths()).containsExactly("/new", "/top");
        assertThat(w.listing()).extracting(FileEntry::layerIndex).containsExactly(1, 2);
        assertThat(w.result().skipped()).isEmpty();
    }

    @Test
    void walk_aufsMetadata_isSkippedAsAufsMetadata() {
        String loc = image(t -> t.file(".wh..wh.plnk/123.456", "").file(".wh..wh.aufs", "").file("f", "x"));

        Walked w = walkGuarded(loc);

        assertThat(w.paths()).doesNotContain("/.wh..wh.aufs");
        assertThat(skips(w, SkipReason.AUFS_METADATA)).extracting(SkippedEntry::path).contains(".wh..wh.aufs");
    }

    @Test
    void walk_duplicateEntryInOneLayer_lastWinsInListing_bothDelivered_duplicateReported() {
        String loc = image(t -> t.file("etc/app.conf", "first").file("etc/app.conf", "second, longer"));

        Walked w = walkGuarded(loc, "/etc/app.conf");

        assertThat(w.listing()).filteredOn(e -> e.path().equals("/etc/app.conf")).singleElement()
                .satisfies(e -> assertThat(e.size()).isEqualTo("second, longer".length()));
        assertThat(w.delivered()).extracting(Delivered::text).containsExactly("first", "second, longer");
        assertThat(w.result().filesDelivered()).isEqualTo(2);
        assertThat(w.result().skipped()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(SkipReason.DUPLICATE_ENTRY);
            assertThat(s.path()).isEqualTo("etc/app.conf");
        });
    }

    @Test
    void walk_fileThenDirectoryOfSamePathInOneLayer_isReportedAndListedOnce() {
        String loc = image(t -> t.file("x", "file").dir("x").file("x/y", "child"));

        Walked w = walkGuarded(loc, "/**");

        assertThat(w.paths()).doesNotHaveDuplicates();
        assertThat(w.paths()).contains("/x");
        assertThat(w.reasons()).contains(SkipReason.DUPLICATE_ENTRY);
    }

    @Test
    void walk_entryBelowAFileOfTheSameLayer_isSkippedAsParentNotDirectory() {
        String loc = image(t -> t.file("f", "file").file("f/child", "x"));

        Walked w = walkGuarded(loc, "/**");

        assertThat(w.paths()).containsExactly("/f");
        assertThat(w.reasons()).containsExactly(SkipReason.PARENT_NOT_DIRECTORY);
    }

    @Test
    void walk_pathsLongerOrDeeperThanLimits_areSkippedAsPathTooLong() {
        String deep = "d/".repeat(300) + "f";
        String longName = "n".repeat(5000);
        String loc = image(t -> t.file(deep, "x").file(longName, "y").symlink("s", "t".repeat(5000)).file("ok", "z"));

        Walked w = walkGuarded(loc);

        assertThat(w.paths()).containsExactly("/ok");
        assertThat(w.reasons()).containsExactly(SkipReason.PATH_TOO_LONG, SkipReason.PATH_TOO_LONG,
                SkipReason.PATH_TOO_LONG);
    }

    @Test
    void walk_controlCharactersInSkippedNames_areEscapedInTheReport() {
        String loc = image(t -> t.file("../evil\nFAKE LINE\u001b[31m", "x"));

        Walked w = walkGuarded(loc);

        assertThat(w.result().skipped()).singleElement()
                .satisfies(s -> assertThat(s.path()).isEqualTo("../evil\\x0aFAKE LINE\\x1b[31m"));
    }

    @Test
    void walk_moreSkipsThanListed_areCountedNotListed() {
        String loc = image(t -> {
            for (int i = 0; i < 50; i++) {
                t.file("../x" + i, "");
            }
        });
        ScanLimits limits = ScanLimits.builder().maxSkipsListed(10).build();

        Walked w = assertTimeoutPreemptively(HANG_GUARD, () -> walk(loc, limits));

        assertThat(w.result().skipped()).hasSize(10);
        assertThat(w.result().skippedNotListed()).isEqualTo(40);
        assertThat(w.result().skippedTotal()).isEqualTo(50);
    }

    @Test
    void walk_unsupportedEntryTypes_areSkippedAsUnsupported() {
        String loc = image(t -> t.entry(TestTar.Header.of("vol", 'V', 0)).entry(TestTar.Header.of("weird", 'Z', 0))
                .file("ok", "x"));

        Walked w = walkGuarded(loc);

        assertThat(w.paths()).containsExactly("/ok");
        assertThat(w.reasons()).containsExactly(SkipReason.UNSUPPORTED_ENTRY_TYPE, SkipReason.UNSUPPORTED_ENTRY_TYPE);
    }

    @Test
    void walk_middleLayerFileUnderAnUpperDirectory_hidesTheBottomLayersContents() {
        String loc = image(t -> t.dir("c").file("c/deleted", "old"), t -> t.file("c", "file"), t -> t.dir("c").file("c/new", "n"));

        Walked w = walkGuarded(loc, "/c/deleted");

        assertThat(w.paths()).containsExactly("/c", "/c/new");
        assertThat(w.delivered()).isEmpty();
    }

    @Test
    void walk_middleLayerWhiteoutUnderAnUpperDirectory_hidesTheBottomLayersContents() {
        String loc = image(t -> t.dir("c").file("c/deleted", "old"), t -> t.file(".wh.c", ""), t -> t.dir("c"));

        Walked w = walkGuarded(loc, "/c/deleted");

        assertThat(w.paths()).containsExactly("/c");
        assertThat(w.delivered()).isEmpty();
    }

    @Test
    void walk_negatedClassInGlob_neverMatchesTheSeparator() {
        String loc = image(t -> t.file("a/b", "x").file("acb", "y"));

        Walked w = walkGuarded(loc, "/a[!x]b");

        assertThat(w.deliveredPaths()).containsExactly("/acb");
    }

    @Test
    void walk_manyEntriesAtTheRoot_areListedSorted() {
        String loc = image(t -> {
            for (int i = 0; i < 200; i++) {
                t.file(String.format("f%03d", i), "");
            }
        });

        Walked w = walkGuarded(loc);

        assertThat(w.paths()).hasSize(200).isSorted();
    }

    @Test
    void walk_sensitiveFileContent_isDeliveredOnlyFromTheImage() {
        String loc = image(t -> t.file("etc/passwd", IMAGE_PASSWD));

        Walked w = walkGuarded(loc, "/etc/passwd", "/etc/shadow");

        assertThat(w.delivered()).singleElement().satisfies(d -> {
            assertThat(d.text()).isEqualTo(IMAGE_PASSWD);
            assertThat(d.entry().linkTarget()).isEqualTo(Optional.empty());
        });
        assertThat(new String(IMAGE_PASSWD.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isNotEqualTo(hostPasswd());
    }
}
