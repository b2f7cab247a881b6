package dev.containersec.signature.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks our documents against a signature manifest that cosign v1.13.1 really pushed to Docker Hub
 * ({@code chihjenhuang/cosign1}, 2023-02-17), as recorded in the public debug trace
 * https://github.com/jeffhuang4704/just-notes/blob/main/cosign/cosign-traffic.md (no licence stated;
 * what is reproduced here is machine output: a 558-byte manifest and the digests the registry reported).
 *
 * <p>The manifest text below hashes to the {@code Docker-Content-Digest} the registry returned for it,
 * so it is the exact bytes cosign wrote. The payload blob itself is not in the trace, but its digest
 * is (the layer digest): the payload we write for the same reference and image digest hashes to it,
 * so our simple-signing payload is byte-for-byte cosign's. The signature cannot be verified here: the
 * trace does not include the public key.
 */
class CosignInteropTest {
    private static final String REAL_MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":247,"
            + "\"digest\":\"sha256:85ad8e17d3d7c00664855c638832bd99f32d42542c2d587851410a45a7f60b95\"},"
            + "\"layers\":[{\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\",\"size\":252,"
            + "\"digest\":\"sha256:b671489ededd1a180bd87235bba00fd83354f9c7d13b71d9f8b66a8e52965ebc\","
            + "\"annotations\":{\"dev.cosignproject.cosign/signature\":"
            + "\"MEYCIQCPH7NJAIfrB6BZN91dV0o7l/i11muXrvrAh100jDMMhAIhAPsLH0oXb2OPITXRpWBMUd3vHtz5Ks5pql2Hr6t/IJXw\"}}]}";
    private static final Digest REAL_MANIFEST_DIGEST =
            Digest.parse("sha256:7ebe8964225fa4619b53aa35416ef0246c037e36ddf81776b21b15e1dda2262b");
    private static final Digest SIGNED_IMAGE =
            Digest.parse("sha256:4c1c50d0ffc614f90b93b07d778028dc765548e823f676fb027f61d281ac380d");

    @Test
    void fixture_isTheExactManifestCosignPushed() {
        assertThat(Digest.sha256(REAL_MANIFEST.getBytes(StandardCharsets.UTF_8))).isEqualTo(REAL_MANIFEST_DIGEST);
    }

    @Test
    void realCosignSignatureManifest_parsesIntoOneSimpleSigningLayerWithADerSignature() {
        List<CosignFormat.Layer> layers = CosignFormat.parseManifest(REAL_MANIFEST.getBytes(StandardCharsets.UTF_8), "cosign", 64);
        assertThat(layers).singleElement().satisfies(l -> {
            assertThat(l.mediaType()).isEqualTo(CosignFormat.SIMPLE_SIGNING);
            assertThat(l.size()).isEqualTo(252);
            byte[] sig = Base64.getDecoder().decode(l.annotations().get(CosignFormat.SIGNATURE_ANNOTATION));
            assertThat(sig[0]).as("ASN.1 SEQUENCE: ECDSA signature in DER").isEqualTo((byte) 0x30);
            assertThat(sig[1] & 0xff).isEqualTo(sig.length - 2);
        });
        assertThat(CosignFormat.signatureTag(SIGNED_IMAGE))
                .isEqualTo("sha256-4c1c50d0ffc614f90b93b07d778028dc765548e823f676fb027f61d281ac380d.sig");
    }

    @Test
    void ourPayloadForTheSameImage_hashesToTheLayerDigestCosignRecorded() {
        byte[] ours = CosignFormat.simpleSigningPayload("index.docker.io/chihjenhuang/cosign1", SIGNED_IMAGE, Map.of());
        assertThat(ours).hasSize(252);
        assertThat(Digest.sha256(ours)).isEqualTo(
                Digest.parse("sha256:b671489ededd1a180bd87235bba00fd83354f9c7d13b71d9f8b66a8e52965ebc"));
        CosignFormat.Claims claims = CosignFormat.parsePayload(ours, "payload");
        assertThat(claims.image()).isEqualTo(SIGNED_IMAGE);
    }

    @Test
    void ourManifestWriter_producesCosignsByteLayout_forTheSameInputs() {
        List<CosignFormat.Layer> layers = CosignFormat.parseManifest(REAL_MANIFEST.getBytes(StandardCharsets.UTF_8), "cosign", 64);
        byte[] ours = CosignFormat.manifest(
                Digest.parse("sha256:85ad8e17d3d7c00664855c638832bd99f32d42542c2d587851410a45a7f60b95"), 247, layers);
        assertThat(new String(ours, StandardCharsets.UTF_8)).isEqualTo(REAL_MANIFEST);
    }
}
