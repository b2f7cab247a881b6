package dev.containersec.cli.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.cli.Cli;
import dev.containersec.cli.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code containersec db update} against a small HTTP/1.1 server on 127.0.0.1 (one request per connection)
 * serving a zip of the demo's real OSV advisories, with an ETag.
 */
class DbUpdateCommandIT {
    private static final String LAST_MODIFIED = "Thu, 26 Nov 2026 08:00:00 GMT";

    @TempDir
    Path tmp;

    private ServerSocket socket;
    private Thread acceptor;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    serve(s);
                } catch (IOException e) {
                    // closed by stop(), or a client that went away
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws Exception {
        socket.close();
        acceptor.join(5000);
    }

    private void serve(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (head.size() < 16384 && !head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.write(b);
        }
        String request = head.toString(StandardCharsets.ISO_8859_1);
        requests.add(request);
        String path = request.split(" ", 3)[1];
        byte[] body = files.get(path);
        OutputStream out = s.getOutputStream();
        String etag = body == null ? "" : "\"" + java.util.Arrays.hashCode(body) + "\"";
        if (body == null) {
            out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else if (request.contains("\r\nIf-None-Match: " + etag + "\r\n")
                || request.toLowerCase(java.util.Locale.ROOT).contains("\r\nif-none-match: " + etag + "\r\n")) {
            out.write(("HTTP/1.1 304 Not Modified\r\nETag: " + etag + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } else {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: " + body.length
                    + "\r\nETag: " + etag + "\r\nLast-Modified: " + LAST_MODIFIED + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
        }
        out.flush();
    }

    private String base() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    private static byte[] demoZip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // Read as resources: integration tests see the main classes as a jar.
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String f : List.of("GHSA-36p3-wjmg-h94x.json", "GHSA-599f-7c49-w659.json", "GHSA-7rjr-3q55-vv33.json",
                    "GHSA-jfh8-c2jp-5v3q.json")) {
                out.putNextEntry(new ZipEntry(f));
                try (InputStream in = DbUpdateCommandIT.class.getResourceAsStream("/demo/osv/" + f)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void update_downloadsThenSays304Unchanged_andScanUsesTheAdvisories() throws IOException {
        files.put("/Maven/all.zip", demoZip());
        String db = tmp.resolve("db").toString();
        Cli.Result first = Cli.run("db", "update", "--source", base(), "--ecosystem", "Maven", "--db", db, "--progress");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCode.OK);
        assertThat(first.out()).containsPattern("Maven +updated +4 advisories, 0 skipped")
                .contains("database ").contains(": 4 advisories");
        assertThat(first.err()).contains("Maven: downloading"); // progress goes to stderr
        Cli.Result second = Cli.run("db", "update", "--db", db, "--source", base()); // the ecosystems of last time
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(ExitCode.OK);
        assertThat(second.out()).containsPattern("Maven +unchanged").contains("(file unchanged)");
        assertThat(requests.get(1).toLowerCase(java.util.Locale.ROOT)).contains("if-none-match: \"");
        assertThat(Cli.run("db", "status", "--db", db).out()).contains("advisories      4");
    }

    @Test
    void status_json_showsWhatUpdateStored_andA304AdvancesOnlyLastChecked() throws Exception {
        byte[] zip = demoZip();
        files.put("/Maven/all.zip", zip);
        String db = tmp.resolve("db").toString();
        Instant before = Instant.now();
        assertThat(Cli.run("db", "update", "--source", base(), "--ecosystem", "Maven", "--db", db).exitCode())
                .isEqualTo(ExitCode.OK);
        Cli.Result status = Cli.run("db", "status", "--db", db, "--format", "json");
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCode.OK);
        JsonNode mirrored = new ObjectMapper().readTree(status.out()).path("mirroredEcosystems");
        assertThat(mirrored).hasSize(1);
        JsonNode maven = mirrored.get(0);
        assertThat(maven.path("ecosystem").asText()).isEqualTo("Maven");
        assertThat(maven.path("url").asText()).isEqualTo(base() + "Maven/all.zip");
        assertThat(maven.path("etag").asText()).isEqualTo("\"" + java.util.Arrays.hashCode(zip) + "\"");
        assertThat(maven.path("lastModified").asText()).isEqualTo(LAST_MODIFIED);
        Instant downloaded = Instant.parse(maven.path("lastDownloaded").asText());
        assertThat(downloaded).isBetween(before, Instant.now());
        assertThat(maven.path("lastChecked").asText()).isEqualTo(maven.path("lastDownloaded").asText());
        assertThat(maven.path("advisories").isIntegralNumber()).isTrue();
        assertThat(maven.path("advisories").asLong()).isEqualTo(4);

        Thread.sleep(5);
        Cli.Result again = Cli.run("db", "update", "--source", base(), "--db", db);
        assertThat(again.out()).containsPattern("Maven +unchanged");
        JsonNode after = new ObjectMapper().readTree(Cli.run("db", "status", "--db", db, "--json").out())
                .path("mirroredEcosystems").get(0);
        assertThat(after.path("lastDownloaded").asText()).isEqualTo(maven.path("lastDownloaded").asText());
        assertThat(Instant.parse(after.path("lastChecked").asText())).isAfter(downloaded);
        assertThat(after.path("etag")).isEqualTo(maven.path("etag"));

        Cli.Result table = Cli.run("db", "status", "--db", db);
        assertThat(table.out()).contains("mirrored by 'db update'")
                .containsPattern("Maven +4 advisories from " + java.util.regex.Pattern.quote(base() + "Maven/all.zip"))
                .contains("last-modified " + LAST_MODIFIED)
                .contains("downloaded " + maven.path("lastDownloaded").asText())
                .contains("checked " + after.path("lastChecked").asText());
    }

    @Test
    void update_unknownEcosystem_exits3_andKeepsTheOtherEcosystems() throws IOException {
        files.put("/Maven/all.zip", demoZip());
        String db = tmp.resolve("db").toString();
        Cli.Result r = Cli.run("db", "update", "--source", base(), "--ecosystem", "Maven", "--ecosystem", "Nope",
                "--db", db);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.out()).containsPattern("Maven +updated").containsPattern("Nope +failed +not_found");
        assertThat(r.errLines()).anyMatch(l -> l.startsWith("containersec: Nope: HTTP 404"));
        assertThat(Cli.run("db", "status", "--db", db).out()).contains("advisories      4");
    }

    @Test
    void update_withoutEcosystemOnAFreshDatabase_isAUsageError() {
        Cli.Result r = Cli.run("db", "update", "--source", base(), "--db", tmp.resolve("db").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--ecosystem");
        Cli.Result bad = Cli.run("db", "update", "--source", "ftp://x/", "--ecosystem", "Go", "--db", tmp.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
    }
}
