package dev.containersec.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, anonymous, plain-HTTP docker-registry (Debian's {@code docker-registry}, the CNCF distribution
 * server) on a free loopback port, for CLI integration tests. Close it to stop the server.
 */
public final class LoopbackRegistry implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Process process;
    private final String host;

    private LoopbackRegistry(Process process, String host) {
        this.process = process;
        this.host = host;
    }

    /**
     * Starts a registry storing into {@code dir}, skipping the test when docker-registry is not installed.
     *
     * @param dir a private directory for the configuration, storage and log
     * @return the running registry
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted while waiting for it to listen
     */
    public static LoopbackRegistry start(Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), BINARY + " is not installed (CI installs it, see .ci/run)");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: "
                + Files.createDirectories(dir.resolve("storage")) + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
        Process p = new ProcessBuilder(BINARY.toString(), "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile()).start();
        LoopbackRegistry registry = new LoopbackRegistry(p, "127.0.0.1:" + port);
        try {
            waitForPort(port);
        } catch (RuntimeException | InterruptedException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /**
     * Returns where it listens.
     *
     * @return {@code 127.0.0.1:PORT}
     */
    public String host() {
        return host;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
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
    /** The signed-image fixture's OCI layout (a tiny "hello" image) that registry tests push. */
    public static final Path HELLO = Path.of("src/test/resources/signature/hello");

    /**
     * Copies {@link #HELLO} into a directory, so that a test may write into its copy.
     *
     * @param dir the target directory
     * @return {@code dir}
     * @throws IOException if copying fails
     */
    public static Path copyHello(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(HELLO)) {
            for (Path p : files.toList()) {
                Path target = dir.resolve(HELLO.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return dir;
    }

    /**
     * Runs {@code skopeo --insecure-policy ARGS...} (to push to or inspect the registry), bounded to two minutes.
     *
     * @param args skopeo's arguments
     * @return its combined output
     * @throws IllegalStateException if it fails
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted
     */
    public static String skopeo(String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("skopeo", "--insecure-policy"));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
