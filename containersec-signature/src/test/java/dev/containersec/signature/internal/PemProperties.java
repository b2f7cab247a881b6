package dev.containersec.signature.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.InvalidInputException;
import dev.containersec.signature.Keys;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class PemProperties {

    @Property(tries = 300)
    void encodeThenDecode_roundTrips(@ForAll("labels") String label, @ForAll @Size(min = 1, max = 3000) byte[] der) {
        Pem.Block block = Pem.decode(Pem.encode(label, der).getBytes(StandardCharsets.US_ASCII), "p");
        assertThat(block.label()).isEqualTo(label);
        assertThat(block.der()).isEqualTo(der);
    }

    @Property(tries = 500)
    void arbitraryBytes_onlyEverFailWithInvalidInput(@ForAll @Size(max = 4000) byte[] input) {
        assertOnlyInvalidInput(input);
    }

    @Property(tries = 500)
    void mutatedPemAroundRealKeys_onlyEverFailWithInvalidInput(@ForAll("mutatedPem") String pem) {
        assertOnlyInvalidInput(pem.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 200)
    void pemWrappingRandomDer_onlyEverFailsWithInvalidInput(@ForAll("keyLabels") String label,
            @ForAll @Size(max = 600) byte[] der) {
        assertOnlyInvalidInput(Pem.encode(label, der).getBytes(StandardCharsets.US_ASCII));
    }

    private static void assertOnlyInvalidInput(byte[] input) {
        try {
            Keys.parsePublicKey(input, "fuzz");
        } catch (InvalidInputException expected) {
            // the documented failure
        }
        try {
            Keys.parsePrivateKey(input, "fuzz");
        } catch (InvalidInputException expected) {
            // the documented failure
        }
    }

    @Provide
    Arbitrary<String> labels() {
        return Arbitraries.strings().withCharRange('A', 'Z').withChars(' ').ofMinLength(1).ofMaxLength(30)
                .filter(s -> !s.startsWith(" ") && !s.endsWith(" ") && !s.contains("  "));
    }

    @Provide
    Arbitrary<String> keyLabels() {
        return Arbitraries.of("PUBLIC KEY", "PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY");
    }

    @Provide
    Arbitrary<String> mutatedPem() {
        String ec = Pem.encode("PUBLIC KEY", Keys.generate(dev.containersec.signature.SignatureAlgorithm.ECDSA_P256_SHA256)
                .verificationKey().javaKey().getEncoded());
        String ed = Keys.generate(dev.containersec.signature.SignatureAlgorithm.ED25519).exportPkcs8Pem();
        return Arbitraries.of(ec, ed).flatMap(base -> Arbitraries.integers().between(0, base.length() - 1)
                .flatMap(pos -> Arbitraries.chars().ascii().map(c -> base.substring(0, pos) + c + base.substring(pos + 1))));
    }

    @Property(tries = 50)
    void labelWithoutDashes_isRejected(@ForAll @StringLength(max = 50) String s) {
        try {
            Pem.decode(("-----BEGIN " + s).getBytes(StandardCharsets.UTF_8), "p");
        } catch (InvalidInputException expected) {
            return;
        }
        assertThat(s).contains("-----");
    }
}
