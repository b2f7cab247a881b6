package dev.containersec.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.containersec.api.ContainerInfo;
import dev.containersec.api.ContainerResolver;
import dev.containersec.runtime.ContainerResolverRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creates a real container with the machine's podman (CI installs it) in a private storage root, from an
 * image imported from a one-file tarball (no registry), and resolves it from the state files podman
 * wrote. Needs root, as rootful podman does; skipped only when not root, so a missing podman fails.
 */
class ContainersStorageIT {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aContainerPodmanCreated_isResolvedFromItsStateFiles_withoutAskingPodman(@TempDir Path dir) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "rootful podman needs root");
        Path rootfs = Files.createDirectories(dir.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/true"), rootfs.resolve("true"));
        Path tar = dir.resolve("rootfs.tar");
        run(dir, "tar", "-C", dir.resolve("rootfs").toString(), "-cf", tar.toString(), ".");
        Path root = dir.resolve("storage");
        List<String> podman = List.of("podman", "--root", root.toString(), "--runroot", dir.resolve("run").toString(),
                "--storage-driver", "vfs");
        run(dir, concat(podman, "import", tar.toString(), "localhost/containersec-it/app:2.0"));
        String id = run(dir, concat(podman, "create", "--name", "it-web", "localhost/containersec-it/app:2.0",
                "/bin/true")).trim();
        assertThat(id).matches("[0-9a-f]{64}");
        String digest = run(dir, concat(podman, "image", "inspect", "--format", "{{.Digest}}",
                "localhost/containersec-it/app:2.0")).trim();

        ContainerResolver resolver = ContainerResolverRegistry.containersStorage(List.of(root));
        ContainerInfo info = resolver.resolve(id.substring(0, 12)).orElseThrow();
        assertThat(info.name()).isEqualTo("it-web");
        assertThat(info.imageRepository()).isEqualTo("localhost/containersec-it/app");
        assertThat(info.imageTag()).contains("2.0");
        assertThat(info.imageDigest().map(Object::toString)).contains(digest);

        run(dir, concat(podman, "rm", id));
        assertThat(resolver.resolve(id.substring(0, 12))).as("a removed container is forgotten").isEmpty();
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        return run(dir, List.of(command));
    }

    private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
    }
}
