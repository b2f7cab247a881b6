package dev.containersec.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.cli.Cli;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.TestImages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code registry:} images on the command line, against a real docker-registry on loopback. */
@Timeout(180)
class RegistryCliIT {
    @TempDir
    Path tmp;

    @Test
    void imageLs_registryImage_listsWhatTheLayoutHolds_onlyWithTheInsecureHostAllowed() throws Exception {
        TestImages.assumeTools();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-registry")), "docker-registry is not installed");
        Path layout = TestImages.buildLayout(tmp.resolve("layout"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = tmp.resolve("config.yml");
        Files.writeString(config, "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: "
                + Files.createDirectories(tmp.resolve("storage")) + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
        Process registry = new ProcessBuilder("docker-registry", "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("registry.log").toFile()).start();
        try {
            waitForPort(port);
            String host = "127.0.0.1:" + port;
            TestImages.run("skopeo", "--insecure-policy", "copy", "-q", "--dest-tls-verify=false",
                    "oci:" + layout + ":" + TestImages.TAG, "docker://" + host + "/cli/app:" + TestImages.TAG);
            Path cache = tmp.resolve("cache");

            Cli.Result local = Cli.run("image", "ls", "oci:" + layout + ":" + TestImages.TAG);
            Cli.Result remote = Cli.run("--allow-insecure-registry", host, "--registry-cache", cache.toString(),
                    "image", "ls", "registry:" + host + "/cli/app:" + TestImages.TAG);
            assertThat(remote.exitCode()).as(remote.toString()).isZero();
            assertThat(remote.out()).isEqualTo(local.out()).contains("/app/run.sh");
            assertThat(cache.resolve("sha256")).isDirectory();

            Cli.Result afterCommand = Cli.run("image", "ls", "--allow-insecure-registry", host, "--no-registry-cache",
                    "registry:" + host + "/cli/app:" + TestImages.TAG);
            assertThat(afterCommand.exitCode()).as(afterCommand.toString()).isZero();

            Cli.Result refused = Cli.run("--no-registry-cache", "image", "ls", "registry:" + host + "/cli/app:" + TestImages.TAG);
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(refused.err()).contains("TLS");
        } finally {
            registry.destroy();
            registry.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("registry did not start");
                }
                Thread.sleep(100);
            }
        }
    }
}
