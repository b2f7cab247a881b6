package dev.containersec.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.Digest;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.Sbom;
import dev.containersec.image.Image;
import dev.containersec.image.ImageReader;
import dev.containersec.sbom.SbomReader;
import dev.containersec.signature.internal.ArtifactStore;
import dev.containersec.signature.internal.CosignFormat;
import dev.containersec.signature.internal.OciLayoutStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageSignatureTest {
    private static final String CYCLONEDX = "https://cyclonedx.org/bom";
    private static final String SBOM = """
            {"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[{"type":"library",
            "name":"log4j-core","version":"2.14.1","purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}]}""";

    private static SigningKey ec;
    private static SigningKey other;

    @TempDir
    Path tmp;

    @BeforeAll
    static void keys() {
        ec = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
        other = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    }

    private static ImageVerifier verifier(SigningKey... keys) {
        ImageVerifier.Builder b = ImageVerifier.builder().attestations(true);
        for (SigningKey k : keys) {
            b.key(k.verificationKey());
        }
        return b.build();
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void signThenVerify_roundTrips_forEveryKeyType(SignatureAlgorithm algorithm) throws IOException {
        Path dir = TestImages.copyHello(tmp.resolve("img"));
        SigningKey key = Keys.generate(algorithm);
        SignResult signed = ImageSigner.builder(key).dockerReference("registry.example/hello").build().sign("oci:" + dir + ":1.0");

        assertThat(signed.tag()).isEqualTo("sha256-" + signed.imageDigest().hex() + ".sig");
        assertThat(Files.readString(dir.resolve("index.json"))).contains(signed.tag());
        // The layout stays readable by tag, and by no tag at all (the .sig entry does not count as an image).
        try (Image image = ImageReader.create().open("oci:" + dir + ":1.0")) {
            assertThat(image.manifest().digest()).contains(signed.imageDigest());
        }
        VerificationResult result = verifier(key).verify("oci:" + dir);
        assertThat(result.signed()).isTrue();
        assertThat(result.digest()).isEqualTo(signed.imageDigest());
        assertThat(result.signatures()).singleElement().satisfies(s -> {
            assertThat(s.verified()).isTrue();
            assertThat(s.keyId()).contains(key.keyId());
            assertThat(s.algorithm()).contains(algorithm);
            assertThat(s.dockerReference()).contains("registry.example/hello");
        });
    }

    @Test
    void payload_isCosignsSimpleSigningDocument_andManifestFollowsTheConvention() {
        Path dir = TestImages.copyHello(tmp.resolve("img"));
        SignResult signed = ImageSigner.builder(ec).dockerReference("registry.example/hello").build().sign("oci:" + dir);
        OciLayoutStore store = new OciLayoutStore(dir);
        byte[] payload = store.blob(signed.layer(), 1 << 16);
        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(
                "{\"critical\":{\"identity\":{\"docker-reference\":\"registry.example/hello\"},\"image\":"
                + "{\"docker-manifest-digest\":\"" + signed.imageDigest() + "\"},\"type\":\"cosign container image signature\"},"
                + "\"optional\":null}");
        ArtifactStore.Manifest manifest = store.manifest(signed.tag(), 1 << 20).orElseThrow();
        String json = new String(manifest.bytes(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"mediaType\":\"application/vnd.oci.image.config.v1+json\"")
                .contains("\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\"")
                .contains("\"dev.cosignproject.cosign/signature\":\"");
        List<CosignFormat.Layer> layers = CosignFormat.parseManifest(manifest.bytes(), "m", 10);
        byte[] sig = Base64.getDecoder().decode(layers.get(0).annotations().get(CosignFormat.SIGNATURE_ANNOTATION));
        assertThat(ec.verificationKey().verify(payload, sig)).isTrue();
    }

    @Test
    void tagOfAMultiPlatformIndex_signsTheIndexDigest_asCosignDoes() throws IOException {
        Path dir = tmp.resolve("multi");
        Digest index = TestImages.indexImage(dir);
        Digest platformManifest;
        try (Image image = ImageReader.create().open("oci:" + dir + ":1.0")) {
            platformManifest = image.manifest().digest().orElseThrow();
        }
        assertThat(platformManifest).isNotEqualTo(index);
        SignResult signed = ImageSigner.builder(ec).build().sign("oci:" + dir + ":1.0");
        assertThat(signed.imageDigest()).isEqualTo(index);
        assertThat(verifier(ec).verify("oci:" + dir + ":1.0").signed()).isTrue();
        assertThat(verifier(ec).verify("oci:" + dir + "@" + index).signed()).isTrue();
        // The platform manifest by its own digest is another artifact, with signatures of its own (none).
        VerificationResult platform = verifier(ec).verify("oci:" + dir + "@" + platformManifest);
        assertThat(platform.digest()).isEqualTo(platformManifest);
        assertThat(platform.signed()).isFalse();
    }

    @Test
    void verifyOpenedImage_tagMovedAfterTheOpen_checksTheImageThatWasOpened() throws IOException {
        Path a = TestImages.copyHello(tmp.resolve("pin-a"));
        Path b = TestImages.otherImage(tmp.resolve("pin-b"));
        SignResult signedA = ImageSigner.builder(ec).build().sign("oci:" + a + ":1.0");
        Digest digestB = new OciLayoutStore(b).imageEntries().get(0);
        try (Image opened = ImageReader.create().open("oci:" + a + ":1.0")) {
            // Between the open and the verification, tag 1.0 moves to B (an unsigned image).
            OciLayoutStore storeA = new OciLayoutStore(a);
            storeA.putManifest("1.0", "application/vnd.oci.image.manifest.v1+json",
                    Files.readAllBytes(b.resolve("blobs/sha256/" + digestB.hex())));
            try (Image moved = ImageReader.create().open("oci:" + a + ":1.0")) {
                assertThat(moved.resolvedDigest()).contains(digestB);
            }

            VerificationResult pinned = verifier(ec).verify(opened);
            assertThat(pinned.digest()).isEqualTo(signedA.imageDigest()).isNotEqualTo(digestB);
            assertThat(pinned.signed()).isTrue();
            assertThat(pinned.image()).isEqualTo(opened.location().toString());

            VerificationResult byTag = verifier(ec).verify("oci:" + a + ":1.0");
            assertThat(byTag.digest()).as("the tag resolved again names B").isEqualTo(digestB);
            assertThat(byTag.signed()).isFalse();
            assertThat(byTag.signatures()).isEmpty();
        }
    }

    @Test
    void verifyOpenedImage_multiPlatformTag_usesTheIndexDigestNotThePlatformManifest() throws IOException {
        Path dir = tmp.resolve("pin-multi");
        Digest index = TestImages.indexImage(dir);
        ImageSigner.builder(ec).build().sign("oci:" + dir + ":1.0");
        try (Image opened = ImageReader.create().open("oci:" + dir + ":1.0")) {
            assertThat(opened.manifest().digest()).isPresent().isNotEqualTo(opened.resolvedDigest());
            VerificationResult result = verifier(ec).verify(opened);
            assertThat(result.digest()).isEqualTo(index);
            assertThat(result.signed()).isTrue();
        }
    }

    @Test
    void verifyOpenedImage_fromADockerArchiveOrOciArchive_isBadInput() throws IOException, InterruptedException {
        Path layout = TestImages.copyHello(tmp.resolve("pin-archive"));
        Path archive = tmp.resolve("hello.tar");
        Process tar = new ProcessBuilder("tar", "-cf", archive.toString(), "-C", layout.toString(), ".")
                .redirectErrorStream(true).start();
        assertThat(tar.waitFor()).isZero();
        try (Image opened = ImageReader.create().open("oci-archive:" + archive)) {
            assertThat(opened.resolvedDigest()).isPresent();
            assertThatThrownBy(() -> verifier(ec).verify(opened)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("oci-archive: is not supported");
        }
    }

    @Test
    void verify_withAnotherKey_rejectsTheSignature() {
        Path dir = TestImages.copyHello(tmp.resolve("img"));
        ImageSigner.builder(ec).build().sign("oci:" + dir);
        VerificationResult result = verifier(other).verify("oci:" + dir);
        assertThat(result.signed()).isFalse();
        assertThat(result.signatures()).singleElement().satisfies(s -> {
            assertThat(s.verified()).isFalse();
            assertThat(s.reason()).isEqualTo("no given key verifies the signature");
            assertThat(s.keyId()).isEmpty();
        });
    }

    @Test
    void signingTwice_withTwoKeys_appendsLayers_andEachIsCheckedOnItsOwn() {
        Path dir = TestImages.copyHello(tmp.resolve("img"));
        ImageSigner.builder(ec).build().sign("oci:" + dir);
        ImageSigner.builder(other).build().sign("oci:" + dir);
        VerificationResult result = verifier(other).verify("oci:" + dir);
        assertThat(result.signatures()).hasSize(2);
        assertThat(result.signatures()).filteredOn(SignatureCheck::verified).singleElement()
                .satisfies(s -> assertThat(s.keyId()).contains(other.keyId()));
        assertThat(result.signed()).isTrue();
    }

    @Test
    void unsignedImage_hasNoSignatures_andIsNotSigned() {
        Path dir = TestImages.copyHello(tmp.resolve("img"));
        VerificationResult result = verifier(ec).verify("oci:" + dir);
        assertThat(result.signed()).isFalse();
        assertThat(result.signatures()).isEmpty();
    }

    @Test
    void tamperedPayloadBytes_areRejectedAsADigestMismatch() throws IOException {
        Path dir = TestImages.copyHello(tmp.resolve("img"));
        SignResult signed = ImageSigner.builder(ec).build().sign("oci:" + dir);
        Path blob = dir.resolve("blobs/sha256/" + signed.layer().hex());
        String payload = Files.readString(blob);
        Files.writeString(blob, payload.replace("cosign container", "cosign kontainer"));
        VerificationResult result = verifier(ec).verify("oci:" + dir);
        assertThat(result.signed()).isFalse();
        assertThat(result.signatures().get(0).reason()).contains("digest mismatch");
    }

    @Test
    void payloadSwappedUnderAnOldSignature_isRejected() {
        Path dir = TestImages.copyHello(tmp.resolve("img"));
        SignResult signed = ImageSigner.builder(ec).build().sign("oci:" + dir);
        OciLayoutStore store = new OciLayoutStore(dir);
        CosignFormat.Layer original = layers(store, signed.tag()).get(0);
        byte[] forged = CosignFormat.simpleSigningPayload("attacker/reference", signed.imageDigest(), Map.of());
        Digest forgedDigest = store.putBlob(forged);
        writeManifest(store, signed.tag(), List.of(new CosignFormat.Layer(CosignFormat.SIMPLE_SIGNING, forgedDigest,
                forged.length, original.annotations())));
        VerificationResult result = verifier(ec).verify("oci:" + dir);
        assertThat(result.signed()).isFalse();
        assertThat(result.signatures().get(0).reason()).isEqualTo("no given key verifies the signature");
    }

    @Test
    void signatureOfImageA_attachedToImageB_isRejectedAsReplay() throws IOException {
        Path a = TestImages.copyHello(tmp.resolve("a"));
        Path b = TestImages.otherImage(tmp.resolve("b"));
        SignResult signedA = ImageSigner.builder(ec).build().sign("oci:" + a);
        OciLayoutStore storeA = new OciLayoutStore(a);
        OciLayoutStore storeB = new OciLayoutStore(b);
        Digest digestB = verifier(ec).verify("oci:" + b).digest();
        assertThat(digestB).isNotEqualTo(signedA.imageDigest());
        List<CosignFormat.Layer> layersA = layers(storeA, signedA.tag());
        for (CosignFormat.Layer l : layersA) {
            storeB.putBlob(storeA.blob(l.digest(), 1 << 16));
        }
        writeManifest(storeB, CosignFormat.signatureTag(digestB), layersA);

        VerificationResult result = verifier(ec).verify("oci:" + b);
        assertThat(result.signed()).isFalse();
        assertThat(result.signatures()).singleElement().satisfies(s -> {
            assertThat(s.keyId()).contains(ec.keyId());
            assertThat(s.reason()).contains("payload signs " + signedA.imageDigest()).contains("copied from another image");
        });
    }

    @Test
    void corruptedBase64Signature_isRejected() {
        VerificationResult result = verifyWithLayer(layerFor("payload", CosignFormat.SIMPLE_SIGNING, "MEUCI***not-base64"));
        assertThat(result.signatures().get(0).reason()).isEqualTo("signature annotation is not valid base64");
    }

    @Test
    void wrongLayerMediaType_isRejected() {
        VerificationResult result = verifyWithLayer(layerFor("payload", "application/octet-stream", "AAAA"));
        assertThat(result.signatures().get(0).reason()).contains("media type 'application/octet-stream'");
    }

    @Test
    void missingSignatureAnnotation_isRejected() {
        VerificationResult result = verifyWithLayer(dir -> {
            OciLayoutStore store = new OciLayoutStore(dir);
            Digest d = store.putBlob(new byte[] {1});
            return new CosignFormat.Layer(CosignFormat.SIMPLE_SIGNING, d, 1, Map.of());
        });
        assertThat(result.signatures().get(0).reason()).contains("no dev.cosignproject.cosign/signature annotation");
    }

    @Test
    void oversizedPayloadLayer_isRejectedWithoutReadingIt() {
        VerificationResult result = verifyWithLayer(dir -> new CosignFormat.Layer(CosignFormat.SIMPLE_SIGNING,
                Digest.sha256(new byte[] {9}), 10_000_000, Map.of(CosignFormat.SIGNATURE_ANNOTATION, "AAAA")));
        assertThat(result.signatures().get(0).reason()).contains("exceeds the limit of 65536");
    }

    @Test
    void signedPayloadOfAnotherType_isRejectedEvenThoughTheKeyVerifiesIt() {
        VerificationResult result = verifyWithLayer(dir -> {
            byte[] payload = "{\"critical\":{\"type\":\"something else\"}}".getBytes(StandardCharsets.UTF_8);
            Digest d = new OciLayoutStore(dir).putBlob(payload);
            return new CosignFormat.Layer(CosignFormat.SIMPLE_SIGNING, d, payload.length,
                    Map.of(CosignFormat.SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(ec.sign(payload))));
        });
        assertThat(result.signatures().get(0).reason()).contains("not a cosign signature").contains("something else");
    }

    @Test
    void signedPayloadWithDuplicateKeys_isRejected_soNoTwoParsersCanDisagreeOnTheDigest() {
        Path dir = TestImages.copyHello(tmp.resolve("dup"));
        Digest image = verifier(ec).verify("oci:" + dir).digest();
        VerificationResult result = verifyWithLayer(d -> {
            byte[] payload = ("{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\""
                    + image + "\",\"docker-manifest-digest\":\"sha256:" + "0".repeat(64) + "\"},"
                    + "\"type\":\"cosign container image signature\"},\"optional\":null}").getBytes(StandardCharsets.UTF_8);
            Digest digest = new OciLayoutStore(d).putBlob(payload);
            return new CosignFormat.Layer(CosignFormat.SIMPLE_SIGNING, digest, payload.length,
                    Map.of(CosignFormat.SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(ec.sign(payload))));
        });
        assertThat(result.signatures().get(0).reason()).contains("not a cosign signature").containsIgnoringCase("duplicate");
    }

    @Test
    void manifestWithTooManyLayers_exceedsTheLimit() {
        Path dir = TestImages.copyHello(tmp.resolve("img"));
        Digest image = verifier(ec).verify("oci:" + dir).digest();
        OciLayoutStore store = new OciLayoutStore(dir);
        List<CosignFormat.Layer> many = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            many.add(new CosignFormat.Layer(CosignFormat.SIMPLE_SIGNING, Digest.sha256(new byte[] {(byte) i}), 1, Map.of()));
        }
        writeManifest(store, CosignFormat.signatureTag(image), many);
        assertThatThrownBy(() -> verifier(ec).verify("oci:" + dir)).isInstanceOf(LimitExceededException.class);
    }

    @Test
    void sbomAttestation_roundTrips_andItsPredicateReadsBackAsAnSbom() {
        Path dir = TestImages.copyHello(tmp.resolve("img"));
        SignResult attested = ImageSigner.builder(ec).build()
                .attest("oci:" + dir + ":1.0", SBOM.getBytes(StandardCharsets.UTF_8), CYCLONEDX);
        assertThat(attested.tag()).endsWith(".att");
        VerificationResult result = verifier(ec).verify("oci:" + dir + ":1.0");
        assertThat(result.attestations()).singleElement().satisfies(a -> {
            assertThat(a.verified()).as(a.reason()).isTrue();
            assertThat(a.predicateType()).isEqualTo(CYCLONEDX);
            assertThat(a.keyId()).contains(ec.keyId());
            Sbom sbom = SbomReader.withDefaults().read(a.predicateJson().orElseThrow().getBytes(StandardCharsets.UTF_8), "predicate");
            assertThat(sbom.packages()).anySatisfy(p -> assertThat(p.name()).isEqualTo("log4j-core"));
        });
        OciLayoutStore store = new OciLayoutStore(dir);
        CosignFormat.Layer layer = layers(store, attested.tag()).get(0);
        assertThat(layer.mediaType()).isEqualTo("application/vnd.dsse.envelope.v1+json");
        assertThat(layer.annotations()).containsEntry("predicateType", CYCLONEDX);
    }

    @Test
    void attestationVerifiedWithAnotherKey_isRejected_andCarriesNoPredicate() {
        Path dir = TestImages.copyHello(tmp.resolve("img"));
        ImageSigner.builder(ec).build().attest("oci:" + dir, SBOM.getBytes(StandardCharsets.UTF_8), CYCLONEDX);
        VerificationResult result = verifier(other).verify("oci:" + dir);
        assertThat(result.attestations()).singleElement().satisfies(a -> {
            assertThat(a.verified()).isFalse();
            assertThat(a.reason()).isEqualTo("no given key verifies the envelope");
            assertThat(a.predicateJson()).isEmpty();
        });
    }

    @Test
    void attestationOfImageA_attachedToImageB_isRejectedBySubjectDigest() throws IOException {
        Path a = TestImages.copyHello(tmp.resolve("a"));
        Path b = TestImages.otherImage(tmp.resolve("b"));
        SignResult att = ImageSigner.builder(ec).build().attest("oci:" + a, SBOM.getBytes(StandardCharsets.UTF_8), CYCLONEDX);
        OciLayoutStore storeA = new OciLayoutStore(a);
        OciLayoutStore storeB = new OciLayoutStore(b);
        List<CosignFormat.Layer> layersA = layers(storeA, att.tag());
        storeB.putBlob(storeA.blob(layersA.get(0).digest(), 1 << 20));
        Digest digestB = verifier(ec).verify("oci:" + b).digest();
        writeManifest(storeB, CosignFormat.attestationTag(digestB), layersA);
        VerificationResult result = verifier(ec).verify("oci:" + b);
        assertThat(result.attestations()).singleElement().satisfies(a2 -> {
            assertThat(a2.verified()).isFalse();
            assertThat(a2.reason()).contains("subjects do not include this image");
        });
    }

    @Test
    void toFacts_hasThePolicyInputShape() {
        Path dir = TestImages.copyHello(tmp.resolve("img"));
        ImageSigner.builder(ec).dockerReference("r/hello").build().sign("oci:" + dir);
        ImageSigner.builder(ec).build().attest("oci:" + dir, SBOM.getBytes(StandardCharsets.UTF_8), CYCLONEDX);
        VerificationResult result = verifier(ec).verify("oci:" + dir);
        Map<String, Object> facts = result.toFacts();
        assertThat(facts).containsOnlyKeys("image", "digest", "signed", "signatures", "attestations");
        assertThat(facts).containsEntry("image", "oci:" + dir).containsEntry("signed", true)
                .containsEntry("digest", result.digest().toString());
        assertThat(facts.get("signatures")).isEqualTo(List.of(Map.of("keyId", ec.keyId(), "algorithm", "ecdsa-p256-sha256",
                "dockerReference", "r/hello", "verified", true, "reason", "")));
        assertThat(facts.get("attestations")).isEqualTo(List.of(Map.of("predicateType", CYCLONEDX, "keyId", ec.keyId(),
                "verified", true, "reason", "")));
    }

    @Test
    void locationThatCannotHoldSignatures_isBadInput() throws IOException {
        Path file = Files.writeString(tmp.resolve("x.tar"), "not an archive");
        assertThatThrownBy(() -> verifier(ec).verify("docker-archive:" + file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("OCI layout").hasMessageContaining("registry:HOST/REPO");
    }

    @Test
    void registryLocationThatIsNoImageName_isBadInput_beforeAnyNetworkAccess() {
        assertThatThrownBy(() -> verifier(ec).verify("registry:127.0.0.1:1/Upper/Case:1.0")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a registry image name");
        assertThatThrownBy(() -> ImageSigner.builder(ec).build().sign("registry:127.0.0.1:1/app:bad tag"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a registry image name");
    }

    @Test
    void storeRefusesTagsThatCouldLeaveTheLayout() {
        Path dir = TestImages.copyHello(tmp.resolve("img"));
        OciLayoutStore store = new OciLayoutStore(dir);
        assertThatThrownBy(() -> store.putManifest("../evil", CosignFormat.OCI_MANIFEST, new byte[] {1}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a valid OCI tag");
        assertThatThrownBy(() -> store.manifest("a/b", 100)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void storeRefusesBlobsThatResolveOutsideTheLayout() throws IOException {
        Path dir = TestImages.copyHello(tmp.resolve("img"));
        Path outside = Files.writeString(tmp.resolve("secret"), "outside");
        Digest d = Digest.sha256("outside".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(dir.resolve("blobs/sha256/" + d.hex()), outside);
        assertThatThrownBy(() -> new OciLayoutStore(dir).blob(d, 100)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("outside the layout");
    }

    @Test
    void indexJsonReplacedByADevice_isRefusedInsteadOfReadForever() throws IOException {
        Path dir = TestImages.copyHello(tmp.resolve("img"));
        Files.delete(dir.resolve("index.json"));
        Files.createSymbolicLink(dir.resolve("index.json"), Path.of("/dev/zero"));
        assertThatThrownBy(() -> new OciLayoutStore(dir).imageEntries()).isInstanceOf(InvalidInputException.class);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private interface LayerMaker {
        CosignFormat.Layer make(Path dir);
    }

    private static LayerMaker layerFor(String payload, String mediaType, String signature) {
        return dir -> {
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            Digest d = new OciLayoutStore(dir).putBlob(bytes);
            return new CosignFormat.Layer(mediaType, d, bytes.length, Map.of(CosignFormat.SIGNATURE_ANNOTATION, signature));
        };
    }

    private VerificationResult verifyWithLayer(LayerMaker maker) {
        Path dir = TestImages.copyHello(tmp.resolve("img"));
        Digest image = verifier(ec).verify("oci:" + dir).digest();
        writeManifest(new OciLayoutStore(dir), CosignFormat.signatureTag(image), List.of(maker.make(dir)));
        VerificationResult result = verifier(ec).verify("oci:" + dir);
        assertThat(result.signed()).isFalse();
        assertThat(result.signatures()).hasSize(1);
        return result;
    }

    private static List<CosignFormat.Layer> layers(OciLayoutStore store, String tag) {
        return CosignFormat.parseManifest(store.manifest(tag, 1 << 20).orElseThrow().bytes(), tag, 100);
    }

    private static void writeManifest(OciLayoutStore store, String tag, List<CosignFormat.Layer> layers) {
        byte[] config = CosignFormat.config(layers);
        Digest configDigest = store.putBlob(config);
        store.putManifest(tag, CosignFormat.OCI_MANIFEST, CosignFormat.manifest(configDigest, config.length, layers));
    }
}
