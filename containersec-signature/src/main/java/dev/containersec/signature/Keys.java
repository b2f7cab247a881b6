package dev.containersec.signature;

import dev.containersec.api.ContainerSecException;
import dev.containersec.api.InvalidInputException;
import dev.containersec.signature.internal.KeyCodec;
import dev.containersec.signature.internal.Pem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;

/**
 * Reads and makes keys. PEM inputs are untrusted: garbage, oversized text (more than 64 KiB), the wrong
 * PEM type, a curve other than P-256 or an RSA key under 2048 bits are refused with an
 * {@link InvalidInputException} that names what was wrong.
 *
 * <p>Accepted: public keys as {@code PUBLIC KEY} (SubjectPublicKeyInfo, what {@code cosign.pub} holds);
 * private keys as {@code PRIVATE KEY} (PKCS#8), {@code EC PRIVATE KEY} (SEC1) or {@code RSA PRIVATE KEY}
 * (PKCS#1). cosign's password-encrypted {@code ENCRYPTED SIGSTORE PRIVATE KEY} is not read yet.
 */
public final class Keys {
    private Keys() {
    }

    /**
     * Parses a PEM public key.
     *
     * @param pem the PEM text
     * @return the key
     * @throws InvalidInputException naming what is wrong with the text
     */
    public static VerificationKey parsePublicKey(String pem) {
        return parsePublicKey(pem.getBytes(StandardCharsets.UTF_8), "public key");
    }

    /**
     * Parses a PEM public key.
     *
     * @param pem the PEM bytes
     * @param subject what is being read (a file name), for errors
     * @return the key
     * @throws InvalidInputException naming what is wrong with the text
     */
    public static VerificationKey parsePublicKey(byte[] pem, String subject) {
        Objects.requireNonNull(pem, "pem");
        Objects.requireNonNull(subject, "subject");
        KeyCodec.PublicKeyInfo info = KeyCodec.publicKeyPem(pem, subject);
        return new VerificationKey(info.algorithm(), info.key());
    }

    /**
     * Parses an unencrypted PEM private key.
     *
     * @param pem the PEM bytes
     * @return the signing key
     * @throws InvalidInputException naming what is wrong with the text
     */
    public static SigningKey parsePrivateKey(byte[] pem) {
        return parsePrivateKey(pem, "private key");
    }

    /**
     * Parses an unencrypted PEM private key.
     *
     * @param pem the PEM bytes
     * @param subject what is being read (a file name), for errors; never the key itself
     * @return the signing key
     * @throws InvalidInputException naming what is wrong with the text
     */
    public static SigningKey parsePrivateKey(byte[] pem, String subject) {
        Objects.requireNonNull(pem, "pem");
        Objects.requireNonNull(subject, "subject");
        Pem.Block block = Pem.decode(pem, subject);
        if (block.label().startsWith("ENCRYPTED") && block.label().endsWith("PRIVATE KEY")) {
            throw new InvalidInputException(subject, "'" + block.label() + "' (password-encrypted) is not supported yet;"
                    + " give an unencrypted PKCS#8 'PRIVATE KEY'");
        }
        KeyCodec.PrivateKeyPair pair = KeyCodec.privateKey(block, subject);
        return new SigningKey(pair.privateKey(), new VerificationKey(pair.algorithm(), pair.publicKey()));
    }

    /**
     * Generates a fresh key pair: P-256 for ECDSA, Ed25519, or RSA of 3072 bits.
     *
     * @param algorithm the scheme
     * @return the new signing key
     */
    public static SigningKey generate(SignatureAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        try {
            KeyPairGenerator generator;
            switch (algorithm) {
                case ECDSA_P256_SHA256 -> {
                    generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"));
                }
                case ED25519 -> generator = KeyPairGenerator.getInstance("Ed25519");
                case RSA_PKCS1_SHA256 -> {
                    generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(3072);
                }
                default -> throw new IllegalArgumentException("unknown algorithm " + algorithm);
            }
            KeyPair pair = generator.generateKeyPair();
            return new SigningKey(pair.getPrivate(), new VerificationKey(algorithm, pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new ContainerSecException("cannot generate a " + algorithm.id() + " key: " + e.getMessage(), e);
        }
    }
}
