package dev.containersec.image.catalog.lang;

import dev.containersec.image.Tools;

import dev.containersec.api.CatalogContext;
import dev.containersec.api.Cataloger;
import dev.containersec.api.Digest;
import dev.containersec.api.FileEntry;
import dev.containersec.api.FileType;
import dev.containersec.api.Package;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.FileWalk;
import dev.containersec.image.Image;
import dev.containersec.image.ImageReader;
import dev.containersec.image.WalkResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Shared helpers: running a cataloger's session over files or images, and the real tools the tests use. */
final class LangTests {
    static final Digest LAYER = Digest.sha256(new byte[0]);
    static final Path TEST_JARS = Path.of("target/test-jars");

    private LangTests() {
    }

    static FileEntry entry(String path, long size) {
        return new FileEntry(path, FileType.REGULAR, 0644, 0, 0, size, Optional.empty(), 0, LAYER);
    }

    /** Feeds one file to a fresh session and finishes it. */
    static List<Package> catalog(Cataloger c, ScanLimits limits, String path, byte[] content) throws IOException {
        Cataloger.Session s = c.newSession(limits);
        s.accept(entry(path, content.length), new ByteArrayInputStream(content));
        return s.finish(new CatalogContext(Optional.empty(), limits));
    }

    static List<Package> catalog(Cataloger c, String path, Path file) throws IOException {
        Cataloger.Session s = c.newSession(ScanLimits.defaults());
        try (InputStream in = Files.newInputStream(file)) {
            s.accept(entry(path, Files.size(file)), in);
        }
        return s.finish(new CatalogContext(Optional.empty(), ScanLimits.defaults()));
    }

    /** Walks an image once, handing the cataloger's files to its session (as the image cataloger will). */
    static List<Package> catalogImage(String location, Cataloger c) {
        ScanLimits limits = ScanLimits.defaults();
        try (Image image = ImageReader.builder().limits(limits).build().open(location)) {
            Cataloger.Session s = c.newSession(limits);
            WalkResult r = image.walk(FileWalk.builder().contents(c.globs(), s::accept).build());
            return s.finish(new CatalogContext(r.os(), limits));
        }
    }

    static List<String> purls(List<Package> ps) {
        return ps.stream().map(p -> p.purl().toString()).sorted().toList();
    }



    /** Runs a command, returning its output; fails on a non-zero exit. */
    static String run(Path dir, String... cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", cmd));
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Returns the command's output, or empty when it cannot run or fails. */
    static Optional<String> tryRun(Path dir, String... cmd) {
        try {
            return Optional.of(run(dir, cmd));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** What a layer adds or removes, given the unpacked rootfs. */
    interface LayerChange {
        void apply(Path rootfs) throws IOException;
    }

    /**
     * Builds an OCI layout with umoci, one layer per change, tagged {@code l1}, {@code l2}, ...
     *
     * @return the layout directory
     */
    static Path umociImage(Path dir, LayerChange... changes) throws IOException {
        Tools.assumeTools("umoci");
        Path layout = dir.resolve("layout");
        boolean root = ((Integer) Files.getAttribute(dir, "unix:uid")) == 0
                && "0".equals(run(null, "id", "-u").strip());
        run(null, "umoci", "init", "--layout", layout.toString());
        run(null, "umoci", "new", "--image", layout + ":l0");
        String from = "l0";
        for (int i = 0; i < changes.length; i++) {
            Path bundle = dir.resolve("bundle-" + i);
            List<String> unpack = new ArrayList<>(List.of("umoci", "unpack"));
            if (!root) {
                unpack.add("--rootless");
            }
            unpack.addAll(List.of("--image", layout + ":" + from, bundle.toString()));
            run(null, unpack.toArray(String[]::new));
            changes[i].apply(bundle.resolve("rootfs"));
            String tag = "l" + (i + 1);
            run(null, "umoci", "repack", "--image", layout + ":" + tag, bundle.toString());
            deleteTree(bundle);
            from = tag;
        }
        return layout;
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        if (Files.isDirectory(from)) {
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(target);
                    } else if (!Files.isSymbolicLink(p)) {
                        Files.copy(p, target);
                    }
                }
            }
        } else {
            Files.copy(from, to);
        }
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
}
