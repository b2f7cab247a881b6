package dev.containersec.signature;

import dev.containersec.api.ContainerSecException;
import dev.containersec.api.InvalidInputException;
import dev.containersec.signature.internal.CosignEncryptedKey;
import dev.containersec.signature.internal.KeyCodec;
import dev.containersec.signature.internal.Pem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;

/**
 * Reads and makes keys. PEM inputs are untrusted: garbage, oversized text (more than 64 KiB), the wrong
 * PEM type, a curve other than P-256 or an RSA key under 2048 bits are refused with an
 * {@link InvalidInputException} that names what was wrong.
 *
 * <p>Accepted: public keys as {@code PUBLIC KEY} (SubjectPublicKeyInfo, what {@code cosign.pub} holds);
 * private keys as {@code PRIVATE KEY} (PKCS#8), {@code EC PRIVATE KEY} (SEC1) or {@code RSA PRIVATE KEY}
 * (PKCS#1), and cosign's password-encrypted {@code ENCRYPTED SIGSTORE PRIVATE KEY} with
 * {@link #parsePrivateKey(byte[], char[], String)}.
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
        if (isCosignEncrypted(block)) {
            throw new InvalidInputException(subject, "'" + block.label() + "' is password-encrypted; give its password");
        }
        KeyCodec.PrivateKeyPair pair = KeyCodec.privateKey(block, subject);
        return new SigningKey(pair.privateKey(), new VerificationKey(pair.algorithm(), pair.publicKey()));
    }

    /**
     * Parses a PEM private key that may be cosign-encrypted ({@code ENCRYPTED SIGSTORE PRIVATE KEY} or the
     * older {@code ENCRYPTED COSIGN PRIVATE KEY}: scrypt and NaCl secretbox around PKCS#8, as
     * {@code cosign generate-key-pair} writes). Unencrypted keys are read as by {@link #parsePrivateKey(byte[], String)}.
     *
     * @param pem the PEM bytes
     * @param password the password (may be empty); the caller should clear it afterwards
     * @param subject what is being read (a file name), for errors
     * @return the signing key
     * @throws InvalidInputException naming what is wrong, including a wrong password
     */
    public static SigningKey parsePrivateKey(byte[] pem, char[] password, String subject) {
        Objects.requireNonNull(pem, "pem");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(subject, "subject");
        Pem.Block block = Pem.decode(pem, subject);
        if (!isCosignEncrypted(block)) {
            return parsePrivateKey(pem, subject);
        }
        byte[] pkcs8 = CosignEncryptedKey.decrypt(block.der(), password, subject);
        try {
            KeyCodec.PrivateKeyPair pair = KeyCodec.pkcs8(pkcs8, subject);
            return new SigningKey(pair.privateKey(), new VerificationKey(pair.algorithm(), pair.publicKey()));
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /**
     * Returns a signing key encrypted as cosign encrypts its keys ({@code ENCRYPTED SIGSTORE PRIVATE KEY},
     * scrypt N=32768 r=8 p=1, NaCl secretbox), readable by {@link #parsePrivateKey(byte[], char[], String)}.
     *
     * @param key the key
     * @param password the password
     * @return the PEM text
     */
    public static String exportCosignEncrypted(SigningKey key, char[] password) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(password, "password");
        byte[] pkcs8 = Pem.decode(key.exportPkcs8Pem().getBytes(StandardCharsets.US_ASCII), "key").der();
        try {
            return CosignEncryptedKey.encrypt(pkcs8, password, new SecureRandom());
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static boolean isCosignEncrypted(Pem.Block block) {
        return block.label().equals(CosignEncryptedKey.LABEL) || block.label().equals(CosignEncryptedKey.LEGACY_LABEL);
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
