package dev.containersec.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Builds real images for the CLI tests with real tools: {@code umoci} (layout, layers, config) and
 * {@code skopeo} (oci-archive and docker-archive). Layers are made with {@code umoci unpack} and
 * {@code umoci repack}; {@code umoci insert} is avoided because umoci 0.4.7 writes its layers without
 * tar end-of-archive blocks.
 *
 * <p>Tests call {@link #assumeTools()} first: they are skipped only where the tools are missing; CI installs them.
 */
public final class TestImages {
    /** The tag every built image carries. */
    public static final String TAG = "1.0";

    private TestImages() {
    }

    /** Skips the calling test when umoci or skopeo is not installed. */
    public static void assumeTools() {
        Assumptions.assumeTrue(works("umoci", "--version") && works("skopeo", "--version"),
                "umoci and skopeo are needed to build test images");
    }

    /**
     * Builds the standard test image as an OCI layout, tag {@value #TAG}: layer 0 holds
     * {@code /etc/os-release} (Alpine 3.20.3), {@code /etc/passwd}, {@code /bin/sh} and
     * {@code /etc/motd}; layer 1 adds {@code /app/run.sh} (0755), a symlink {@code /app/current -> run.sh}
     * and deletes {@code /etc/motd}. The config runs as {@code 1000:1000} with an entrypoint, env,
     * a label, an exposed port and a working directory.
     *
     * @param dir where to create the layout (must not exist)
     * @return the layout directory
     */
    public static Path buildLayout(Path dir) throws IOException, InterruptedException {
        run("umoci", "init", "--layout", dir.toString());
        String image = dir + ":" + TAG;
        run("umoci", "new", "--image", image);
        addLayer(dir, root -> {
            write(root.resolve("etc/os-release"), "ID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME=\"Alpine Linux v3.20\"\n");
            write(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n");
            write(root.resolve("etc/motd"), "welcome\n");
            write(root.resolve("bin/sh"), "#!fake shell\n");
            Files.setPosixFilePermissions(root.resolve("bin/sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        });
        addLayer(dir, root -> {
            write(root.resolve("app/run.sh"), "#!/bin/sh\necho run\n");
            Files.setPosixFilePermissions(root.resolve("app/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createSymbolicLink(root.resolve("app/current"), Path.of("run.sh"));
            Files.delete(root.resolve("etc/motd"));
        });
        run("umoci", "config", "--image", image, "--no-history",
                "--config.user", "1000:1000",
                "--config.entrypoint", "/app/run.sh",
                "--config.cmd", "--serve",
                "--config.env", "PATH=/usr/bin:/bin",
                "--config.env", "MODE=test",
                "--config.workingdir", "/app",
                "--config.exposedports", "8080/tcp",
                "--config.label", "org.opencontainers.image.title=cli-test",
                "--os", "linux", "--architecture", "amd64");
        run("umoci", "gc", "--layout", dir.toString());
        return dir;
    }

    /**
     * Copies an OCI layout image to an OCI archive with skopeo.
     *
     * @param layout the layout
     * @param archive the archive to write
     * @return the archive
     */
    public static Path toOciArchive(Path layout, Path archive) throws IOException, InterruptedException {
        run("skopeo", "copy", "--quiet", "oci:" + layout + ":" + TAG, "oci-archive:" + archive);
        return archive;
    }

    /**
     * Copies an OCI layout image to a docker-archive ({@code docker save} format) named {@code cli-test:1.0}.
     *
     * @param layout the layout
     * @param archive the archive to write
     * @return the archive
     */
    public static Path toDockerArchive(Path layout, Path archive) throws IOException, InterruptedException {
        run("skopeo", "copy", "--quiet", "oci:" + layout + ":" + TAG, "docker-archive:" + archive + ":cli-test:" + TAG);
        return archive;
    }

    /** Adds files to a root filesystem. */
    @FunctionalInterface
    public interface RootFs {
        /**
         * Changes the root filesystem.
         *
         * @param root the unpacked rootfs
         */
        void populate(Path root) throws IOException;
    }

    /**
     * Adds a layer on top of the image tagged {@value #TAG}: unpacks it with umoci, lets {@code change} edit the
     * root filesystem, and repacks the difference as a new layer.
     *
     * @param layout the layout
     * @param change the edit
     */
    public static void addLayer(Path layout, RootFs change) throws IOException, InterruptedException {
        Path bundle = Files.createTempDirectory("umoci-bundle").resolve("b");
        try {
            run("umoci", "unpack", "--rootless", "--image", layout + ":" + TAG, bundle.toString());
            change.populate(bundle.resolve("rootfs"));
            run("umoci", "repack", "--image", layout + ":" + TAG, bundle.toString());
        } finally {
            deleteTree(bundle.getParent());
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
    }

    /**
     * Runs a command, failing with its output when it fails.
     *
     * @param command the command and its arguments
     */
    public static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Deletes a directory tree (umoci leaves read-only directories behind; they are made writable first).
     *
     * @param dir the tree
     */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Path p = paths.get(i);
            p.toFile().setWritable(true);
            Files.deleteIfExists(p);
        }
    }
}
