package dev.containersec.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.containersec.api.Digest;
import dev.containersec.cli.Cli;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.LoopbackRegistry;
import dev.containersec.signature.Keys;
import dev.containersec.signature.SignatureAlgorithm;
import dev.containersec.signature.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy check --signature-key} on a {@code registry:} tag that moves while the check runs: a real
 * docker-registry on loopback, reached through a forwarding proxy run by the test that, right after it has
 * served the tag's manifest for the first time (the open), pushes an unsigned image under the same tag
 * straight to the registry. The verdict and the JSON must still be about the image that was opened. And a
 * multi-platform tag is verified and reported by its index digest, as cosign signs it.
 */
@Timeout(180)
class PolicyCheckPinnedDigestIT {
    private static final String REPO = "cli/pin";
    private static final String TAG = "1.0";
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding", "host",
            "keep-alive", "upgrade", "expect", "date");

    @TempDir
    Path tmp;

    @Test
    void tagMovedBetweenOpenAndVerification_verdictAndDigestAreTheOpenedImages() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo is not installed (CI installs it, see .ci/run)");
        Path signedLayout = LoopbackRegistry.copyHello(tmp.resolve("a"));
        Path unsignedLayout = otherImage(LoopbackRegistry.copyHello(tmp.resolve("b")));
        Digest a = entryDigest(signedLayout);
        Digest b = entryDigest(unsignedLayout);
        assertThat(a).isNotEqualTo(b);
        SigningKey key = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
        Path privateKey = Files.writeString(tmp.resolve("k.pem"), key.exportPkcs8Pem());
        Path publicKey = Files.writeString(tmp.resolve("k.pub"), key.verificationKey().toPem());

        try (LoopbackRegistry registry = LoopbackRegistry.start(Files.createDirectories(tmp.resolve("registry")))) {
            String host = registry.host();
            push(signedLayout, host);
            Cli.Result signed = Cli.run("sign", "registry:" + host + "/" + REPO + ":" + TAG, "--key", privateKey.toString(),
                    "--allow-insecure-registry", host, "--no-registry-cache");
            assertThat(signed.exitCode()).as(signed.toString()).isZero();
            assertThat(signed.out()).startsWith("signed " + a);

            AtomicInteger tagFetches = new AtomicInteger();
            Proxy proxy = proxy(host, () -> {
                if (tagFetches.incrementAndGet() == 1) {
                    push(unsignedLayout, host);
                }
            });
            try {
                String proxyHost = "127.0.0.1:" + proxy.server().getAddress().getPort();
                String image = "registry:" + proxyHost + "/" + REPO + ":" + TAG;
                Cli.Result during = policyCheck(proxyHost, image, publicKey);
                assertThat(tagFetches.get()).as("the tag was resolved, and then moved").isPositive();
                assertThat(resolveDirectly(host)).as("the tag now names the unsigned image").isEqualTo(b);
                assertThat(during.exitCode()).as(during.toString()).isEqualTo(ExitCode.OK);
                JsonNode result = new ObjectMapper().readTree(during.out()).get("results").get(0);
                assertThat(result.get("digest").asText()).as("the opened image's digest").isEqualTo(a.toString());
                assertThat(result.get("allowed").asBoolean()).isTrue();
                assertThat(result.get("violations")).isEmpty();
                assertThat(tagFetches.get()).as("the tag is resolved once per check, never again for the signatures")
                        .isEqualTo(1);

                Cli.Result after = policyCheck(proxyHost, image, publicKey);
                assertThat(after.exitCode()).as(after.toString()).isEqualTo(ExitCode.GATE_FAILED);
                JsonNode unsigned = new ObjectMapper().readTree(after.out()).get("results").get(0);
                assertThat(unsigned.get("digest").asText()).as("a new check opens what the tag names now").isEqualTo(b.toString());
                assertThat(unsigned.get("violations").toString()).contains("image-signature-missing");
            } finally {
                proxy.server().stop(0);
                proxy.threads().shutdownNow();
            }
        }
    }

    @Test
    void multiPlatformTag_isVerifiedAndReportedByItsIndexDigest_notThePlatformManifests() throws Exception {
        Path layout = LoopbackRegistry.copyHello(tmp.resolve("multi"));
        Digest platformManifest = entryDigest(layout);
        Digest index = wrapInIndex(layout);
        SigningKey key = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
        Path privateKey = Files.writeString(tmp.resolve("m.pem"), key.exportPkcs8Pem());
        Path publicKey = Files.writeString(tmp.resolve("m.pub"), key.verificationKey().toPem());
        String image = "oci:" + layout + ":" + TAG;

        Cli.Result signed = Cli.run("sign", image, "--key", privateKey.toString());
        assertThat(signed.exitCode()).as(signed.toString()).isZero();
        assertThat(signed.out()).as("cosign signs the index a tag names").startsWith("signed " + index);

        Cli.Result checked = Cli.run("policy", "check", image, "--pack", "image-signature", "--signature-key",
                publicKey.toString(), "--format", "json");
        assertThat(checked.exitCode()).as(checked.toString()).isEqualTo(ExitCode.OK);
        JsonNode result = new ObjectMapper().readTree(checked.out()).get("results").get(0);
        assertThat(result.get("digest").asText()).isEqualTo(index.toString()).isNotEqualTo(platformManifest.toString());
        assertThat(result.get("violations")).isEmpty();
    }

    /** Makes the layout's tag name an image index holding its one manifest for linux/amd64; returns the index digest. */
    private static Digest wrapInIndex(Path layout) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode index = (ObjectNode) mapper.readTree(Files.readAllBytes(layout.resolve("index.json")));
        ObjectNode entry = (ObjectNode) index.get("manifests").get(0);
        ObjectNode imageIndex = mapper.createObjectNode().put("schemaVersion", 2)
                .put("mediaType", "application/vnd.oci.image.index.v1+json");
        imageIndex.putArray("manifests").addObject().put("mediaType", entry.get("mediaType").asText())
                .put("digest", entry.get("digest").asText()).put("size", entry.get("size").asLong())
                .putObject("platform").put("os", "linux").put("architecture", "amd64");
        byte[] bytes = mapper.writeValueAsBytes(imageIndex);
        Digest digest = Digest.sha256(bytes);
        Files.write(layout.resolve("blobs/sha256/" + digest.hex()), bytes);
        entry.put("mediaType", "application/vnd.oci.image.index.v1+json").put("digest", digest.toString())
                .put("size", bytes.length);
        Files.write(layout.resolve("index.json"), mapper.writeValueAsBytes(index));
        return digest;
    }

    private static Cli.Result policyCheck(String proxyHost, String image, Path publicKey) {
        return Cli.run("--allow-insecure-registry", proxyHost, "--no-registry-cache", "policy", "check", image,
                "--pack", "image-signature", "--signature-key", publicKey.toString(), "--format", "json");
    }

    /**
     * A forwarding proxy to the registry; {@code afterTagServed} runs after each GET of the tag's manifest has
     * been read from the registry and before its response is returned.
     */
    private static Proxy proxy(String registryHost, IoAction afterTagServed) throws IOException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String tagPath = "/v2/" + REPO + "/manifests/" + TAG;
        server.createContext("/", exchange -> {
            try {
                forward(exchange, client, registryHost,
                        exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getRawPath().equals(tagPath)
                                ? afterTagServed : () -> { });
            } catch (IOException | RuntimeException e) {
                exchange.sendResponseHeaders(502, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        });
        // A thread per connection: the client's TLS probe (for an insecure host) must not hold up the dispatcher.
        ExecutorService threads = Executors.newCachedThreadPool();
        server.setExecutor(threads);
        server.start();
        return new Proxy(server, threads);
    }

    private static void forward(HttpExchange exchange, HttpClient client, String registryHost, IoAction after)
            throws IOException, InterruptedException {
        URI uri = exchange.getRequestURI();
        String target = "http://" + registryHost + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        after.run();
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] out = response.body();
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.statusCode(), head || out.length == 0 ? -1 : out.length);
        if (!head && out.length > 0) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private record Proxy(HttpServer server, ExecutorService threads) {
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException, InterruptedException;
    }

    private static void push(Path layout, String host) throws IOException, InterruptedException {
        LoopbackRegistry.skopeo("copy", "-q", "--dest-tls-verify=false", "oci:" + layout + ":" + TAG, "docker://" + host + "/" + REPO + ":" + TAG);
    }

    private static Digest resolveDirectly(String host) throws IOException, InterruptedException {
        String raw = LoopbackRegistry.skopeo("inspect", "--tls-verify=false", "--format", "{{.Digest}}", "docker://" + host + "/" + REPO + ":" + TAG);
        return Digest.parse(raw.strip());
    }

    private static Digest entryDigest(Path layout) throws IOException {
        JsonNode index = new ObjectMapper().readTree(Files.readAllBytes(layout.resolve("index.json")));
        return Digest.parse(index.get("manifests").get(0).get("digest").asText());
    }

    /** Gives the layout's only manifest one more annotation: a valid image with another digest. */
    private static Path otherImage(Path layout) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode index = (ObjectNode) mapper.readTree(Files.readAllBytes(layout.resolve("index.json")));
        ObjectNode entry = (ObjectNode) index.get("manifests").get(0);
        Digest old = Digest.parse(entry.get("digest").asText());
        ObjectNode manifest = (ObjectNode) mapper.readTree(Files.readAllBytes(layout.resolve("blobs/sha256/" + old.hex())));
        manifest.putObject("annotations").put("org.example.variant", "unsigned");
        byte[] bytes = mapper.writeValueAsBytes(manifest);
        Digest digest = Digest.sha256(bytes);
        Files.write(layout.resolve("blobs/sha256/" + digest.hex()), bytes);
        entry.put("digest", digest.toString());
        entry.put("size", bytes.length);
        Files.write(layout.resolve("index.json"), mapper.writeValueAsBytes(index));
        return layout;
    }
}
