package dev.containersec.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.containersec.api.Digest;
import dev.containersec.api.FileEntry;
import dev.containersec.api.ImageReference;
import dev.containersec.api.NotFoundException;
import dev.containersec.api.Platform;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads images from a real registry (Debian's docker-registry 2.8, started on loopback), pushed there
 * by skopeo: anonymous over plain HTTP, htpasswd basic auth over TLS with a test CA made by the
 * {@code openssl} CLI, and token auth with a token server run by the test (RS256 JWTs whose signing
 * certificate travels in the {@code x5c} header and is the registry's {@code rootcertbundle}).
 */
@Timeout(300)
class RegistryIT {
    private static final Platform ARM64_V8 = Platform.parse("linux/arm64/v8");

    @TempDir
    static Path dir;
    static RealImages images;
    static Path multiArchive;

    @BeforeAll
    static void buildImages() throws IOException {
        Tools.assumeTools(TestRegistry.BINARY, "skopeo", "umoci", "openssl", "htpasswd");
        images = RealImages.build(dir);
        multiArchive = images.multiPlatformArchive((Path) images.multiPlatformLayout()[0]);
    }

    /** The listing (path, type, size, mode) and the contents of every regular file up to 64 KiB. */
    private static Map<String, String> snapshot(Image image) {
        Map<String, String> out = new TreeMap<>();
        image.walk(FileWalk.builder().listing(e -> out.put(e.path(), describe(e)))
                .contents(List.of("/**"), (e, in) -> out.put(e.path() + " content", Digest.sha256(in.readAllBytes()).toString()))
                .build());
        return out;
    }

    private static String describe(FileEntry e) {
        return e.type() + " " + e.size() + " " + Integer.toOctalString(e.mode());
    }

    private static Map<String, String> layoutSnapshot(String tag) {
        try (Image image = ImageReader.create().open(images.oci(tag))) {
            return snapshot(image);
        }
    }

    private static RegistryClient.Builder insecureClient(TestRegistry registry) {
        return RegistryClient.builder().credentials(RegistryCredentialSource.anonymous())
                .allowInsecureRegistry(registry.host()).readTimeout(Duration.ofSeconds(20));
    }

    @Test
    void anonymousPlainHttp_readsWhatTheLayoutHolds_andTheCacheServesTheSecondOpen() throws IOException {
        try (TestRegistry registry = TestRegistry.start(Files.createDirectories(dir.resolve("anon")), "", "")) {
            RealImages.skopeo("copy", "-q", "--dest-tls-verify=false", images.oci("t3"), "docker://" + registry.host() + "/app:t3");
            Path cache = dir.resolve("anon-cache");
            Map<String, String> expected = layoutSnapshot("t3");
            ImageReader reader = ImageReader.builder().registryClient(insecureClient(registry).blobCache(cache).build()).build();
            try (Image image = reader.open("registry:" + registry.host() + "/app:t3");
                 Image local = ImageReader.create().open(images.oci("t3"))) {
                assertThat(image.layers()).isEqualTo(local.layers());
                assertThat(image.config()).isEqualTo(local.config());
                assertThat(image.resolvedDigest()).as("a one-manifest tag resolves to that manifest")
                        .isPresent().isEqualTo(image.manifest().digest()).isEqualTo(local.manifest().digest());
                assertThat(snapshot(image)).isEqualTo(expected).containsKey("/etc/passwd content");
            }
            long gets = registry.blobGets("app");
            assertThat(gets).as("config and three layers fetched once").isEqualTo(4);

            ImageReader again = ImageReader.builder().registryClient(insecureClient(registry).blobCache(cache).build()).build();
            try (Image image = again.open("registry:" + registry.host() + "/app:t3")) {
                assertThat(snapshot(image)).isEqualTo(expected);
            }
            assertThat(registry.blobGets("app")).as("the second open reads blobs from the cache").isEqualTo(gets);

            RegistryClient strict = RegistryClient.builder().credentials(RegistryCredentialSource.anonymous()).maxRetries(0).build();
            assertThatThrownBy(() -> ImageReader.builder().registryClient(strict).build()
                    .open("registry:" + registry.host() + "/app:t3")).isInstanceOf(RegistryException.class)
                    .hasMessageContaining("TLS");
        }
    }

    @Test
    void multiArchIndex_choosesByReaderPlatform() throws IOException {
        try (TestRegistry registry = TestRegistry.start(Files.createDirectories(dir.resolve("multi")), "", "")) {
            RealImages.skopeo("copy", "-q", "--all", "--dest-tls-verify=false", "oci-archive:" + multiArchive + ":multi",
                    "docker://" + registry.host() + "/multi:1");
            RegistryClient client = insecureClient(registry).build();
            String location = "registry:" + registry.host() + "/multi:1";
            try (Image amd = ImageReader.builder().registryClient(client).build().open(location);
                 Image arm = ImageReader.builder().registryClient(client).platform(ARM64_V8).build().open(location)) {
                assertThat(amd.config().platform().architecture()).isEqualTo("amd64");
                assertThat(amd.layers()).hasSize(3);
                assertThat(arm.config().platform().architecture()).isEqualTo("arm64");
                assertThat(arm.layers()).hasSize(1);
                assertThat(amd.availablePlatforms()).containsExactlyInAnyOrder(Platform.parse("linux/amd64"), ARM64_V8);
                assertThat(snapshot(arm)).containsKey("/doomed.txt");
                Digest index = client.fetchManifest(ImageReference.parse(registry.host() + "/multi:1")).digest();
                assertThat(amd.resolvedDigest()).as("the tag resolves to the index, whatever the platform")
                        .contains(index).isEqualTo(arm.resolvedDigest()).isNotEqualTo(amd.manifest().digest());
                try (Image archived = ImageReader.create().open("oci-archive:" + multiArchive + ":multi")) {
                    assertThat(amd.resolvedDigest()).as("skopeo copied the index unchanged")
                            .isEqualTo(archived.resolvedDigest());
                }
                try (Image byDigest = ImageReader.builder().registryClient(client).platform(ARM64_V8).build()
                        .open("registry:" + registry.host() + "/multi@" + index)) {
                    assertThat(byDigest.resolvedDigest()).contains(index);
                    assertThat(byDigest.manifest().digest()).isEqualTo(arm.manifest().digest());
                }
            }
        }
    }

    @Test
    void lowLevelPushAndFetch_roundTripThroughTheRealRegistry() throws IOException {
        try (TestRegistry registry = TestRegistry.start(Files.createDirectories(dir.resolve("push")), "", "")) {
            RegistryClient client = insecureClient(registry).build();
            ImageReference repo = ImageReference.parse(registry.host() + "/signed/app");
            byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                    .getBytes(StandardCharsets.UTF_8);
            byte[] payload = "{\"critical\":{\"identity\":{}}}".getBytes(StandardCharsets.UTF_8);
            Digest configDigest = client.pushBlob(repo, config);
            Digest payloadDigest = client.pushBlob(repo, payload);
            assertThat(client.pushBlob(repo, payload)).as("pushing again is a no-op").isEqualTo(payloadDigest);
            String manifestJson = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                    + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\","
                    + "\"digest\":\"" + payloadDigest + "\",\"size\":" + payload.length + "}]}";
            RegistryManifest manifest = RegistryManifest.of("application/vnd.oci.image.manifest.v1+json",
                    manifestJson.getBytes(StandardCharsets.UTF_8));
            Digest pushed = client.pushManifest(ImageReference.parse(registry.host() + "/signed/app:sha256-abc.sig"), manifest);
            assertThat(pushed).isEqualTo(manifest.digest());

            RegistryManifest fetched = client.fetchManifest(ImageReference.parse(registry.host() + "/signed/app:sha256-abc.sig"));
            assertThat(fetched.digest()).isEqualTo(manifest.digest());
            assertThat(fetched.mediaType()).isEqualTo(manifest.mediaType());
            assertThat(fetched.bytes()).isEqualTo(manifest.bytes());
            assertThat(client.fetchManifest(new ImageReference(repo.registry(), repo.repository(), java.util.Optional.empty(),
                    java.util.Optional.of(pushed))).bytes()).isEqualTo(manifest.bytes());
            assertThat(client.readBlob(repo, payloadDigest)).isEqualTo(payload);
            try (var in = client.openBlob(repo, configDigest)) {
                assertThat(in.readAllBytes()).isEqualTo(config);
            }
            assertThatThrownBy(() -> client.fetchManifest(ImageReference.parse(registry.host() + "/signed/app:absent")))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void htpasswdBasicAuthOverTls_withATestCa() throws IOException {
        Path d = Files.createDirectories(dir.resolve("tls"));
        TestRegistry.openssl(d, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=containersec test CA");
        Files.writeString(d.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        TestRegistry.openssl(d, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        TestRegistry.openssl(d, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "san.ext");
        Path certDir = Files.createDirectories(d.resolve("certs.d"));
        Files.copy(d.resolve("ca.pem"), certDir.resolve("ca.crt"));
        RealImages.run(List.of("sh", "-c", "htpasswd -Bbn tester 'pa55 word' > " + d.resolve("htpasswd")));
        String tls = "  tls:\n    certificate: " + d.resolve("server.pem") + "\n    key: " + d.resolve("server.key") + "\n";
        String auth = "auth:\n  htpasswd:\n    realm: containersec-test\n    path: " + d.resolve("htpasswd") + "\n";
        try (TestRegistry registry = TestRegistry.start(d, tls, auth)) {
            RealImages.skopeo("copy", "-q", "--dest-cert-dir", certDir.toString(), "--dest-creds", "tester:pa55 word",
                    images.oci("t2"), "docker://" + registry.host() + "/private/app:t2");
            String location = "registry:" + registry.host() + "/private/app:t2";
            RegistryClient client = RegistryClient.builder().addCaCertificates(d.resolve("ca.pem"))
                    .credentials(RegistryCredentialSource.of(Map.of(registry.host(), RegistryCredentials.basic("tester", "pa55 word"))))
                    .build();
            try (Image image = ImageReader.builder().registryClient(client).build().open(location)) {
                assertThat(snapshot(image)).isEqualTo(layoutSnapshot("t2"));
            }

            RegistryClient wrongPassword = RegistryClient.builder().addCaCertificates(d.resolve("ca.pem"))
                    .credentials(RegistryCredentialSource.of(Map.of(registry.host(), RegistryCredentials.basic("tester", "nope"))))
                    .build();
            assertThatThrownBy(() -> ImageReader.builder().registryClient(wrongPassword).build().open(location))
                    .isInstanceOf(RegistryException.class).satisfies(e -> assertThat(((RegistryException) e).status()).hasValue(401));

            RegistryClient noCa = RegistryClient.builder().maxRetries(0)
                    .credentials(RegistryCredentialSource.of(Map.of(registry.host(), RegistryCredentials.basic("tester", "pa55 word"))))
                    .build();
            assertThatThrownBy(() -> ImageReader.builder().registryClient(noCa).build().open(location))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("TLS");

            Path dockerConfig = d.resolve("docker/config.json");
            Files.createDirectories(dockerConfig.getParent());
            Files.writeString(dockerConfig, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\""
                    + Base64.getEncoder().encodeToString("tester:pa55 word".getBytes(StandardCharsets.UTF_8)) + "\"}}}");
            RegistryClient fromConfig = RegistryClient.builder().addCaCertificates(d.resolve("ca.pem"))
                    .credentials(RegistryCredentialSource.dockerConfig(dockerConfig, Duration.ofSeconds(5))).build();
            try (Image image = ImageReader.builder().registryClient(fromConfig).build().open(location)) {
                assertThat(image.layers()).hasSize(2);
            }
        }
    }

    @Test
    void tokenAuth_withATokenServerRunByTheTest() throws Exception {
        Path d = Files.createDirectories(dir.resolve("token"));
        TestRegistry.openssl(d, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "signer.key", "-out", "signer.pem",
                "-days", "2", "-subj", "/CN=containersec token signer");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pemBody(d.resolve("signer.key"))));
        X509Certificate cert;
        try (var in = Files.newInputStream(d.resolve("signer.pem"))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        List<String> tokenRequests = new CopyOnWriteArrayList<>();
        HttpServer tokens = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tokens.createContext("/token", ex -> {
            String query = ex.getRequestURI().getQuery();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            tokenRequests.add(query + " auth=" + (auth != null));
            boolean ok = ("Basic " + Base64.getEncoder().encodeToString("tester:t0ken-pass".getBytes(StandardCharsets.UTF_8))).equals(auth);
            List<String> access = new ArrayList<>();
            for (String part : query.split("&")) {
                if (part.startsWith("scope=") && ok) {
                    String[] s = part.substring(6).split(":");
                    StringBuilder actions = new StringBuilder();
                    for (String a : s[2].split(",")) {
                        actions.append(actions.length() == 0 ? "" : ",").append('"').append(a).append('"');
                    }
                    access.add("{\"type\":\"" + s[0] + "\",\"name\":\"" + s[1] + "\",\"actions\":[" + actions + "]}");
                }
            }
            byte[] body;
            try {
                body = ("{\"token\":\"" + jwt(key, cert, ok ? "tester" : "", access) + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new IOException(e);
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        tokens.start();
        try {
            String realm = "http://127.0.0.1:" + tokens.getAddress().getPort() + "/token";
            String auth = "auth:\n  token:\n    realm: " + realm + "\n    service: containersec-registry\n"
                    + "    issuer: containersec-test-issuer\n    rootcertbundle: " + d.resolve("signer.pem") + "\n";
            try (TestRegistry registry = TestRegistry.start(d, "", auth)) {
                RealImages.skopeo("copy", "-q", "--dest-tls-verify=false", "--dest-creds", "tester:t0ken-pass",
                        images.oci("t1"), "docker://" + registry.host() + "/team/app:t1");
                tokenRequests.clear();
                RegistryClient client = insecureClient(registry).credentials(RegistryCredentialSource.of(
                        Map.of(registry.host(), RegistryCredentials.basic("tester", "t0ken-pass")))).build();
                try (Image image = ImageReader.builder().registryClient(client).build().open("registry:" + registry.host() + "/team/app:t1")) {
                    assertThat(snapshot(image)).isEqualTo(layoutSnapshot("t1"));
                }
                assertThat(tokenRequests).as("one token for the pull scope, cached").containsExactly(
                        "service=containersec-registry&scope=repository:team/app:pull auth=true");

                ImageReference repo = ImageReference.parse(registry.host() + "/team/app");
                Digest pushed = client.pushBlob(repo, "signature payload".getBytes(StandardCharsets.UTF_8));
                assertThat(client.readBlob(repo, pushed)).asString(StandardCharsets.UTF_8).isEqualTo("signature payload");
                assertThat(tokenRequests).contains("service=containersec-registry&scope=repository:team/app:pull,push auth=true");

                RegistryClient anonymous = insecureClient(registry).maxRetries(0).build();
                assertThatThrownBy(() -> ImageReader.builder().registryClient(anonymous).build()
                        .open("registry:" + registry.host() + "/team/app:t1")).isInstanceOf(RegistryException.class)
                        .satisfies(e -> assertThat(((RegistryException) e).status()).hasValue(401));
            }
        } finally {
            tokens.stop(0);
        }
    }

    private static byte[] pemBody(Path pem) throws IOException {
        String text = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(text);
    }

    /** A distribution token: RS256 JWT, the signing certificate in {@code x5c}. */
    private static String jwt(PrivateKey key, X509Certificate cert, String subject, List<String> access) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5c\":[\"" + Base64.getEncoder().encodeToString(cert.getEncoded()) + "\"]}";
        String claims = "{\"iss\":\"containersec-test-issuer\",\"sub\":\"" + subject + "\",\"aud\":\"containersec-registry\","
                + "\"exp\":" + (now + 300) + ",\"nbf\":" + (now - 10) + ",\"iat\":" + now + ",\"jti\":\"" + UUID.randomUUID()
                + "\",\"access\":[" + String.join(",", access) + "]}";
        String signingInput = url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + url.encodeToString(s.sign());
    }
}
