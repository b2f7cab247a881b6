package dev.containersec.signature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real registry for integration tests: Debian's {@code docker-registry} (the CNCF distribution server)
 * on 127.0.0.1 with a free port, a generated configuration and temporary storage, as the image module's
 * {@code RegistryIT} runs it. Images are pushed with skopeo.
 */
final class LocalRegistry implements AutoCloseable {
    static final String BINARY = "docker-registry";

    private final Process process;
    private final Path log;
    private final int port;

    private LocalRegistry(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Skips the test unless docker-registry, skopeo and the other named tools are installed. */
    static void assumeTools(String... more) {
        List<String> tools = new ArrayList<>(List.of(BINARY, "skopeo"));
        tools.addAll(List.of(more));
        for (String tool : tools) {
            Assumptions.assumeTrue(onPath(tool), tool + " is not installed (CI installs it, see .ci/run)");
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin" : path).split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts the registry.
     *
     * @param dir its working directory (config, storage, log)
     * @param httpLines extra lines under {@code http:} (TLS), or empty for plain HTTP
     * @param topLevelYaml extra top-level YAML (auth), or empty
     */
    static LocalRegistry start(Path dir, String httpLines, String topLevelYaml) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "version: 0.1\n"
                + "log:\n  level: info\n  accesslog:\n    disabled: false\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + storage + "\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: test-secret\n" + httpLines
                + topLevelYaml);
        Path log = dir.resolve("registry.log");
        Process p = new ProcessBuilder(BINARY, "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        LocalRegistry r = new LocalRegistry(p, log, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return r;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    r.close();
                    throw new IllegalStateException("registry did not start:\n" + Files.readString(log));
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
    }

    /** Returns {@code 127.0.0.1:PORT}. */
    String host() {
        return "127.0.0.1:" + port;
    }

    /** Returns the registry's log (with access lines). */
    String log() throws IOException {
        return Files.readString(log);
    }

    /** The outcome of a command: exit code and merged output. */
    record Run(int exit, String out) {
    }

    /** Runs a command (working directory {@code dir} when not null) with a 120 s bound. */
    static Run run(Path dir, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, out + "\n(timed out)");
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command that must succeed. */
    static String runOk(Path dir, String... command) {
        Run r = run(dir, command);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + r.exit() + "):\n" + r.out());
        }
        return r.out();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
