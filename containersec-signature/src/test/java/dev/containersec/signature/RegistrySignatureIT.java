package dev.containersec.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.api.Digest;
import dev.containersec.api.ImageReference;
import dev.containersec.image.Image;
import dev.containersec.image.ImageReader;
import dev.containersec.image.RegistryClient;
import dev.containersec.image.RegistryCredentialSource;
import dev.containersec.image.RegistryCredentials;
import dev.containersec.image.RegistryException;
import dev.containersec.image.RegistryManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signs and verifies images in a real registry (Debian's docker-registry 2.8 on loopback, images pushed
 * by skopeo): signatures and attestations go to the {@code sha256-<hex>.sig}/{@code .att} tags of the
 * image's repository, as cosign stores them, and skopeo (containers/image) reads them back byte for byte.
 */
@Timeout(300)
class RegistrySignatureIT {
    private static final String CYCLONEDX = "https://cyclonedx.org/bom";
    private static final String SBOM = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":"
            + "[{\"type\":\"library\",\"name\":\"log4j-core\",\"version\":\"2.14.1\"}]}";

    @TempDir
    static Path dir;
    static LocalRegistry registry;
    static RegistryClient client;
    static Digest helloDigest;
    static Digest otherDigest;
    static Path hello;
    static Path other;

    @BeforeAll
    static void startRegistryAndPushImages() throws IOException {
        LocalRegistry.assumeTools();
        hello = TestImages.copyHello(dir.resolve("hello"));
        other = TestImages.otherImage(dir.resolve("other"));
        helloDigest = manifestDigest(hello);
        otherDigest = manifestDigest(other);
        registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")), "", "");
        // Each test signs in its own repository, so tests do not see each other's signatures.
        push(hello, "sig/app:1.0");
        push(hello, "replay/app:1.0");
        push(other, "replay/app:other");
        push(other, "att/app:other");
        push(hello, "sig/twice:1.0");
        push(hello, "plain/app:1.0");
        push(hello, "pin/app:1.0");
        client = RegistryClient.builder().credentials(RegistryCredentialSource.anonymous())
                .allowInsecureRegistry(registry.host()).readTimeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static Digest manifestDigest(Path layout) throws IOException {
        JsonNode index = new ObjectMapper().readTree(Files.readAllBytes(layout.resolve("index.json")));
        return Digest.parse(index.get("manifests").get(0).get("digest").asText());
    }

    private static void push(Path layout, String name) {
        LocalRegistry.runOk(null, "skopeo", "--insecure-policy", "copy", "-q", "--dest-tls-verify=false",
                "oci:" + layout + ":1.0", "docker://" + registry.host() + "/" + name);
    }

    private static String image(String name) {
        return "registry:" + registry.host() + "/" + name;
    }

    private static ImageVerifier verifier(boolean attestations, SigningKey... keys) {
        ImageVerifier.Builder b = ImageVerifier.builder().registryClient(client).attestations(attestations);
        for (SigningKey k : keys) {
            b.key(k.verificationKey());
        }
        return b.build();
    }

    /** What {@code skopeo inspect --raw} prints for a tag, exactly. */
    private static byte[] skopeoRaw(String repoAndTag) {
        LocalRegistry.Run r = LocalRegistry.run(null, "skopeo", "--insecure-policy", "inspect", "--raw", "--tls-verify=false",
                "docker://" + registry.host() + "/" + repoAndTag);
        assertThat(r.exit()).as(r.out()).isZero();
        return r.out().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signWithEcdsa_thenVerify_verifiedOnlyUnderThatKey_andSkopeoReadsTheSignatureManifest() {
        SigningKey key = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
        SignResult signed = ImageSigner.builder(key).registryClient(client).build().sign(image("sig/app:1.0"));

        assertThat(signed.imageDigest()).as("skopeo pushed the layout's manifest unchanged").isEqualTo(helloDigest);
        assertThat(signed.tag()).isEqualTo("sha256-" + helloDigest.hex() + ".sig");

        VerificationResult ok = verifier(false, key).verify(image("sig/app:1.0"));
        assertThat(ok.signed()).isTrue();
        assertThat(ok.digest()).isEqualTo(helloDigest);
        assertThat(ok.signatures()).singleElement().satisfies(s -> {
            assertThat(s.verified()).isTrue();
            assertThat(s.keyId()).hasValue(key.keyId());
            assertThat(s.algorithm()).hasValue(SignatureAlgorithm.ECDSA_P256_SHA256);
            assertThat(s.dockerReference()).as("the default reference is the repository").hasValue(registry.host() + "/sig/app");
        });
        assertThat(verifier(false, key).verify(image("sig/app@" + helloDigest)).signed()).as("by digest").isTrue();

        VerificationResult wrongKey = verifier(false, Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256)).verify(image("sig/app:1.0"));
        assertThat(wrongKey.signed()).isFalse();
        assertThat(wrongKey.signatures()).singleElement().satisfies(s -> {
            assertThat(s.verified()).isFalse();
            assertThat(s.reason()).contains("no given key verifies");
        });

        byte[] raw = skopeoRaw("sig/app:" + signed.tag());
        assertThat(Digest.sha256(raw)).as("skopeo sees the manifest we pushed, byte for byte").isEqualTo(signed.manifestDigest());
        assertThat(new String(raw, StandardCharsets.UTF_8)).contains("application/vnd.dev.cosign.simplesigning.v1+json")
                .contains("dev.cosignproject.cosign/signature").contains(signed.layer().toString());
    }

    @Test
    void signatureManifestCopiedToAnotherImagesTag_isRejectedAsAReplay() {
        SigningKey key = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
        ImageSigner.builder(key).registryClient(client).build().sign(image("replay/app:1.0"));
        ImageReference repo = ImageReference.parse(registry.host() + "/replay/app");
        RegistryManifest helloSig = client.fetchManifest(ImageReference.parse(
                registry.host() + "/replay/app:sha256-" + helloDigest.hex() + ".sig"));
        assertThat(verifier(false, key).verify(image("replay/app:other")).signatures()).as("nothing stored for the other image yet").isEmpty();

        client.pushManifest(new ImageReference(repo.registry(), repo.repository(),
                java.util.Optional.of("sha256-" + otherDigest.hex() + ".sig"), java.util.Optional.empty()), helloSig);

        VerificationResult replayed = verifier(false, key).verify(image("replay/app:other"));
        assertThat(replayed.digest()).isEqualTo(otherDigest);
        assertThat(replayed.signed()).isFalse();
        assertThat(replayed.signatures()).singleElement().satisfies(s -> {
            assertThat(s.verified()).isFalse();
            assertThat(s.keyId()).as("the signature itself is genuine").hasValue(key.keyId());
            assertThat(s.reason()).contains("copied from another image").contains(helloDigest.toString());
        });
    }

    @Test
    void attestation_roundTripsThroughTheRegistry_andSkopeoReadsIt() throws IOException {
        SigningKey key = Keys.generate(SignatureAlgorithm.ED25519);
        SignResult attested = ImageSigner.builder(key).registryClient(client).dockerReference("example.org/sig/app").build()
                .attest(image("att/app:other"), SBOM.getBytes(StandardCharsets.UTF_8), CYCLONEDX);
        assertThat(attested.tag()).isEqualTo("sha256-" + otherDigest.hex() + ".att");

        VerificationResult result = verifier(true, key).verify(image("att/app:other"));
        assertThat(result.attestations()).singleElement().satisfies(a -> {
            assertThat(a.verified()).as(a.reason()).isTrue();
            assertThat(a.predicateType()).isEqualTo(CYCLONEDX);
            assertThat(new ObjectMapper().readTree(a.predicateJson().orElseThrow())).isEqualTo(new ObjectMapper().readTree(SBOM));
        });
        assertThat(verifier(true, Keys.generate(SignatureAlgorithm.ED25519)).verify(image("att/app:other")).attestations())
                .singleElement().satisfies(a -> assertThat(a.verified()).isFalse());

        byte[] raw = skopeoRaw("att/app:" + attested.tag());
        assertThat(Digest.sha256(raw)).isEqualTo(attested.manifestDigest());
        assertThat(new String(raw, StandardCharsets.UTF_8)).contains("application/vnd.dsse.envelope.v1+json").contains(CYCLONEDX);
    }

    @Test
    void signingAgainWithAnotherKey_appendsALayer_eachVerifiesUnderItsOwnKey() {
        SigningKey first = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
        SigningKey second = Keys.generate(SignatureAlgorithm.RSA_PKCS1_SHA256);
        ImageSigner.builder(first).registryClient(client).build().sign(image("sig/twice:1.0"));
        ImageSigner.builder(second).registryClient(client).build().sign(image("sig/twice:1.0"));

        VerificationResult onlySecond = verifier(false, second).verify(image("sig/twice:1.0"));
        assertThat(onlySecond.signed()).isTrue();
        assertThat(onlySecond.signatures()).hasSize(2);
        assertThat(onlySecond.signatures().stream().filter(SignatureCheck::verified).map(s -> s.keyId().orElseThrow()))
                .containsExactly(second.keyId());
        assertThat(verifier(false, first, second).verify(image("sig/twice:1.0")).signatures())
                .allSatisfy(s -> assertThat(s.verified()).isTrue());
    }

    @Test
    void multiPlatformTag_signsTheIndexDigest_asCosignDoes() throws IOException {
        Path layout = dir.resolve("index-image");
        Digest index = TestImages.indexImage(layout);
        LocalRegistry.runOk(null, "skopeo", "--insecure-policy", "copy", "-q", "--all", "--dest-tls-verify=false",
                "oci:" + layout + ":1.0", "docker://" + registry.host() + "/multi/app:1.0");
        SigningKey key = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);

        SignResult signed = ImageSigner.builder(key).registryClient(client).build().sign(image("multi/app:1.0"));

        assertThat(signed.imageDigest()).as("the index the tag names, not the platform manifest").isEqualTo(index);
        assertThat(signed.tag()).isEqualTo("sha256-" + index.hex() + ".sig");
        assertThat(verifier(false, key).verify(image("multi/app:1.0")).signed()).isTrue();
        VerificationResult platformManifest = verifier(false, key).verify(image("multi/app@" + helloDigest));
        assertThat(platformManifest.signed()).as("the platform manifest itself was not signed").isFalse();
        assertThat(platformManifest.signatures()).isEmpty();
        try (Image opened = ImageReader.builder().registryClient(client).build().open(image("multi/app:1.0"))) {
            assertThat(opened.manifest().digest()).contains(helloDigest);
            VerificationResult pinned = verifier(false, key).verify(opened);
            assertThat(pinned.digest()).as("the opened image's index digest").isEqualTo(index);
            assertThat(pinned.signed()).isTrue();
        }
    }

    @Test
    void openedImage_tagMovedToAnUnsignedImage_verifiedByThePinnedDigest_asTheImageThatWasOpened() {
        SigningKey key = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
        SignResult signed = ImageSigner.builder(key).registryClient(client).build().sign(image("pin/app:1.0"));
        assertThat(signed.imageDigest()).isEqualTo(helloDigest);
        try (Image opened = ImageReader.builder().registryClient(client).build().open(image("pin/app:1.0"))) {
            // Between the open and the verification, the tag moves to an unsigned image.
            push(other, "pin/app:1.0");
            assertThat(client.fetchManifest(ImageReference.parse(registry.host() + "/pin/app:1.0")).digest())
                    .as("the tag moved").isEqualTo(otherDigest);

            VerificationResult pinned = verifier(false, key).verify(opened);
            assertThat(pinned.digest()).isEqualTo(helloDigest).isEqualTo(opened.resolvedDigest().orElseThrow());
            assertThat(pinned.signed()).isTrue();
            assertThat(pinned.signatures()).singleElement().satisfies(s -> assertThat(s.verified()).isTrue());

            VerificationResult byTag = verifier(false, key).verify(image("pin/app:1.0"));
            assertThat(byTag.digest()).as("resolving the tag again finds the other image").isEqualTo(otherDigest);
            assertThat(byTag.signed()).isFalse();
            assertThat(byTag.signatures()).isEmpty();
        }
    }

    @Test
    void withoutTheInsecureHostAllowed_signingAPlainHttpRegistryFails() {
        SigningKey key = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
        RegistryClient strict = RegistryClient.builder().credentials(RegistryCredentialSource.anonymous()).maxRetries(0).build();
        assertThatThrownBy(() -> ImageSigner.builder(key).registryClient(strict).build().sign(image("plain/app:1.0")))
                .isInstanceOf(RegistryException.class).hasMessageContaining("TLS");
        assertThatThrownBy(() -> ImageVerifier.builder().key(key.verificationKey()).registryClient(strict).build()
                .verify(image("plain/app:1.0"))).isInstanceOf(RegistryException.class);
    }

    @Test
    void htpasswdOverTlsWithATestCa_credentialsAndCaOfTheClientApplyToSignAndVerify() throws IOException {
        LocalRegistry.assumeTools("openssl", "htpasswd");
        Path d = Files.createDirectories(dir.resolve("tls"));
        LocalRegistry.runOk(d, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-days", "2", "-subj", "/CN=containersec test CA");
        Files.writeString(d.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        LocalRegistry.runOk(d, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        LocalRegistry.runOk(d, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext");
        Path certDir = Files.createDirectories(d.resolve("certs.d"));
        Files.copy(d.resolve("ca.pem"), certDir.resolve("ca.crt"));
        Files.writeString(d.resolve("htpasswd"), LocalRegistry.runOk(null, "htpasswd", "-Bbn", "signer", "s3cret pass"));
        String tls = "  tls:\n    certificate: " + d.resolve("server.pem") + "\n    key: " + d.resolve("server.key") + "\n";
        String auth = "auth:\n  htpasswd:\n    realm: containersec-test\n    path: " + d.resolve("htpasswd") + "\n";
        try (LocalRegistry secure = LocalRegistry.start(d, tls, auth)) {
            LocalRegistry.runOk(null, "skopeo", "--insecure-policy", "copy", "-q", "--dest-cert-dir", certDir.toString(),
                    "--dest-creds", "signer:s3cret pass", "oci:" + TestImages.copyHello(d.resolve("hello")) + ":1.0",
                    "docker://" + secure.host() + "/private/app:1.0");
            String location = "registry:" + secure.host() + "/private/app:1.0";
            RegistryClient good = RegistryClient.builder().addCaCertificates(d.resolve("ca.pem")).maxRetries(0).credentials(RegistryCredentialSource.of(Map.of(secure.host(),
                    RegistryCredentials.basic("signer", "s3cret pass")))).build();
            SigningKey key = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);

            SignResult signed = ImageSigner.builder(key).registryClient(good).build().sign(location);
            assertThat(signed.imageDigest()).isEqualTo(helloDigest);
            assertThat(ImageVerifier.builder().key(key.verificationKey()).registryClient(good).build().verify(location).signed()).isTrue();

            LocalRegistry.Run inspect = LocalRegistry.run(null, "skopeo", "--insecure-policy", "inspect", "--raw",
                    "--cert-dir", certDir.toString(), "--creds", "signer:s3cret pass", "docker://" + secure.host() + "/private/app:" + signed.tag());
            assertThat(inspect.exit()).as(inspect.out()).isZero();
            assertThat(Digest.sha256(inspect.out().getBytes(StandardCharsets.UTF_8))).isEqualTo(signed.manifestDigest());

            RegistryClient anonymous = RegistryClient.builder().addCaCertificates(d.resolve("ca.pem")).maxRetries(0)
                    .credentials(RegistryCredentialSource.anonymous()).build();
            assertThatThrownBy(() -> ImageSigner.builder(key).registryClient(anonymous).build().sign(location))
                    .isInstanceOf(RegistryException.class)
                    .satisfies(e -> assertThat(((RegistryException) e).status()).hasValue(401));
            RegistryClient noCa = RegistryClient.builder().maxRetries(0).credentials(RegistryCredentialSource.of(Map.of(secure.host(),
                    RegistryCredentials.basic("signer", "s3cret pass")))).build();
            assertThatThrownBy(() -> ImageVerifier.builder().key(key.verificationKey()).registryClient(noCa).build().verify(location))
                    .isInstanceOf(RegistryException.class);
        }
    }
}
