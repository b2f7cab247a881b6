package dev.containersec.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real registry (Debian's {@code docker-registry}, the CNCF distribution server) on 127.0.0.1 with a
 * random free port, a generated configuration and temporary storage; its log (with access lines) is
 * kept to count requests.
 */
final class TestRegistry implements AutoCloseable {
    static final String BINARY = "docker-registry";

    private final Process process;
    private final Path log;
    final int port;

    private TestRegistry(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the registry; {@code extra} is YAML appended at top level (auth) and {@code tls} the
     * {@code http:} lines for TLS (empty for plain HTTP).
     */
    static TestRegistry start(Path dir, String tlsLines, String authYaml) throws IOException {
        int port = freePort();
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "version: 0.1\n"
                + "log:\n  level: info\n  accesslog:\n    disabled: false\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + storage + "\n  delete:\n    enabled: true\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: test-secret\n" + tlsLines
                + authYaml);
        Path log = dir.resolve("registry.log");
        Process p = new ProcessBuilder(BINARY, "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        TestRegistry r = new TestRegistry(p, log, port);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return r;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    r.close();
                    throw new IllegalStateException("registry did not start:\n" + Files.readString(log));
                }
                sleep(100);
            }
        }
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    /** Counts {@code GET} requests for blobs of a repository in the access log. */
    long blobGets(String repository) throws IOException {
        Matcher m = Pattern.compile("\"GET /v2/" + Pattern.quote(repository) + "/blobs/").matcher(Files.readString(log));
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code openssl} with the arguments, in a directory. */
    static void openssl(Path dir, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
