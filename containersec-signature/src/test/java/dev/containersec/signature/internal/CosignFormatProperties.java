package dev.containersec.signature.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.Digest;
import dev.containersec.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Generated inputs for the signature documents' parsers: only InvalidInputException escapes, and writing round-trips. */
class CosignFormatProperties {
    private static final String MANIFEST = new String(CosignFormat.manifest(Digest.sha256(new byte[] {1}), 1,
            java.util.List.of(new CosignFormat.Layer(CosignFormat.SIMPLE_SIGNING, Digest.sha256(new byte[] {2}), 250,
                    Map.of(CosignFormat.SIGNATURE_ANNOTATION, "MEUCIQ==")))), StandardCharsets.UTF_8);
    private static final String PAYLOAD = new String(CosignFormat.simpleSigningPayload("r/x", Digest.sha256(new byte[] {3}),
            Map.of()), StandardCharsets.UTF_8);

    @Property(tries = 300)
    void payload_writeThenParse_roundTrips(@ForAll @StringLength(min = 1, max = 200) String reference,
            @ForAll @Size(min = 1, max = 64) byte[] content) {
        Digest digest = Digest.sha256(content);
        CosignFormat.Claims claims = CosignFormat.parsePayload(CosignFormat.simpleSigningPayload(reference, digest, Map.of()), "p");
        assertThat(claims.dockerReference()).isEqualTo(reference);
        assertThat(claims.image()).isEqualTo(digest);
    }

    @Property(tries = 500)
    void arbitraryBytes_onlyFailWithInvalidInput(@ForAll @Size(max = 2000) byte[] input) {
        expectOnlyInvalidInput(input);
    }

    @Property(tries = 1000)
    void mutatedDocuments_onlyFailWithInvalidInput(@ForAll("mutated") String document) {
        expectOnlyInvalidInput(document.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void mutatedEncryptedKeyEnvelopes_onlyFailWithInvalidInput(@ForAll("mutatedEnvelope") String envelope) {
        try {
            CosignEncryptedKey.decrypt(envelope.getBytes(StandardCharsets.UTF_8), "pw".toCharArray(), "e");
        } catch (InvalidInputException expected) {
            // the documented failure
        }
    }

    @Property(tries = 200)
    void secretbox_sealThenOpen_roundTrips_andAnyFlippedBitIsRejected(@ForAll @Size(min = 32, max = 32) byte[] key,
            @ForAll @Size(min = 24, max = 24) byte[] nonce, @ForAll @Size(max = 300) byte[] message,
            @ForAll("index") int flip) {
        byte[] box = CosignEncryptedKey.seal(key, nonce, message);
        assertThat(CosignEncryptedKey.open(key, nonce, box)).isEqualTo(message);
        box[flip % box.length] ^= 1;
        assertThat(CosignEncryptedKey.open(key, nonce, box)).isNull();
    }

    private static void expectOnlyInvalidInput(byte[] input) {
        try {
            CosignFormat.parseManifest(input, "m", 64);
        } catch (InvalidInputException expected) {
            // the documented failure
        }
        try {
            CosignFormat.parsePayload(input, "p");
        } catch (InvalidInputException expected) {
            // the documented failure
        }
    }

    @Provide
    Arbitrary<Integer> index() {
        return Arbitraries.integers().between(0, 10_000);
    }

    @Provide
    Arbitrary<String> mutated() {
        return mutate(Arbitraries.of(MANIFEST, PAYLOAD));
    }

    @Provide
    Arbitrary<String> mutatedEnvelope() {
        String envelope = "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":1024,\"r\":8,\"p\":1},\"salt\":\"c2FsdA==\"},"
                + "\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"},"
                + "\"ciphertext\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}";
        return mutate(Arbitraries.just(envelope));
    }

    private static Arbitrary<String> mutate(Arbitrary<String> base) {
        return base.flatMap(doc -> Arbitraries.integers().between(0, doc.length() - 1).flatMap(pos ->
                Arbitraries.oneOf(
                        Arbitraries.chars().ascii().map(c -> doc.substring(0, pos) + c + doc.substring(pos + 1)),
                        Arbitraries.just(doc.substring(0, pos)),
                        Arbitraries.of("\"", "{", "}", "[", "]", ",", ":", "null", "1e999", "-1", "\"\\u0000\"")
                                .map(t -> doc.substring(0, pos) + t + doc.substring(pos)))));
    }
}
