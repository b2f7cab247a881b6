package dev.containersec.image;


import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Real images built with real tools, for tests that compare containersec's merged view with what
 * {@code umoci unpack} puts on disk. Nothing here mocks a format: umoci writes the layers (one of
 * them is a tar written by {@link TarWriter} and added with {@code umoci raw add-layer}, because
 * umoci itself never writes opaque-directory markers), skopeo converts the layout to the archive
 * formats.
 *
 * <p>The main layout holds tags {@code t1}, {@code t2}, {@code t3}, each one layer more:
 * <ul>
 *   <li>layer 0 ({@code t1}, umoci repack): regular files, nested directories, symlinks (relative,
 *       absolute, escaping the root, dangling, to a directory), hard links, a setuid file, a file
 *       owned by 1000:1000, long paths (USTAR prefix and PAX), UTF-8 names, an empty file, spaces;</li>
 *   <li>layer 1 ({@code t2}, umoci repack): a deleted file and a deleted directory (whiteouts), a
 *       directory deleted and re-created, a file replaced by a directory and vice versa, a changed
 *       file, a new pair of hard links;</li>
 *   <li>layer 2 ({@code t3}, hand-written tar via {@code umoci raw add-layer}): an opaque directory
 *       ({@code .wh..wh..opq}), a GNU long name under an implicit parent, a hard link to a file of
 *       layer 0.</li>
 * </ul>
 * Builds take a few seconds; test classes build once into a static {@code @TempDir}.
 */
final class RealImages {
    /** The Debian-like os-release stored at /usr/lib/os-release (and linked from /etc/os-release). */
    static final String DEBIAN_OS_RELEASE = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
            + "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n";
    static final String LONG_USTAR_PATH = "long/" + "segment-0123456789abcdef/".repeat(6) + "file-at-the-end-of-a-long-path.txt";
    static final String LONG_PAX_NAME = "long/" + "n".repeat(150) + ".txt";
    static final String LONG_GNU_NAME = "gnu-long/" + "g".repeat(130) + ".txt";
    static final String UTF8_FILE = "intl/h\u00e9llo w\u00f6rld \u2014 \u65e5\u672c\u8a9e.txt";
    static final String UTF8_NESTED = "intl/\u03b5\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac/\u0444\u0430\u0439\u043b.txt";
    /** Directories that exist only because a path below them does (no tar entry of their own). */
    static final Set<String> IMPLICIT_DIRS = Set.of("/gnu-long");
    /** Paths of the lower layers that the merged view of {@code t3} must not contain. */
    static final List<String> DELETED = List.of("/doomed.txt", "/olddir", "/olddir/x.txt", "/olddir/y/z.txt",
            "/recreated/old.txt", "/recreated/sub", "/recreated/sub/old2.txt", "/opq/old.txt", "/opq/sub",
            "/opq/sub/old2.txt", "/dir2file/child.txt");

    private static final Pattern DIGEST = Pattern.compile("\"digest\":\"sha256:([0-9a-f]{64})\"");

    /** True when non-ASCII file names round-trip through java.nio (the JVM's file-name encoding is UTF-8). */
    static final boolean UTF8_NAMES = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"));

    private final Path dir;
    private final Path layout;
    private final boolean root;
    private Path ociArchive;
    private Path dockerArchive;
    private Path zstdLayout;

    private RealImages(Path dir, boolean root) {
        this.dir = dir;
        this.layout = dir.resolve("layout");
        this.root = root;
    }

    /** Skips the calling test when umoci or skopeo is not installed. */
    static void assumeToolsPresent() {
        Tools.assumeTools("umoci", "skopeo");
    }


    /**
     * Builds the main layout ({@code t1}, {@code t2}, {@code t3}) in {@code dir}. Skips the test when
     * the tools are absent.
     */
    static RealImages build(Path dir) throws IOException {
        assumeToolsPresent();
        Path probe = Files.createTempFile(dir, "probe", "");
        boolean root = ((Integer) Files.getAttribute(probe, "unix:uid")) == 0;
        Files.delete(probe);
        RealImages images = new RealImages(dir, root);
        images.buildMain();
        return images;
    }

    /** Whether the images were built as root (ownership and modes then survive unpacking). */
    boolean root() {
        return root;
    }

    Path dir() {
        return dir;
    }

    Path layout() {
        return layout;
    }

    /** Returns {@code oci:LAYOUT:tag}. */
    String oci(String tag) {
        return "oci:" + layout + ":" + tag;
    }

    /** The {@code t3} image as an OCI archive (skopeo copy). */
    synchronized Path ociArchive() {
        if (ociArchive == null) {
            Path out = dir.resolve("t3-oci.tar");
            skopeo("copy", "-q", oci("t3"), "oci-archive:" + out + ":t3");
            ociArchive = out;
        }
        return ociArchive;
    }

    /** The {@code t3} image as a docker-archive named {@code example/merged:t3} (skopeo copy). */
    synchronized Path dockerArchive() {
        if (dockerArchive == null) {
            Path out = dir.resolve("t3-docker.tar");
            skopeo("copy", "-q", oci("t3"), "docker-archive:" + out + ":example/merged:t3");
            dockerArchive = out;
        }
        return dockerArchive;
    }

    /** The {@code t3} image as an OCI layout with zstd-compressed layers (skopeo copy), tag {@code t3}. */
    synchronized Path zstdLayout() {
        if (zstdLayout == null) {
            Path out = dir.resolve("zstd-layout");
            skopeo("copy", "-q", "--dest-compress-format", "zstd", oci("t3"), "oci:" + out + ":t3");
            zstdLayout = out;
        }
        return zstdLayout;
    }

    /**
     * Unpacks a tag with umoci into a fresh bundle: as root when building as root (real ownership and
     * modes), rootless otherwise.
     *
     * @return the bundle's rootfs
     */
    Path unpack(String tag) {
        Path bundle = dir.resolve("unpacked-" + tag + "-" + System.nanoTime());
        unpackTo(layout + ":" + tag, bundle);
        return bundle.resolve("rootfs");
    }

    private void unpackTo(String image, Path bundle) {
        List<String> cmd = new ArrayList<>(List.of("umoci", "unpack"));
        if (!root) {
            cmd.add("--rootless");
        }
        cmd.addAll(List.of("--image", image, bundle.toString()));
        run(cmd);
    }

    /** Returns the digest (hex) of the manifest a tag of a layout names. */
    static String manifestDigest(Path layout, String tag) throws IOException {
        String index = Files.readString(layout.resolve("index.json"));
        Matcher m = Pattern.compile("\\{[^{}]*\"digest\":\"sha256:([0-9a-f]{64})\"[^{}]*\\{[^{}]*"
                + "\"org.opencontainers.image.ref.name\":\"" + Pattern.quote(tag) + "\"").matcher(index);
        if (!m.find()) {
            throw new IllegalStateException("tag " + tag + " not in " + index);
        }
        return m.group(1);
    }

    // ---- the main image ------------------------------------------------------------------------

    private void buildMain() throws IOException {
        umoci("init", "--layout", layout.toString());
        umoci("new", "--image", layout + ":t1");

        Path b1 = dir.resolve("bundle-1");
        unpackTo(layout + ":t1", b1);
        populateLayer0(b1.resolve("rootfs"));
        umoci("repack", "--image", layout + ":t1", b1.toString());

        Path b2 = dir.resolve("bundle-2");
        unpackTo(layout + ":t1", b2);
        changeLayer1(b2.resolve("rootfs"));
        umoci("repack", "--image", layout + ":t2", b2.toString());

        Path layer2 = dir.resolve("layer2.tar");
        Files.write(layer2, layer2());
        umoci("raw", "add-layer", "--image", layout + ":t2", "--tag", "t3", layer2.toString());
        deleteTree(b1);
        deleteTree(b2);
    }

    private void populateLayer0(Path r) throws IOException {
        dirs(r, "etc", "usr/lib", "usr/bin", "data/nested/a/b/c", "olddir/y", "recreated/sub", "opq/sub", "dir2file",
                "links", "dir with spaces", "long");
        write(r, "usr/lib/os-release", DEBIAN_OS_RELEASE, 0644);
        symlink(r, "etc/os-release", "../usr/lib/os-release");
        write(r, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nimage-user:x:1000:1000::/home/user:/bin/sh\n", 0644);
        write(r, "usr/lib/libfoo.so.1", "\u007fELF pretend shared object\n" + "x".repeat(3000), 0644);
        symlink(r, "lib", "usr/lib");
        write(r, "usr/bin/tool", "#!/bin/sh\necho tool\n", 0755);
        Files.createLink(r.resolve("usr/bin/tool-hardlink"), r.resolve("usr/bin/tool"));
        write(r, "usr/bin/suid-tool", "#!/bin/sh\necho i run as root\n", 04755);
        write(r, "usr/bin/sgid-tool", "#!/bin/sh\necho i run as group\n", 02711);
        dirs(r, "home/user");
        write(r, "home/user/.profile", "export PS1='$ '\n", 0640);
        chown(r, "home/user/.profile", 1000, 1000);
        chown(r, "home/user", 1000, 1000);
        mode(r, "home/user", 0700);
        write(r, "data/nested/a/b/c/deep.txt", "deep, version 1\n", 0644);
        write(r, "doomed.txt", "deleted in layer 1\n", 0644);
        write(r, "olddir/x.txt", "gone with olddir\n", 0644);
        write(r, "olddir/y/z.txt", "gone with olddir too\n", 0644);
        write(r, "recreated/old.txt", "old recreated content\n", 0644);
        write(r, "recreated/sub/old2.txt", "old recreated content 2\n", 0644);
        write(r, "opq/old.txt", "hidden by the opaque marker\n", 0644);
        write(r, "opq/sub/old2.txt", "hidden by the opaque marker too\n", 0644);
        write(r, "file2dir", "a file that becomes a directory\n", 0644);
        write(r, "dir2file/child.txt", "a child of a directory that becomes a file\n", 0644);
        symlink(r, "links/abs", "/usr/bin/tool");
        symlink(r, "links/rel", "../usr/bin/tool");
        symlink(r, "links/escape", "../../../../etc/passwd");
        symlink(r, "links/dangling", "/nonexistent/file");
        symlink(r, "links/dirlink", "../data/nested");
        write(r, "empty", "", 0644);
        write(r, "dir with spaces/file with spaces.txt", "spaces\n", 0644);
        write(r, LONG_USTAR_PATH, "a path longer than 100 bytes that USTAR can split\n", 0644);
        write(r, LONG_PAX_NAME, "a name longer than 100 bytes in one component\n", 0644);
        if (UTF8_NAMES) {
            write(r, UTF8_FILE, "unicode \u2603\n", 0644);
            write(r, UTF8_NESTED, "\u0444\u0430\u0439\u043b\n", 0644);
        }
    }

    private void changeLayer1(Path r) throws IOException {
        Files.delete(r.resolve("doomed.txt"));
        deleteTree(r.resolve("olddir"));
        deleteTree(r.resolve("recreated"));
        dirs(r, "recreated");
        mode(r, "recreated", 0751);
        write(r, "recreated/new.txt", "new recreated content\n", 0600);
        Files.delete(r.resolve("file2dir"));
        dirs(r, "file2dir");
        write(r, "file2dir/inside.txt", "now inside a directory\n", 0644);
        deleteTree(r.resolve("dir2file"));
        write(r, "dir2file", "now a file\n", 0644);
        write(r, "data/nested/a/b/c/deep.txt", "deep, version 2 (layer 1)\n", 0644);
        write(r, "data/hl-a", "two names, one inode\n", 0644);
        Files.createLink(r.resolve("data/hl-b"), r.resolve("data/hl-a"));
    }

    private static byte[] layer2() {
        TarWriter t = new TarWriter();
        t.dir("opq/", 0750);
        t.file("opq/.wh..wh..opq", 0644, new byte[0]);
        t.file("opq/fresh.txt", 0644, "fresh, above the opaque marker\n".getBytes(StandardCharsets.UTF_8));
        t.file(LONG_GNU_NAME, 0644, "named by a GNU long-name record\n".getBytes(StandardCharsets.UTF_8));
        t.hardlink("hl-lower", "usr/lib/libfoo.so.1", 0644);
        return t.finish();
    }

    // ---- the OS-detection images ---------------------------------------------------------------

    /**
     * Builds a layout with tags {@code alpine} (only /etc/alpine-release) and {@code redhat} (an
     * /etc/redhat-release, and an /etc/os-release deleted again in a second layer).
     *
     * @return the layout
     */
    Path osLayout() throws IOException {
        Path os = dir.resolve("os-layout");
        umoci("init", "--layout", os.toString());
        umoci("new", "--image", os + ":alpine");
        Path a = dir.resolve("os-alpine");
        unpackTo(os + ":alpine", a);
        dirs(a.resolve("rootfs"), "etc");
        write(a.resolve("rootfs"), "etc/alpine-release", "3.20.3\n", 0644);
        umoci("repack", "--image", os + ":alpine", a.toString());

        umoci("new", "--image", os + ":redhat");
        Path r1 = dir.resolve("os-redhat-1");
        unpackTo(os + ":redhat", r1);
        dirs(r1.resolve("rootfs"), "etc");
        write(r1.resolve("rootfs"), "etc/os-release", "ID=ubuntu\nVERSION_ID=\"22.04\"\n", 0644);
        write(r1.resolve("rootfs"), "etc/redhat-release", "Rocky Linux release 9.3 (Blue Onyx)\n", 0644);
        umoci("repack", "--image", os + ":redhat", r1.toString());
        Path r2 = dir.resolve("os-redhat-2");
        unpackTo(os + ":redhat", r2);
        Files.delete(r2.resolve("rootfs/etc/os-release"));
        umoci("repack", "--image", os + ":redhat", r2.toString());
        return os;
    }

    // ---- multi-image locations -----------------------------------------------------------------

    /** A layout holding exactly two tags, {@code one} (= t1) and {@code three} (= t3), copied by skopeo. */
    Path twoTagLayout() {
        Path out = dir.resolve("two-tags");
        skopeo("copy", "-q", oci("t1"), "oci:" + out + ":one");
        skopeo("copy", "-q", oci("t3"), "oci:" + out + ":three");
        return out;
    }

    /**
     * A layout whose index.json lists two platform manifests without tags: linux/amd64 (the
     * {@code t3} image) and linux/arm64/v8 (the {@code t1} layers under a config umoci rewrote to
     * arm64). The blobs are umoci's; only index.json is written here.
     *
     * @return {@code [layout, amd64 manifest hex, arm64 manifest hex]}
     */
    Object[] multiPlatformLayout() throws IOException {
        umoci("config", "--image", layout + ":t1", "--architecture", "arm64", "--os", "linux", "--tag", "t1-arm64");
        Path out = dir.resolve("multi-platform");
        Files.createDirectories(out.resolve("blobs/sha256"));
        Files.copy(layout.resolve("oci-layout"), out.resolve("oci-layout"));
        try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path b : (Iterable<Path>) blobs::iterator) {
                Files.copy(b, out.resolve("blobs/sha256").resolve(b.getFileName()));
            }
        }
        String amd = manifestDigest(layout, "t3");
        String arm = manifestDigest(layout, "t1-arm64");
        String manifests = "[" + platformDescriptor(out, amd, "\"os\":\"linux\",\"architecture\":\"amd64\"") + ","
                + platformDescriptor(out, arm, "\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"") + "]";
        Files.writeString(out.resolve("index.json"), "{\"schemaVersion\":2,\"mediaType\":"
                + "\"application/vnd.oci.image.index.v1+json\",\"manifests\":" + manifests + "}");
        return new Object[] {out, amd, arm};
    }

    /**
     * Wraps the two platform manifests of {@link #multiPlatformLayout()} in a nested image index
     * tagged {@code multi}, and lets skopeo copy all of it ({@code --all}) into an OCI archive.
     */
    Path multiPlatformArchive(Path flatLayout) throws IOException {
        Path nested = dir.resolve("multi-nested");
        Files.createDirectories(nested.resolve("blobs/sha256"));
        Files.copy(flatLayout.resolve("oci-layout"), nested.resolve("oci-layout"));
        try (Stream<Path> blobs = Files.list(flatLayout.resolve("blobs/sha256"))) {
            for (Path b : (Iterable<Path>) blobs::iterator) {
                Files.copy(b, nested.resolve("blobs/sha256").resolve(b.getFileName()));
            }
        }
        byte[] index = Files.readAllBytes(flatLayout.resolve("index.json"));
        String hex = sha256(index);
        Files.write(nested.resolve("blobs/sha256").resolve(hex), index);
        Files.writeString(nested.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.index.v1+json\",\"digest\":\"sha256:" + hex + "\",\"size\":" + index.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"multi\"}}]}");
        Path out = dir.resolve("multi.tar");
        skopeo("copy", "-q", "--all", "oci:" + nested + ":multi", "oci-archive:" + out + ":multi");
        return out;
    }

    private static String platformDescriptor(Path layout, String hex, String platform) throws IOException {
        long size = Files.size(layout.resolve("blobs/sha256").resolve(hex));
        return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + hex
                + "\",\"size\":" + size + ",\"platform\":{" + platform + "}}";
    }

    /**
     * A docker-archive holding two images, {@code example/one:1} (= t1) and {@code example/three:3}
     * (= t3): skopeo writes each to its own archive; their files are merged and manifest.json lists
     * both entries, then GNU tar packs the result.
     */
    Path twoImageDockerArchive() throws IOException {
        Path one = dir.resolve("one-docker.tar");
        Path three = dir.resolve("three-docker.tar");
        skopeo("copy", "-q", oci("t1"), "docker-archive:" + one + ":example/one:1");
        skopeo("copy", "-q", oci("t3"), "docker-archive:" + three + ":example/three:3");
        Path merged = dir.resolve("docker-merged");
        Path m1 = dir.resolve("docker-one");
        Files.createDirectories(merged);
        Files.createDirectories(m1);
        run(List.of("tar", "-xf", one.toString(), "-C", m1.toString()));
        run(List.of("tar", "-xf", three.toString(), "-C", merged.toString()));
        String first = Files.readString(m1.resolve("manifest.json")).strip();
        String second = Files.readString(merged.resolve("manifest.json")).strip();
        run(List.of("tar", "-xf", one.toString(), "-C", merged.toString()));
        Files.writeString(merged.resolve("manifest.json"), "[" + first.substring(1, first.length() - 1) + ","
                + second.substring(1, second.length() - 1) + "]");
        Files.deleteIfExists(merged.resolve("repositories"));
        Path out = dir.resolve("two-images-docker.tar");
        List<String> cmd = new ArrayList<>(List.of("tar", "-cf", out.toString(), "-C", merged.toString()));
        try (Stream<Path> files = Files.list(merged)) {
            files.map(p -> p.getFileName().toString()).sorted().forEach(cmd::add);
        }
        run(cmd);
        return out;
    }

    /** Returns the layer digests (hex), bottom first, of the manifest a tag names. */
    static List<String> layerDigests(Path layout, String tag) throws IOException {
        String manifest = Files.readString(layout.resolve("blobs/sha256").resolve(manifestDigest(layout, tag)));
        String layers = manifest.substring(manifest.indexOf("\"layers\""));
        List<String> out = new ArrayList<>();
        Matcher m = DIGEST.matcher(layers);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * Lists a layer blob's raw tar headers as {@code "TYPE NAME"} (the 100-byte name field, PAX and GNU
     * records included as they are), so tests can prove the fixture holds what it claims.
     */
    static List<String> tarHeaders(Path blob) throws IOException {
        byte[] data = Files.readAllBytes(blob);
        if (data.length > 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b) {
            try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(data))) {
                data = in.readAllBytes();
            }
        }
        List<String> out = new ArrayList<>();
        int off = 0;
        while (off + 512 <= data.length && data[off] != 0) {
            int end = off;
            while (end < off + 100 && data[end] != 0) {
                end++;
            }
            String name = new String(data, off, end - off, StandardCharsets.UTF_8);
            char type = data[off + 156] == 0 ? '0' : (char) data[off + 156];
            String sizeField = new String(data, off + 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim();
            long size = sizeField.isEmpty() ? 0 : Long.parseLong(sizeField, 8);
            out.add(type + " " + name);
            off += 512 + (int) ((size + 511) / 512 * 512);
        }
        return out;
    }

    // ---- tools ---------------------------------------------------------------------------------

    static void umoci(String... args) {
        List<String> cmd = new ArrayList<>(List.of("umoci"));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    static void skopeo(String... args) {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + cmd, e);
        }
    }

    // ---- filesystem helpers --------------------------------------------------------------------

    private static void dirs(Path root, String... rels) throws IOException {
        for (String rel : rels) {
            Files.createDirectories(root.resolve(rel));
        }
    }

    private static void write(Path root, String rel, String content, int mode) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        Files.setAttribute(p, "unix:mode", mode);
    }

    private static void mode(Path root, String rel, int mode) throws IOException {
        Files.setAttribute(root.resolve(rel), "unix:mode", mode);
    }

    private void chown(Path root, String rel, int uid, int gid) throws IOException {
        if (this.root) {
            Files.setAttribute(root.resolve(rel), "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(root.resolve(rel), "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static void symlink(Path root, String rel, String target) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : (Iterable<Path>) walk.sorted((a, b) -> b.compareTo(a))::iterator) {
                Files.delete(x);
            }
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A minimal tar writer (GNU format: {@code ././@LongLink} records for names over 100 bytes), for
     * the one layer umoci cannot produce itself.
     */
    static final class TarWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void dir(String name, int mode) {
            entry(name, '5', mode, "", new byte[0]);
        }

        void file(String name, int mode, byte[] content) {
            entry(name, '0', mode, "", content);
        }

        void hardlink(String name, String target, int mode) {
            entry(name, '1', mode, target, new byte[0]);
        }

        byte[] finish() {
            out.writeBytes(new byte[1024]);
            return out.toByteArray();
        }

        private void entry(String name, char type, int mode, String link, byte[] content) {
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            if (nameBytes.length > 100) {
                byte[] data = new byte[nameBytes.length + 1];
                System.arraycopy(nameBytes, 0, data, 0, nameBytes.length);
                header("././@LongLink", 'L', 0, "", data.length);
                pad(data);
            }
            header(name, type, mode, link, content.length);
            pad(content);
        }

        private void header(String name, char type, int mode, String link, long size) {
            byte[] h = new byte[512];
            put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
            octal(h, 100, 8, mode);
            octal(h, 108, 8, 0);
            octal(h, 116, 8, 0);
            octal(h, 124, 12, size);
            octal(h, 136, 12, 1_700_000_000L);
            h[156] = (byte) type;
            put(h, 157, 100, link.getBytes(StandardCharsets.UTF_8));
            put(h, 257, 8, "ustar  \0".getBytes(StandardCharsets.US_ASCII));
            put(h, 265, 32, "root".getBytes(StandardCharsets.US_ASCII));
            put(h, 297, 32, "root".getBytes(StandardCharsets.US_ASCII));
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            long sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            byte[] chk = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(chk, 0, h, 148, 8);
            out.writeBytes(h);
        }

        private void pad(byte[] data) {
            out.writeBytes(data);
            int rest = data.length % 512;
            if (rest != 0) {
                out.writeBytes(new byte[512 - rest]);
            }
        }

        private static void put(byte[] h, int off, int len, byte[] value) {
            System.arraycopy(value, 0, h, off, Math.min(len, value.length));
        }

        private static void octal(byte[] h, int off, int len, long value) {
            String s = String.format("%0" + (len - 1) + "o", value);
            put(h, off, len - 1, s.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
