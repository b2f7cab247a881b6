package dev.containersec.image.catalog.os;


import dev.containersec.api.Digest;
import dev.containersec.api.FileEntry;
import dev.containersec.api.FileType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Real tools for the OS cataloger tests: umoci-built layouts, and running dpkg-query / rpm. */
final class OsTestImages {
    private OsTestImages() {
    }

    /** A modification of a rootfs, run between {@code umoci unpack} and {@code umoci repack}. */
    @FunctionalInterface
    interface RootfsChange {
        void apply(Path rootfs) throws IOException;
    }



    /** Creates a layout with an empty image tagged {@code base}. */
    static Path newLayout(Path dir) {
        Path layout = dir.resolve("layout");
        run(List.of("umoci", "init", "--layout", layout.toString()));
        run(List.of("umoci", "new", "--image", layout + ":base"));
        return layout;
    }

    /** Adds one layer on top of tag {@code from}, storing the result as tag {@code to}. */
    static void layer(Path layout, String from, String to, RootfsChange change) throws IOException {
        Path bundle = Files.createTempDirectory(layout.getParent(), "bundle");
        Files.delete(bundle);
        run(List.of("umoci", "unpack", "--image", layout + ":" + from, bundle.toString()));
        change.apply(bundle.resolve("rootfs"));
        run(List.of("umoci", "repack", "--image", layout + ":" + to, bundle.toString()));
        deleteTree(bundle);
    }

    static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            byte[] err;
            try (InputStream in = p.getErrorStream()) {
                err = in.readAllBytes();
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n"
                        + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + cmd, e);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(x);
            }
        }
    }

    static void write(Path rootfs, String abs, byte[] content) throws IOException {
        Path p = rootfs.resolve(abs.substring(1));
        Files.createDirectories(p.getParent());
        Files.write(p, content);
    }

    /** A regular-file entry of layer 0, for feeding sessions directly. */
    static FileEntry entry(String path, long size) {
        return new FileEntry(path, FileType.REGULAR, 0644, 0, 0, size, Optional.empty(), 0,
                Digest.sha256(new byte[0]));
    }

    /** Splits deb822 text into stanzas (blank-line separated). */
    static List<String> stanzas(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split("\n\\s*\n")) {
            if (!s.isBlank()) {
                out.add(s.strip() + "\n");
            }
        }
        return out;
    }
}
