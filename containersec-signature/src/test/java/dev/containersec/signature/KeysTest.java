package dev.containersec.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.signature.internal.Pem;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeysTest {

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void generatedKey_exportedAsPkcs8_parsesBackToTheSameKeyId(SignatureAlgorithm algorithm) {
        SigningKey key = Keys.generate(algorithm);
        SigningKey parsed = Keys.parsePrivateKey(key.exportPkcs8Pem().getBytes(StandardCharsets.US_ASCII));
        assertThat(parsed.keyId()).isEqualTo(key.keyId()).hasSize(64);
        assertThat(parsed.algorithm()).isEqualTo(algorithm);
        VerificationKey pub = Keys.parsePublicKey(key.verificationKey().toPem());
        assertThat(pub).isEqualTo(key.verificationKey());
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(pub.verify(data, parsed.sign(data))).isTrue();
        assertThat(pub.verify("hellO".getBytes(StandardCharsets.UTF_8), parsed.sign(data))).isFalse();
    }

    @Test
    void sec1EcPrivateKey_isRead_andMatchesPkcs8() throws Exception {
        SigningKey key = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
        byte[] pkcs8 = Pem.decode(key.exportPkcs8Pem().getBytes(StandardCharsets.US_ASCII), "k").der();
        byte[] sec1 = PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded();
        // SEC1 as written by openssl ecparam names the curve; add it as openssl does.
        org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(sec1);
        byte[] withCurve = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(), inner.getPublicKey(),
                org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1).getEncoded();
        SigningKey parsed = Keys.parsePrivateKey(Pem.encode("EC PRIVATE KEY", withCurve).getBytes(StandardCharsets.US_ASCII));
        assertThat(parsed.keyId()).isEqualTo(key.keyId());
    }

    @Test
    void pkcs1RsaPrivateKey_isRead_andMatchesPkcs8() throws Exception {
        SigningKey key = Keys.generate(SignatureAlgorithm.RSA_PKCS1_SHA256);
        byte[] pkcs8 = Pem.decode(key.exportPkcs8Pem().getBytes(StandardCharsets.US_ASCII), "k").der();
        byte[] pkcs1 = PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded();
        SigningKey parsed = Keys.parsePrivateKey(Pem.encode("RSA PRIVATE KEY", pkcs1).getBytes(StandardCharsets.US_ASCII));
        assertThat(parsed.keyId()).isEqualTo(key.keyId());
        assertThat(parsed.algorithm()).isEqualTo(SignatureAlgorithm.RSA_PKCS1_SHA256);
    }

    @Test
    void signingKey_toString_neverShowsKeyMaterial() {
        SigningKey key = Keys.generate(SignatureAlgorithm.ED25519);
        String body = key.exportPkcs8Pem().lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        assertThat(key.toString()).contains("redacted").contains(key.keyId()).doesNotContain(body);
    }

    @Test
    void publicKey_onCurveP384_isRejectedNamingTheCurve() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        String pem = Pem.encode("PUBLIC KEY", g.generateKeyPair().getPublic().getEncoded());
        assertThatThrownBy(() -> Keys.parsePublicKey(pem)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("secp384r1").hasMessageContaining("only P-256");
    }

    @Test
    void rsaKeyOf1024Bits_isRejectedAsTooSmall() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        var pair = g.generateKeyPair();
        assertThatThrownBy(() -> Keys.parsePublicKey(Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("1024 bits is too small");
        assertThatThrownBy(() -> Keys.parsePrivateKey(Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded())
                .getBytes(StandardCharsets.US_ASCII))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("too small");
    }

    @Test
    void privateKeyGivenAsPublicKey_isRejectedSayingWhichTypeWasFound() {
        String pem = Keys.generate(SignatureAlgorithm.ED25519).exportPkcs8Pem();
        assertThatThrownBy(() -> Keys.parsePublicKey(pem)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("found 'PRIVATE KEY'");
    }

    @Test
    void publicKeyGivenAsPrivateKey_isRejected() {
        String pem = Keys.generate(SignatureAlgorithm.ED25519).verificationKey().toPem();
        assertThatThrownBy(() -> Keys.parsePrivateKey(pem.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("public key");
    }

    @Test
    void garbage_isRejectedAsNotPem() {
        assertThatThrownBy(() -> Keys.parsePublicKey("just some text")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not PEM");
        assertThatThrownBy(() -> Keys.parsePublicKey("-----BEGIN PUBLIC KEY-----\n@@@@\n-----END PUBLIC KEY-----\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> Keys.parsePublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("SubjectPublicKeyInfo");
    }

    @Test
    void hugePem_isRejectedAsOverTheLimit() {
        byte[] huge = new byte[Pem.MAX_PEM_BYTES + 1];
        Arrays.fill(huge, (byte) 'A');
        assertThatThrownBy(() -> Keys.parsePublicKey(huge, "huge.pem")).isInstanceOf(LimitExceededException.class);
    }

    @Test
    void encryptedCosignKey_withoutAPassword_isRefusedAskingForIt() {
        String pem = Pem.encode("ENCRYPTED SIGSTORE PRIVATE KEY", "{}".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Keys.parsePrivateKey(pem.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("give its password");
    }

    @Test
    void cosignEncryptedExport_roundTrips_andAWrongPasswordIsRejected() {
        SigningKey key = Keys.generate(SignatureAlgorithm.ED25519);
        byte[] pem = Keys.exportCosignEncrypted(key, "pw".toCharArray()).getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(pem, StandardCharsets.US_ASCII)).startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----");
        assertThat(Keys.parsePrivateKey(pem, "pw".toCharArray(), "k").keyId()).isEqualTo(key.keyId());
        assertThatThrownBy(() -> Keys.parsePrivateKey(pem, "PW".toCharArray(), "k"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("wrong password");
    }

    @Test
    void cosignEnvelopeDemandingHugeScryptMemory_isRejectedBeforeDerivingAnything() {
        String env = "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":1073741824,\"r\":8,\"p\":1},\"salt\":\"AAAA\"},"
                + "\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"},\"ciphertext\":\"AAAA\"}";
        byte[] pem = Pem.encode("ENCRYPTED SIGSTORE PRIVATE KEY", env.getBytes(StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Keys.parsePrivateKey(pem, "x".toCharArray(), "k"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("out of bounds");
    }

    @Test
    void parsingKeys_installsNoSecurityProvider() {
        int before = Security.getProviders().length;
        Keys.parsePrivateKey(Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256).exportPkcs8Pem().getBytes(StandardCharsets.US_ASCII));
        assertThat(Security.getProviders()).hasSize(before);
        assertThat(Security.getProvider("BC")).isNull();
    }
}
