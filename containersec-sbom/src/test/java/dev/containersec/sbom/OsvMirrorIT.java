package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.containersec.api.ScanLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OsvMirror} against a real HTTP server (the JDK's) on 127.0.0.1, serving zips built from the real
 * advisories in the test resources, with the ways a mirror goes wrong.
 */
class OsvMirrorIT {
    private static final String LOG4J = "org.apache.logging.log4j:log4j-core";

    /** What the server answers for one path. */
    @FunctionalInterface
    interface Route {
        void handle(HttpExchange ex) throws IOException;
    }

    @TempDir
    Path tmp;

    private HttpServer server;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<Headers> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            requests.add(ex.getRequestHeaders());
            try {
                Route r = routes.get(ex.getRequestURI().getRawPath());
                if (r == null) {
                    ex.sendResponseHeaders(404, -1);
                } else {
                    r.handle(ex);
                }
            } catch (IOException e) {
                // The client went away (it cancelled an endless or too-large body): expected in some tests.
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private OsvMirror.Builder mirror(String... ecosystems) {
        return OsvMirror.builder().source(base()).ecosystems(List.of(ecosystems)).backoff(Duration.ofMillis(20))
                .attempts(3).downloadTimeout(Duration.ofSeconds(20));
    }

    /** A zip of some of the real advisories in src/test/resources/osv. */
    private static byte[] zipOf(String... files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String f : files) {
                out.putNextEntry(new ZipEntry(f));
                out.write(Files.readAllBytes(Advisories.realDir().resolve(f)));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Serves a body with an ETag and Last-Modified, answering 304 to a matching If-None-Match. */
    private static Route archive(byte[] body, String etag) {
        return ex -> {
            String lastModified = "Fri, 27 Nov 2026 10:00:00 GMT";
            if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                ex.getResponseHeaders().add("ETag", etag);
                ex.sendResponseHeaders(304, -1);
                return;
            }
            ex.getResponseHeaders().add("ETag", etag);
            ex.getResponseHeaders().add("Last-Modified", lastModified);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        };
    }

    private Path database() throws IOException {
        routes.put("/Maven/all.zip", archive(zipOf("GHSA-jfh8-c2jp-5v3q.json", "GHSA-7rjr-3q55-vv33.json"), "\"m1\""));
        routes.put("/Go/all.zip", archive(zipOf("GO-2021-0072.json", "GO-2021-0073.json"), "\"g1\""));
        Path dir = tmp.resolve("db");
        OsvMirror.UpdateResult r = mirror("Maven", "Go").build().update(dir);
        assertThat(r.ecosystems()).extracting(OsvMirror.EcosystemUpdate::status)
                .containsExactly(OsvMirror.Status.UPDATED, OsvMirror.Status.UPDATED);
        requests.clear();
        hits.set(0);
        return dir;
    }

    /** The database still answers as the first update left it. */
    private static void assertOldDatabaseUsable(Path dir) {
        try (VulnerabilityDb db = VulnerabilityDb.open(dir)) {
            assertThat(ids(db, "Maven", LOG4J)).containsExactly("GHSA-7rjr-3q55-vv33", "GHSA-jfh8-c2jp-5v3q");
            assertThat(db.find("Go", "github.com/docker/distribution")).isNotEmpty();
            assertThat(db.status().advisories()).isEqualTo(4);
        }
    }

    /** The distinct advisory ids naming a package (an advisory may name it in several affected entries). */
    private static List<String> ids(VulnerabilityDb db, String ecosystem, String name) {
        return db.find(ecosystem, name).stream().map(a -> a.vulnerability().id()).distinct().toList();
    }

    private static byte[] fileBytes(Path dir) throws IOException {
        return Files.readAllBytes(dir.resolve(VulnerabilityDb.FILE_NAME));
    }

    @Test
    void firstUpdate_downloadsEachEcosystem_andTheDatabaseFindsTheirAdvisories() throws IOException {
        routes.put("/Maven/all.zip", archive(zipOf("GHSA-jfh8-c2jp-5v3q.json", "GHSA-7rjr-3q55-vv33.json"), "\"m1\""));
        routes.put("/Go/all.zip", archive(zipOf("GO-2021-0072.json", "GO-2021-0073.json"), "\"g1\""));
        List<String> progress = new CopyOnWriteArrayList<>();
        OsvMirror.UpdateResult r = mirror("maven", "Go").progress((task, done, total) -> progress.add(task)).build()
                .update(tmp.resolve("db"));
        assertThat(r.databaseReplaced()).isTrue();
        assertThat(r.anyFailed()).isFalse();
        OsvMirror.EcosystemUpdate maven = r.ecosystems().get(0);
        assertThat(maven.ecosystem()).isEqualTo("Maven"); // spelt as OSV spells it
        assertThat(maven.status()).isEqualTo(OsvMirror.Status.UPDATED);
        assertThat(maven.advisories()).isEqualTo(2);
        assertThat(maven.skipped()).isZero();
        assertThat(maven.bytes()).isPositive();
        assertThat(maven.uri()).isEqualTo(base().resolve("Maven/all.zip"));
        assertThat(requests).allSatisfy(h -> assertThat(h.containsKey("If-None-Match")).isFalse());
        assertThat(progress).anyMatch(t -> t.contains("downloading")).anyMatch(t -> t.contains("verifying"));
        assertOldDatabaseUsable(tmp.resolve("db"));
        assertThat(OsvMirror.mirroredEcosystems(tmp.resolve("db"))).containsExactly("Go", "Maven");
    }

    @Test
    void secondUpdate_sendsTheStoredValidators_andA304LeavesTheFileUntouched() throws IOException {
        Path dir = database();
        byte[] before = fileBytes(dir);
        OsvMirror.UpdateResult r = mirror("Maven", "Go").build().update(dir);
        assertThat(r.ecosystems()).extracting(OsvMirror.EcosystemUpdate::status)
                .containsExactly(OsvMirror.Status.UNCHANGED, OsvMirror.Status.UNCHANGED);
        assertThat(r.databaseReplaced()).isFalse();
        assertThat(requests).extracting(h -> h.getFirst("If-None-Match")).containsExactly("\"m1\"", "\"g1\"");
        assertThat(requests).extracting(h -> h.getFirst("If-Modified-Since"))
                .containsOnly("Fri, 27 Nov 2026 10:00:00 GMT");
        assertThat(fileBytes(dir)).isEqualTo(before);
        assertOldDatabaseUsable(dir);
    }

    @Test
    void anotherSource_getsNoValidators_andDownloadsAgain() throws IOException {
        Path dir = database();
        URI other = URI.create("http://localhost:" + server.getAddress().getPort() + "/");
        OsvMirror.UpdateResult r = mirror("Maven").source(other).build().update(dir);
        assertThat(r.ecosystems().get(0).status()).isEqualTo(OsvMirror.Status.UPDATED);
        assertThat(requests.get(0).containsKey("If-None-Match")).isFalse();
        assertOldDatabaseUsable(dir);
    }

    @Test
    void updateWithoutEcosystems_refreshesTheOnesMirroredBefore() throws IOException {
        Path dir = database();
        OsvMirror.UpdateResult r = OsvMirror.builder().source(base()).build().update(dir);
        assertThat(r.ecosystems()).extracting(OsvMirror.EcosystemUpdate::ecosystem).containsExactly("Go", "Maven");
        assertThatThrownBy(() -> OsvMirror.builder().source(base()).build().update(tmp.resolve("empty")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("name at least one ecosystem");
    }

    @Test
    void changedArchive_replacesThatEcosystemsAdvisories_andKeepsTheOthers() throws IOException {
        Path dir = database();
        // Upstream dropped CVE-2021-45046's advisory and added an npm one: the new archive is the truth.
        routes.put("/Maven/all.zip", archive(zipOf("GHSA-jfh8-c2jp-5v3q.json", "GHSA-c2qf-rxjj-qqgw.json"), "\"m2\""));
        OsvMirror.UpdateResult r = mirror("Maven", "Go").build().update(dir);
        assertThat(r.ecosystems()).extracting(OsvMirror.EcosystemUpdate::status)
                .containsExactly(OsvMirror.Status.UPDATED, OsvMirror.Status.UNCHANGED);
        assertThat(r.databaseReplaced()).isTrue();
        try (VulnerabilityDb db = VulnerabilityDb.open(dir)) {
            assertThat(ids(db, "Maven", LOG4J)).containsExactly("GHSA-jfh8-c2jp-5v3q");
            assertThat(db.find("npm", "semver")).isNotEmpty();
            assertThat(db.find("Go", "github.com/docker/distribution")).isNotEmpty();
        }
        requests.clear();
        mirror("Maven").build().update(dir);
        assertThat(requests.get(0).getFirst("If-None-Match")).isEqualTo("\"m2\"");
    }

    @Test
    void truncatedArchive_failsAsInvalid_andTheOldDatabaseStays() throws IOException {
        Path dir = database();
        byte[] before = fileBytes(dir);
        byte[] whole = zipOf("GHSA-jfh8-c2jp-5v3q.json", "GHSA-7rjr-3q55-vv33.json", "GHSA-c2qf-rxjj-qqgw.json");
        routes.put("/Maven/all.zip", archive(Arrays.copyOf(whole, whole.length * 2 / 3), "\"m3\""));
        OsvMirror.UpdateResult r = mirror("Maven", "Go").build().update(dir);
        OsvMirror.EcosystemUpdate maven = r.ecosystems().get(0);
        assertThat(maven.status()).isEqualTo(OsvMirror.Status.FAILED);
        assertThat(maven.failure().orElseThrow().reason()).isEqualTo(OsvMirror.Reason.INVALID_ARCHIVE);
        assertThat(r.ecosystems().get(1).status()).isEqualTo(OsvMirror.Status.UNCHANGED);
        assertThat(r.databaseReplaced()).isFalse();
        assertThat(fileBytes(dir)).isEqualTo(before);
        assertOldDatabaseUsable(dir);
        assertThat(tmpFiles(dir)).isEmpty();
    }

    @Test
    void zipBomb_failsOnTheImportsBounds_andTheOldDatabaseStays() throws IOException {
        Path dir = database();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("bomb.json"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(zeros); // 64 MiB of zeros deflate to about 64 KiB
            }
            out.closeEntry();
        }
        assertThat(bytes.size()).isLessThan(1 << 20);
        routes.put("/Maven/all.zip", archive(bytes.toByteArray(), "\"bomb\""));
        OsvMirror.UpdateResult r = mirror("Maven").limits(ScanLimits.builder().maxDocumentBytes(4L << 20).build())
                .build().update(dir);
        assertThat(r.ecosystems().get(0).failure().orElseThrow().reason()).isEqualTo(OsvMirror.Reason.LIMIT_EXCEEDED);
        assertOldDatabaseUsable(dir);
    }

    @Test
    void endlessBody_stopsAtTheDownloadBound_andTheOldDatabaseStays() throws IOException {
        Path dir = database();
        routes.put("/Maven/all.zip", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, no length
            byte[] chunk = new byte[64 * 1024];
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < 100_000; i++) { // bounded: 6.4 GB, far past the 2 MiB limit; stops when the client goes
                out.write(chunk);
            }
        });
        long start = System.nanoTime();
        OsvMirror.UpdateResult r = mirror("Maven").maxDownloadBytes(2L << 20).build().update(dir);
        OsvMirror.Failure f = r.ecosystems().get(0).failure().orElseThrow();
        assertThat(f.reason()).isEqualTo(OsvMirror.Reason.LIMIT_EXCEEDED);
        assertThat(f.message()).contains("download limit");
        assertThat(hits.get()).isEqualTo(1); // a limit is not retried
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertOldDatabaseUsable(dir);
        assertThat(tmpFiles(dir)).isEmpty();
    }

    @Test
    void declaredLengthOverTheBound_failsBeforeReadingTheBody() throws IOException {
        Path dir = database();
        byte[] body = zipOf("GHSA-jfh8-c2jp-5v3q.json");
        routes.put("/Maven/all.zip", archive(body, "\"big\""));
        OsvMirror.UpdateResult r = mirror("Maven").maxDownloadBytes(body.length - 1).build().update(dir);
        assertThat(r.ecosystems().get(0).failure().orElseThrow().reason()).isEqualTo(OsvMirror.Reason.LIMIT_EXCEEDED);
        assertOldDatabaseUsable(dir);
    }

    @Test
    void serverErrorThenSuccess_isRetried_andUpdates() throws IOException {
        Path dir = database();
        AtomicInteger calls = new AtomicInteger();
        Route good = archive(zipOf("GHSA-jfh8-c2jp-5v3q.json"), "\"m4\"");
        routes.put("/Maven/all.zip", ex -> {
            if (calls.incrementAndGet() == 1) {
                ex.sendResponseHeaders(500, -1);
            } else {
                good.handle(ex);
            }
        });
        OsvMirror.UpdateResult r = mirror("Maven").build().update(dir);
        assertThat(r.ecosystems().get(0).status()).isEqualTo(OsvMirror.Status.UPDATED);
        assertThat(calls.get()).isEqualTo(2);
        try (VulnerabilityDb db = VulnerabilityDb.open(dir)) {
            assertThat(ids(db, "Maven", LOG4J)).containsExactly("GHSA-jfh8-c2jp-5v3q");
        }
    }

    @Test
    void persistentServerError_failsAfterTheAttempts_andTheOldDatabaseStays() throws IOException {
        Path dir = database();
        routes.put("/Maven/all.zip", ex -> ex.sendResponseHeaders(503, -1));
        OsvMirror.UpdateResult r = mirror("Maven").attempts(3).build().update(dir);
        OsvMirror.Failure f = r.ecosystems().get(0).failure().orElseThrow();
        assertThat(f.reason()).isEqualTo(OsvMirror.Reason.HTTP_STATUS);
        assertThat(f.message()).contains("503").contains("after 3 attempts");
        assertThat(hits.get()).isEqualTo(3);
        assertOldDatabaseUsable(dir);
    }

    @Test
    void unknownEcosystem_is404NotFound_notRetried_andTheOthersStillUpdate() throws IOException {
        Path dir = database();
        routes.put("/Go/all.zip", archive(zipOf("GO-2021-0072.json"), "\"g2\""));
        OsvMirror.UpdateResult r = mirror("NoSuchEcosystem", "Go").build().update(dir);
        OsvMirror.Failure f = r.ecosystems().get(0).failure().orElseThrow();
        assertThat(f.reason()).isEqualTo(OsvMirror.Reason.NOT_FOUND);
        assertThat(f.message()).contains("404").contains("NoSuchEcosystem");
        assertThat(r.ecosystems().get(1).status()).isEqualTo(OsvMirror.Status.UPDATED);
        assertThat(hits.get()).isEqualTo(2);
        try (VulnerabilityDb db = VulnerabilityDb.open(dir)) {
            assertThat(db.find("Go", "github.com/git-lfs/git-lfs")).isEmpty(); // GO-2021-0073 left the archive
            assertThat(ids(db, "Maven", LOG4J)).hasSize(2);
        }
    }

    @Test
    void truncatedBody_isRetried_thenFailsAsIo_andTheOldDatabaseStays() throws IOException {
        Path dir = database();
        routes.put("/Maven/all.zip", ex -> {
            ex.sendResponseHeaders(200, 100_000);
            ex.getResponseBody().write(new byte[1000]);
        });
        OsvMirror.UpdateResult r = mirror("Maven").build().update(dir);
        OsvMirror.Failure f = r.ecosystems().get(0).failure().orElseThrow();
        assertThat(f.reason()).isEqualTo(OsvMirror.Reason.IO);
        assertThat(hits.get()).isEqualTo(3);
        assertOldDatabaseUsable(dir);
    }

    @Test
    void slowServer_timesOut_andTheOldDatabaseStays() throws IOException {
        Path dir = database();
        routes.put("/Maven/all.zip", ex -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < 100; i++) { // at most 10 s of a byte every 100 ms
                out.write('P');
                out.flush();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        OsvMirror.UpdateResult r = mirror("Maven").attempts(1).downloadTimeout(Duration.ofSeconds(1)).build()
                .update(dir);
        assertThat(r.ecosystems().get(0).failure().orElseThrow().reason()).isEqualTo(OsvMirror.Reason.TIMEOUT);
        assertOldDatabaseUsable(dir);
    }

    @Test
    void httpsToAServerThatAnswersPlainText_failsAsTls_notRetried() throws Exception {
        Path dir = database();
        AtomicInteger connections = new AtomicInteger();
        try (java.net.ServerSocket plain = new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!plain.isClosed()) {
                    try (java.net.Socket s = plain.accept()) {
                        connections.incrementAndGet();
                        s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                        // Kept open until the client gives up, so it fails on the plain-text record, not on a reset.
                        s.setSoTimeout(10_000);
                        while (s.getInputStream().read() >= 0) {
                            // drain the client's handshake bytes
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            OsvMirror.UpdateResult r = OsvMirror.builder()
                    .source(URI.create("https://127.0.0.1:" + plain.getLocalPort() + "/"))
                    .ecosystem("Maven").attempts(3).backoff(Duration.ofMillis(10))
                    .downloadTimeout(Duration.ofSeconds(10)).build().update(dir);
            OsvMirror.Failure f = r.ecosystems().get(0).failure().orElseThrow();
            assertThat(f.reason()).isEqualTo(OsvMirror.Reason.TLS);
            assertThat(f.message()).contains("TLS");
            // Not retried: our three attempts would make three connections. The JDK's client may itself open a
            // second one for an idempotent GET when it sees the first as closed under it (seen under load).
            assertThat(connections.get()).isBetween(1, 2);
        }
        assertOldDatabaseUsable(dir);
    }

    @Test
    void badAdvisoriesInAnArchive_areSkippedWithReasons_theRestImported() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("GHSA-jfh8-c2jp-5v3q.json"));
            out.write(Files.readAllBytes(Advisories.realDir().resolve("GHSA-jfh8-c2jp-5v3q.json")));
            out.putNextEntry(new ZipEntry("broken.json"));
            out.write("{\"id\": ".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("../escape.json"));
            out.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        routes.put("/Maven/all.zip", archive(bytes.toByteArray(), "\"x\""));
        OsvMirror.UpdateResult r = mirror("Maven").build().update(tmp.resolve("db"));
        OsvMirror.EcosystemUpdate u = r.ecosystems().get(0);
        assertThat(u.status()).isEqualTo(OsvMirror.Status.UPDATED);
        assertThat(u.advisories()).isEqualTo(1);
        assertThat(u.skipped()).isEqualTo(2);
        assertThat(u.skippedReasons()).anyMatch(s -> s.contains("broken.json")).anyMatch(s -> s.contains(".."));
    }

    @Test
    void sourceAndEcosystemNames_areChecked() {
        assertThatThrownBy(() -> OsvMirror.builder().source(URI.create("ftp://example.org/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> OsvMirror.builder().ecosystem("../etc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an OSV ecosystem name");
        assertThat(OsvMirror.builder().source(URI.create("http://m.example/osv")).build().archiveUri("Rocky Linux"))
                .hasToString("http://m.example/osv/Rocky%20Linux/all.zip");
    }

    /** The status record of one mirrored ecosystem, read through the public API. */
    private static VulnerabilityDb.MirroredEcosystem mirrored(Path dir, String ecosystem) {
        try (VulnerabilityDb db = VulnerabilityDb.open(dir)) {
            return db.status().mirroredEcosystems().stream().filter(m -> m.ecosystem().equals(ecosystem))
                    .findFirst().orElseThrow();
        }
    }

    /** Lets the clock move on, so times taken before and after differ even on a coarse clock. */
    private static void tick() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void status_afterAnUpdate_showsTheSourceTheValidatorsTheServerSentTheTimesAndTheCount() throws IOException {
        java.time.Instant before = java.time.Instant.now();
        Path dir = database();
        java.time.Instant after = java.time.Instant.now();
        try (VulnerabilityDb db = VulnerabilityDb.open(dir)) {
            assertThat(db.status().mirroredEcosystems()).extracting(VulnerabilityDb.MirroredEcosystem::ecosystem)
                    .containsExactly("Go", "Maven");
        }
        VulnerabilityDb.MirroredEcosystem maven = mirrored(dir, "Maven");
        assertThat(maven.uri()).isEqualTo(base().resolve("Maven/all.zip"));
        assertThat(maven.etag()).contains("\"m1\"");
        assertThat(maven.lastModified()).contains("Fri, 27 Nov 2026 10:00:00 GMT");
        assertThat(maven.lastDownloaded().orElseThrow()).isBetween(before, after);
        assertThat(maven.lastChecked()).isEqualTo(maven.lastDownloaded());
        assertThat(maven.advisories()).isEqualTo(2);
        assertThat(mirrored(dir, "Go").etag()).contains("\"g1\"");
    }

    @Test
    void a304_advancesLastChecked_butNotLastDownloadedNorTheValidators() throws IOException {
        Path dir = database();
        VulnerabilityDb.MirroredEcosystem first = mirrored(dir, "Maven");
        tick();
        OsvMirror.UpdateResult r = mirror("Maven", "Go").build().update(dir);
        assertThat(r.ecosystems()).extracting(OsvMirror.EcosystemUpdate::status)
                .containsOnly(OsvMirror.Status.UNCHANGED);
        assertThat(r.databaseReplaced()).isFalse();
        VulnerabilityDb.MirroredEcosystem second = mirrored(dir, "Maven");
        assertThat(second.lastChecked().orElseThrow()).isAfter(first.lastChecked().orElseThrow());
        assertThat(second.lastDownloaded()).isEqualTo(first.lastDownloaded());
        assertThat(second.etag()).isEqualTo(first.etag());
        assertThat(second.lastModified()).isEqualTo(first.lastModified());
        assertThat(second.advisories()).isEqualTo(2);
        assertThat(r.database().orElseThrow().mirroredEcosystems()).contains(second, mirrored(dir, "Go"));
        tick();
        mirror("Maven").build().update(dir);
        assertThat(mirrored(dir, "Maven").lastChecked().orElseThrow()).isAfter(second.lastChecked().orElseThrow());
        assertThat(mirrored(dir, "Go").lastChecked()).isEqualTo(r.database().orElseThrow().mirroredEcosystems()
                .stream().filter(m -> m.ecosystem().equals("Go")).findFirst().orElseThrow().lastChecked());
    }

    @Test
    void a304BesideAChangedArchive_keepsItsCheck_whenTheDatabaseIsRebuilt() throws IOException {
        Path dir = database();
        VulnerabilityDb.MirroredEcosystem go = mirrored(dir, "Go");
        VulnerabilityDb.MirroredEcosystem maven = mirrored(dir, "Maven");
        tick();
        routes.put("/Maven/all.zip", archive(zipOf("GHSA-jfh8-c2jp-5v3q.json"), "\"m2\""));
        OsvMirror.UpdateResult r = mirror("Maven", "Go").build().update(dir);
        assertThat(r.databaseReplaced()).isTrue();
        VulnerabilityDb.MirroredEcosystem go2 = mirrored(dir, "Go");
        assertThat(go2.lastDownloaded()).isEqualTo(go.lastDownloaded());
        assertThat(go2.lastChecked().orElseThrow()).isAfter(go.lastChecked().orElseThrow());
        VulnerabilityDb.MirroredEcosystem maven2 = mirrored(dir, "Maven");
        assertThat(maven2.etag()).contains("\"m2\"");
        assertThat(maven2.lastDownloaded().orElseThrow()).isAfter(maven.lastDownloaded().orElseThrow());
        assertThat(maven2.lastChecked()).isEqualTo(maven2.lastDownloaded());
        assertThat(maven2.advisories()).isEqualTo(1);
    }

    @Test
    void aFailedEcosystem_keepsAllItsOldStatusValues_whileAnotherIsChecked() throws IOException {
        Path dir = database();
        mirror("Maven", "Go").build().update(dir); // both 304: Maven now has a check newer than its download
        VulnerabilityDb.MirroredEcosystem maven = mirrored(dir, "Maven");
        VulnerabilityDb.MirroredEcosystem go = mirrored(dir, "Go");
        assertThat(maven.lastChecked().orElseThrow()).isAfter(maven.lastDownloaded().orElseThrow());
        tick();
        routes.put("/Maven/all.zip", ex -> ex.sendResponseHeaders(503, -1));
        OsvMirror.UpdateResult r = mirror("Maven", "Go").attempts(2).build().update(dir);
        assertThat(r.ecosystems()).extracting(OsvMirror.EcosystemUpdate::status)
                .containsExactly(OsvMirror.Status.FAILED, OsvMirror.Status.UNCHANGED);
        assertThat(mirrored(dir, "Maven")).isEqualTo(maven);
        assertThat(mirrored(dir, "Go").lastChecked().orElseThrow()).isAfter(go.lastChecked().orElseThrow());
        // A failure beside a changed archive (the database is rebuilt) keeps the old values too.
        routes.put("/Go/all.zip", archive(zipOf("GO-2021-0072.json"), "\"g2\""));
        r = mirror("Maven", "Go").attempts(2).build().update(dir);
        assertThat(r.databaseReplaced()).isTrue();
        assertThat(mirrored(dir, "Maven")).isEqualTo(maven);
        assertThat(mirrored(dir, "Go").advisories()).isEqualTo(1);
    }

    @Test
    void recordedChecks_areIgnored_onceTheyNoLongerConfirmWhatTheDatabaseHolds() throws IOException {
        Path dir = database();
        mirror("Maven").build().update(dir);
        java.time.Instant checked = mirrored(dir, "Maven").lastChecked().orElseThrow();
        // Downloaded again from another URL: the old check was of another download.
        URI other = URI.create("http://localhost:" + server.getAddress().getPort() + "/");
        mirror("Maven").source(other).build().update(dir);
        VulnerabilityDb.MirroredEcosystem maven = mirrored(dir, "Maven");
        assertThat(maven.uri()).isEqualTo(other.resolve("Maven/all.zip"));
        assertThat(maven.lastChecked()).isEqualTo(maven.lastDownloaded());
        assertThat(maven.lastDownloaded().orElseThrow()).isAfter(checked);
        // A damaged check file reads as no checks, never as an error.
        Files.writeString(dir.resolve("mirror-checks.json"), "{\"version\": 1, \"checks\": [");
        assertThat(mirrored(dir, "Go").lastChecked()).isEqualTo(mirrored(dir, "Go").lastDownloaded());
        // An import that replaces everything leaves no mirror records.
        VulnerabilityDb.importer(dir).keepExisting(false).add(Advisories.realDir().resolve("GO-2021-0072.json")).run();
        try (VulnerabilityDb db = VulnerabilityDb.open(dir)) {
            assertThat(db.status().mirroredEcosystems()).isEmpty();
        }
    }

    @Test
    void aDatabaseMirroredBeforeTheCountWasStored_countsTheAdvisoriesItsArchiveBrought() throws IOException {
        Path zip = tmp.resolve("go.zip");
        Files.write(zip, zipOf("GO-2021-0072.json", "GO-2021-0073.json"));
        Path dir = tmp.resolve("old");
        // What an OsvMirror of the previous release stored: no ".advisories" entry.
        VulnerabilityDb.importer(dir).replacingSource("osv-mirror:Go/").addLabelled(zip, "osv-mirror:Go/all.zip")
                .meta("mirror.Go.url", "http://m.example/Go/all.zip").meta("mirror.Go.etag", "")
                .meta("mirror.Go.last_modified", "").meta("mirror.Go.fetched_at", "2026-01-02T03:04:05Z").run();
        VulnerabilityDb.importer(dir).add(Advisories.realDir().resolve("GHSA-jfh8-c2jp-5v3q.json")).run();
        VulnerabilityDb.MirroredEcosystem go = mirrored(dir, "Go");
        assertThat(go.advisories()).isEqualTo(2);
        assertThat(go.etag()).isEmpty();
        assertThat(go.lastModified()).isEmpty();
        assertThat(go.lastDownloaded()).contains(java.time.Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(go.lastChecked()).isEqualTo(go.lastDownloaded());
    }

    private static List<Path> tmpFiles(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
