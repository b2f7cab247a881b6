package dev.containersec.policy.hardening;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Builds small real OCI layouts with umoci for the image-hardening tests (tag {@value #TAG}). */
final class UmociImages {
    static final String TAG = "1.0";

    private UmociImages() {
    }

    /** Changes a root filesystem. */
    @FunctionalInterface
    interface RootFs {
        void populate(Path root) throws IOException, InterruptedException;
    }

    static void assumeUmoci() {
        boolean ok;
        try {
            Process p = new ProcessBuilder("umoci", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        Assumptions.assumeTrue(ok, "umoci is needed to build test images");
    }

    /**
     * Builds a one-layer image.
     *
     * @param dir the layout directory (must not exist)
     * @param rootfs fills the layer
     * @param config extra {@code umoci config} arguments
     * @return the layout
     */
    static Path build(Path dir, RootFs rootfs, String... config) throws IOException, InterruptedException {
        run("umoci", "init", "--layout", dir.toString());
        String image = dir + ":" + TAG;
        run("umoci", "new", "--image", image);
        Path bundle = Files.createTempDirectory("umoci-bundle").resolve("b");
        try {
            run("umoci", "unpack", "--rootless", "--image", image, bundle.toString());
            rootfs.populate(bundle.resolve("rootfs"));
            run("umoci", "repack", "--image", image, bundle.toString());
        } finally {
            deleteTree(bundle.getParent());
        }
        List<String> args = new ArrayList<>(List.of("umoci", "config", "--image", image));
        args.addAll(List.of(config));
        args.addAll(List.of("--os", "linux", "--architecture", "amd64"));
        run(args.toArray(String[]::new));
        run("umoci", "gc", "--layout", dir.toString());
        return dir;
    }

    static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, UTF_8);
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            paths.get(i).toFile().setWritable(true);
            Files.deleteIfExists(paths.get(i));
        }
    }
}
