package dev.containersec.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Keys and signatures made by other implementations (src/test/resources/keys, see its README): OpenSSL
 * keys in SEC1, PKCS#1 and PKCS#8 with their public keys and signatures over a simple-signing payload,
 * and a cosign-format encrypted key sealed with libsodium.
 */
class OpenSslInteropTest {
    private static final Path KEYS = Path.of("src/test/resources/keys");

    private static byte[] read(String name) throws IOException {
        return Files.readAllBytes(KEYS.resolve(name));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ec-sec1.pem, ec.pub, ec.sig, ECDSA_P256_SHA256", "rsa-pkcs1.pem, rsa.pub, rsa.sig, RSA_PKCS1_SHA256",
        "ed25519.pem, ed25519.pub, ed25519.sig, ED25519"})
    void opensslKeysAndSignatures_areReadAndVerified(String priv, String pub, String sig, SignatureAlgorithm algorithm)
            throws IOException {
        VerificationKey publicKey = Keys.parsePublicKey(read(pub), pub);
        SigningKey privateKey = Keys.parsePrivateKey(read(priv), priv);
        assertThat(publicKey.algorithm()).isEqualTo(algorithm);
        assertThat(privateKey.keyId()).as("public key derived from the private key").isEqualTo(publicKey.keyId());
        byte[] payload = read("payload.json");
        assertThat(publicKey.verify(payload, read(sig))).as("OpenSSL's signature").isTrue();
        byte[] tampered = payload.clone();
        tampered[10] ^= 1;
        assertThat(publicKey.verify(tampered, read(sig))).isFalse();
        assertThat(publicKey.verify(payload, privateKey.sign(payload))).as("our signature").isTrue();
    }

    @Test
    void opensslP384AndRsa1024PublicKeys_areRejected() {
        assertThatThrownBy(() -> Keys.parsePublicKey(read("ec-p384.pub"), "ec-p384.pub"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("secp384r1");
        assertThatThrownBy(() -> Keys.parsePublicKey(read("rsa-1024.pub"), "rsa-1024.pub"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("1024 bits is too small");
    }

    @Test
    void cosignFormatEncryptedKey_sealedByLibsodium_decryptsToTheSameKey() throws IOException {
        SigningKey key = Keys.parsePrivateKey(read("cosign-encrypted.key"), "correct horse".toCharArray(), "cosign-encrypted.key");
        assertThat(key.keyId()).isEqualTo(Keys.parsePublicKey(read("ec.pub"), "ec.pub").keyId());
        assertThatThrownBy(() -> Keys.parsePrivateKey(read("cosign-encrypted.key"), "wrong".toCharArray(), "cosign-encrypted.key"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("wrong password");
    }
}
