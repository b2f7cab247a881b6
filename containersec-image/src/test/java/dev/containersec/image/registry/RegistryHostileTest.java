package dev.containersec.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import dev.containersec.api.Digest;
import dev.containersec.api.DigestMismatchException;
import dev.containersec.api.FileEntry;
import dev.containersec.api.ImageReference;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.NotFoundException;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.FileWalk;
import dev.containersec.image.Image;
import dev.containersec.image.ImageReader;
import dev.containersec.image.RegistryClient;
import dev.containersec.image.RegistryCredentialSource;
import dev.containersec.image.RegistryCredentials;
import dev.containersec.image.RegistryException;
import dev.containersec.image.TestImages;
import dev.containersec.image.TestTar;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A registry on loopback that lies gets a typed error within bounded time, never a hang. */
@Timeout(60)
class RegistryHostileTest {
    @TempDir
    Path dir;
    FakeRegistry registry;
    TestImages.Layout layout;
    byte[] layerTar;

    @BeforeEach
    void setUp() {
        byte[] random = new byte[200_000];
        new java.util.Random(42).nextBytes(random);
        layerTar = TestTar.build(t -> t.dir("etc").file("etc/os-release", "ID=fake\n").file("app/data.bin", random).end());
        layout = TestImages.oci().layer(layerTar).write(dir.resolve("layout"));
        registry = new FakeRegistry().serveLayout(layout.dir(), layout.manifest(), "v1", TestImages.OCI_MANIFEST);
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private RegistryClient.Builder client() {
        return RegistryClient.builder().credentials(RegistryCredentialSource.anonymous())
                .allowInsecureRegistry(registry.host())
                .readTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(2))
                .initialBackoff(Duration.ofMillis(10)).maxRetryWait(Duration.ofMillis(200)).maxRetries(3);
    }

    private String location() {
        return "registry:" + registry.host() + "/app:v1";
    }

    private List<String> listing(RegistryClient c) {
        List<String> out = new ArrayList<>();
        try (Image image = ImageReader.builder().registryClient(c).build().open(location())) {
            image.walk(FileWalk.builder().listing(e -> out.add(e.path())).build());
        }
        return out;
    }

    private List<String> layoutListing() {
        List<String> out = new ArrayList<>();
        try (Image image = ImageReader.create().open(layout.location())) {
            image.walk(FileWalk.builder().listing(e -> out.add(e.path())).build());
        }
        return out;
    }

    @Test
    void honestRegistry_listingEqualsTheLayouts_andManifestsAreAskedForInEveryTypeWeRead() {
        assertThat(listing(client().build())).isEqualTo(layoutListing()).contains("/etc/os-release", "/app/data.bin");
        assertThat(registry.seen).filteredOn(s -> s.path().contains("/manifests/")).isNotEmpty().allSatisfy(s ->
                assertThat(s.accept()).contains("application/vnd.oci.image.index.v1+json",
                        "application/vnd.oci.image.manifest.v1+json",
                        "application/vnd.docker.distribution.manifest.list.v2+json",
                        "application/vnd.docker.distribution.manifest.v2+json"));
    }

    @Test
    void identityToken_isExchangedWithARefreshTokenGrant() {
        List<String> forms = new java.util.concurrent.CopyOnWriteArrayList<>();
        registry.intercept = ex -> {
            if (ex.getRequestURI().getPath().equals("/oauth2/token")) {
                assertThat(ex.getRequestMethod()).isEqualTo("POST");
                forms.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                FakeRegistry.send(ex, 200, "application/json", "{\"access_token\":\"acc-9\"}".getBytes(StandardCharsets.UTF_8));
                return true;
            }
            if (!"Bearer acc-9".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + registry.host()
                        + "/oauth2/token\",service=\"fake\"");
                FakeRegistry.send(ex, 401, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                return true;
            }
            return false;
        };
        RegistryClient c = client().credentials(RegistryCredentialSource.of(Map.of(registry.host(),
                RegistryCredentials.identityToken("refresh/me+1")))).build();
        assertThat(listing(c)).isEqualTo(layoutListing());
        assertThat(forms).hasSize(1);
        assertThat(forms.get(0)).contains("grant_type=refresh_token", "refresh_token=refresh%2Fme%2B1", "service=fake",
                "scope=repository%3Aapp%3Apull");
    }

    @Test
    void manifestByTag_wrongDockerContentDigest_isDigestMismatch() {
        registry.intercept = ex -> {
            if (ex.getRequestURI().getPath().endsWith("/manifests/v1")) {
                ex.getResponseHeaders().add("Docker-Content-Digest", "sha256:" + "0".repeat(64));
                FakeRegistry.send(ex, 200, TestImages.OCI_MANIFEST, registry.blob(layout.manifest()));
                return true;
            }
            return false;
        };
        assertThatThrownBy(() -> listing(client().build())).isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("Docker-Content-Digest");
    }

    @Test
    void manifestByDigest_otherBytes_isDigestMismatch() {
        Digest asked = layout.manifest();
        registry.intercept = ex -> {
            if (ex.getRequestURI().getPath().endsWith("/manifests/" + asked)) {
                byte[] other = new String(registry.blob(asked), StandardCharsets.UTF_8).replace("{", "{ ").getBytes(StandardCharsets.UTF_8);
                FakeRegistry.send(ex, 200, TestImages.OCI_MANIFEST, other);
                return true;
            }
            return false;
        };
        RegistryClient c = client().build();
        assertThatThrownBy(() -> c.fetchManifest(ImageReference.parse(registry.host() + "/app@" + asked)))
                .isInstanceOf(DigestMismatchException.class).satisfies(e ->
                        assertThat(((DigestMismatchException) e).expected()).isEqualTo(asked));
    }

    @Test
    void layerBlob_wrongContent_isDigestMismatchDuringTheWalk() {
        Digest layer = layout.layers().get(0);
        registry.intercept = ex -> {
            if (ex.getRequestURI().getPath().endsWith("/blobs/" + layer)) {
                byte[] bad = registry.blob(layer).clone();
                bad[bad.length - 10] ^= 1;
                FakeRegistry.send(ex, 200, "application/octet-stream", bad);
                return true;
            }
            return false;
        };
        assertThatThrownBy(() -> listing(client().build())).isInstanceOf(DigestMismatchException.class);
    }

    @Test
    void endlessManifest_isLimitExceeded() {
        registry.intercept = ex -> {
            if (ex.getRequestURI().getPath().contains("/manifests/")) {
                endless(ex, TestImages.OCI_MANIFEST);
                return true;
            }
            return false;
        };
        RegistryClient c = client().limits(ScanLimits.builder().maxDocumentBytes(64 * 1024).build()).build();
        assertThatThrownBy(() -> listing(c)).isInstanceOf(LimitExceededException.class)
                .satisfies(e -> assertThat(((LimitExceededException) e).limit()).isEqualTo(ScanLimits.Limit.DOCUMENT_BYTES));
    }

    @Test
    void hugeManifestByContentLength_isLimitExceededBeforeReading() {
        registry.intercept = ex -> {
            if (ex.getRequestURI().getPath().contains("/manifests/")) {
                ex.getResponseHeaders().set("Content-Type", TestImages.OCI_MANIFEST);
                ex.sendResponseHeaders(200, 10L << 30);
                return true;
            }
            return false;
        };
        assertThatThrownBy(() -> listing(client().build())).isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("10737418240");
    }

    @Test
    void endlessBlob_isDigestMismatchAtTheDescriptorsSize() {
        Digest layer = layout.layers().get(0);
        registry.intercept = ex -> {
            if (ex.getRequestURI().getPath().endsWith("/blobs/" + layer)) {
                endless(ex, "application/octet-stream");
                return true;
            }
            return false;
        };
        assertThatThrownBy(() -> listing(client().build())).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void endlessBlobOfUnknownSize_isLimitExceeded() throws IOException {
        Digest layer = layout.layers().get(0);
        registry.intercept = ex -> {
            if (ex.getRequestURI().getPath().endsWith("/blobs/" + layer)) {
                endless(ex, "application/octet-stream");
                return true;
            }
            return false;
        };
        RegistryClient c = client().limits(ScanLimits.builder().maxLayerBytes(1 << 20).build()).build();
        try (InputStream in = c.openBlob(ImageReference.parse(registry.host() + "/app"), layer)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(LimitExceededException.class);
        }
    }

    @Test
    void redirectLoop_isRegistryErrorAfterTheBound() {
        registry.intercept = ex -> {
            if (ex.getRequestURI().getPath().contains("/blobs/")) {
                ex.getResponseHeaders().add("Location", ex.getRequestURI().getPath() + "?again=" + System.nanoTime());
                ex.sendResponseHeaders(307, -1);
                return true;
            }
            return false;
        };
        assertThatThrownBy(() -> listing(client().build())).isInstanceOf(RegistryException.class)
                .hasMessageContaining("redirects");
    }

    @Test
    void authChallengeLoop_stopsAfterOneFreshToken() {
        AtomicInteger tokens = new AtomicInteger();
        registry.intercept = ex -> {
            if (ex.getRequestURI().getPath().equals("/token")) {
                tokens.incrementAndGet();
                FakeRegistry.send(ex, 200, "application/json", "{\"token\":\"abc\"}".getBytes(StandardCharsets.UTF_8));
                return true;
            }
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + registry.host() + "/token\",service=\"fake\"");
            FakeRegistry.send(ex, 401, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            return true;
        };
        assertThatThrownBy(() -> listing(client().build())).isInstanceOf(RegistryException.class)
                .hasMessageContaining("refused the credentials");
        assertThat(tokens.get()).isBetween(1, 2);
    }

    @Test
    void tokenEndpointGarbage_isInvalidInput() {
        registry.intercept = bearerChallengeWithTokenResponse("<html>not json");
        assertThatThrownBy(() -> listing(client().build())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("token response is not JSON");
    }

    @Test
    void tokenWithHeaderBreakingCharacters_isRefused() {
        registry.intercept = bearerChallengeWithTokenResponse("{\"access_token\":\"a\\r\\nX-Evil: 1\"}");
        assertThatThrownBy(() -> listing(client().build())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not allowed in an HTTP header");
    }

    @Test
    void bearerFlow_tokenCachedPerScope_andSentOnEveryRequest() {
        AtomicInteger tokens = new AtomicInteger();
        List<String> scopes = new java.util.concurrent.CopyOnWriteArrayList<>();
        registry.intercept = ex -> {
            if (ex.getRequestURI().getPath().equals("/token")) {
                tokens.incrementAndGet();
                scopes.add(ex.getRequestURI().getRawQuery());
                String basic = ex.getRequestHeaders().getFirst("Authorization");
                assertThat(basic).isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("ci:s3cret".getBytes(StandardCharsets.UTF_8)));
                FakeRegistry.send(ex, 200, "application/json", "{\"access_token\":\"tok-1\",\"expires_in\":300}".getBytes(StandardCharsets.UTF_8));
                return true;
            }
            if (!"Bearer tok-1".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + registry.host()
                        + "/token\",service=\"fake\",scope=\"repository:app:pull\"");
                FakeRegistry.send(ex, 401, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                return true;
            }
            return false;
        };
        RegistryClient c = client().credentials(RegistryCredentialSource.of(Map.of(registry.host(),
                RegistryCredentials.basic("ci", "s3cret")))).build();
        assertThat(listing(c)).isEqualTo(layoutListing());
        assertThat(tokens.get()).isEqualTo(1);
        assertThat(scopes).containsExactly("service=fake&scope=repository%3Aapp%3Apull");
    }

    @Test
    void basicAuthWithoutCredentials_namesTheMissingCredentials() {
        registry.intercept = ex -> {
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake\"");
            FakeRegistry.send(ex, 401, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            return true;
        };
        assertThatThrownBy(() -> listing(client().build())).isInstanceOf(RegistryException.class)
                .hasMessageContaining("requires a user name and password");
    }

    @Test
    void tooManyRequestsStorm_givesUpAfterBoundedRetries() {
        registry.intercept = ex -> {
            ex.getResponseHeaders().add("Retry-After", "0");
            FakeRegistry.send(ex, 429, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            return true;
        };
        long start = System.nanoTime();
        assertThatThrownBy(() -> listing(client().build())).isInstanceOf(RegistryException.class)
                .hasMessageContaining("gave up after 4 attempts").satisfies(e ->
                        assertThat(((RegistryException) e).status()).hasValue(429));
        assertThat(registry.requests.get()).isLessThanOrEqualTo(4 + 2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void retryAfterLongerThanAllowed_failsAtOnce() {
        registry.intercept = ex -> {
            ex.getResponseHeaders().add("Retry-After", "3600");
            FakeRegistry.send(ex, 503, "text/plain", "busy".getBytes(StandardCharsets.UTF_8));
            return true;
        };
        assertThatThrownBy(() -> listing(client().build())).isInstanceOf(RegistryException.class)
                .hasMessageContaining("retry after 3600 s");
    }

    @Test
    void transient503_isRetriedAndSucceeds() {
        AtomicInteger failures = new AtomicInteger(2);
        registry.intercept = ex -> {
            if (ex.getRequestURI().getPath().contains("/manifests/") && failures.getAndDecrement() > 0) {
                ex.getResponseHeaders().add("Retry-After", "0");
                FakeRegistry.send(ex, 503, "text/plain", "busy".getBytes(StandardCharsets.UTF_8));
                return true;
            }
            return false;
        };
        assertThat(listing(client().build())).isEqualTo(layoutListing());
    }

    @Test
    void stalledBody_timesOutAndResumes_thenGivesUp() {
        Digest layer = layout.layers().get(0);
        registry.intercept = ex -> {
            if (ex.getRequestURI().getPath().endsWith("/blobs/" + layer)) {
                byte[] data = registry.blob(layer);
                ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                ex.sendResponseHeaders(200, data.length);
                OutputStream out = ex.getResponseBody();
                out.write(data, 0, 100);
                out.flush();
                sleep(10_000);
                return true;
            }
            return false;
        };
        RegistryClient c = client().readTimeout(Duration.ofMillis(300)).maxRetries(2).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> listing(c)).isInstanceOf(RegistryException.class).hasMessageContaining("broke");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void brokenDownload_resumesWithRange_andTheWholeDigestVerifies() {
        Digest layer = layout.layers().get(0);
        AtomicBoolean brokeOnce = new AtomicBoolean();
        registry.intercept = ex -> {
            if (ex.getRequestURI().getPath().endsWith("/blobs/" + layer) && brokeOnce.compareAndSet(false, true)) {
                byte[] data = registry.blob(layer);
                ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                ex.sendResponseHeaders(200, data.length);
                OutputStream out = ex.getResponseBody();
                out.write(data, 0, data.length / 2);
                out.flush();
                ex.getHttpContext().getServer(); // the connection is dropped without the rest
                throw new IOException("drop");
            }
            return false;
        };
        assertThat(listing(client().build())).isEqualTo(layoutListing());
        assertThat(registry.seen).anySatisfy(s -> assertThat(s.range()).startsWith("bytes=").doesNotStartWith("bytes=0-"));
    }

    @Test
    void blobRedirectToAnotherHost_doesNotCarryTheRegistryCredentials() {
        try (FakeRegistry storage = new FakeRegistry().serveLayout(layout.dir(), layout.manifest(), "v1", TestImages.OCI_MANIFEST)) {
            String storageHost = "localhost:" + storage.host().split(":")[1];
            registry.intercept = ex -> {
                if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake\"");
                    FakeRegistry.send(ex, 401, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                    return true;
                }
                if (ex.getRequestURI().getPath().contains("/blobs/")) {
                    ex.getResponseHeaders().add("Location", "http://" + storageHost + ex.getRequestURI().getPath());
                    ex.sendResponseHeaders(307, -1);
                    return true;
                }
                return false;
            };
            RegistryClient c = client().allowInsecureRegistry(storageHost).credentials(RegistryCredentialSource.of(
                    Map.of(registry.host(), RegistryCredentials.basic("ci", "s3cret")))).build();
            assertThat(listing(c)).isEqualTo(layoutListing());
            assertThat(storage.blobGets()).isGreaterThan(0);
            assertThat(storage.seen).allSatisfy(s -> assertThat(s.authorization()).isNull());
        }
    }

    @Test
    void blobCache_secondOpenFetchesNoBlob_andCorruptCacheEntryIsDeletedAndReported() throws IOException {
        Path cache = dir.resolve("cache");
        RegistryClient c = client().blobCache(cache).build();
        List<String> first = listing(c);
        long gets = registry.blobGets();
        assertThat(gets).isEqualTo(2); // config and the one layer
        assertThat(listing(client().blobCache(cache).build())).isEqualTo(first);
        assertThat(registry.blobGets()).isEqualTo(gets);
        try (var s = Files.list(cache.resolve("sha256"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp"));
        }

        Path cachedLayer = cache.resolve("sha256").resolve(layout.layers().get(0).hex());
        byte[] bytes = Files.readAllBytes(cachedLayer);
        bytes[bytes.length - 5] ^= 1;
        Files.write(cachedLayer, bytes);
        assertThatThrownBy(() -> listing(client().blobCache(cache).build())).isInstanceOf(DigestMismatchException.class);
        assertThat(cachedLayer).doesNotExist();
        assertThat(listing(client().blobCache(cache).build())).isEqualTo(first);
    }

    @Test
    void openBlob_readAllBytesOfALargeBlob_verifiesAndReturnsIt() throws IOException {
        RegistryClient c = client().build();
        Digest layer = layout.layers().get(0);
        ImageReference repo = ImageReference.parse(registry.host() + "/app");
        assertThat(registry.blob(layer).length).isGreaterThan(8192);
        try (InputStream in = c.openBlob(repo, layer)) {
            assertThat(in.readAllBytes()).isEqualTo(registry.blob(layer));
        }
        assertThat(c.readBlob(repo, layer)).isEqualTo(registry.blob(layer));
    }

    @Test
    void sharedCache_concurrentReadersWithTheirOwnClients_allSeeCompleteBlobs() throws Exception {
        Path cache = dir.resolve("shared-cache");
        List<String> expected = layoutListing();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<String>>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> listing(client().blobCache(cache).build())));
            }
            for (var run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        try (var s = Files.list(cache.resolve("sha256"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).hasSize(2).noneMatch(n -> n.startsWith(".tmp"));
        }
        assertThat(Files.readAllBytes(cache.resolve("sha256").resolve(layout.layers().get(0).hex())))
                .isEqualTo(registry.blob(layout.layers().get(0)));
    }

    @Test
    void unknownTag_isNotFound() {
        RegistryClient c = client().build();
        assertThatThrownBy(() -> c.fetchManifest(ImageReference.parse(registry.host() + "/app:nope")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
    }

    @Test
    void registryThatNeverAnswersTls_fallsBackToHttpOnlyWhenAllowed() {
        RegistryClient strict = RegistryClient.builder().credentials(RegistryCredentialSource.anonymous())
                .readTimeout(Duration.ofSeconds(1)).maxRetries(0).build();
        assertThatThrownBy(() -> listing(strict)).isInstanceOf(InvalidInputException.class);
        assertThat(registry.seen).isEmpty();
    }

    /**
     * Asks every request without an Authorization header for a bearer token from {@code /token}, which
     * answers {@code tokenResponse} with status 200; authorized requests go to the honest registry.
     */
    private FakeRegistry.Interceptor bearerChallengeWithTokenResponse(String tokenResponse) {
        return ex -> {
            if (ex.getRequestURI().getPath().equals("/token")) {
                FakeRegistry.send(ex, 200, "application/json", tokenResponse.getBytes(StandardCharsets.UTF_8));
                return true;
            }
            if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + registry.host() + "/token\"");
                FakeRegistry.send(ex, 401, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                return true;
            }
            return false;
        };
    }

    private static void endless(HttpExchange ex, String type) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, 0);
        byte[] chunk = "{\"a\":1}".repeat(2000).getBytes(StandardCharsets.UTF_8);
        OutputStream out = ex.getResponseBody();
        for (int i = 0; i < 100_000; i++) {
            out.write(chunk);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> paths(List<FileEntry> entries) {
        return entries.stream().map(FileEntry::path).toList();
    }
}
