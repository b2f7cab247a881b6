package dev.containersec.signature;

import dev.containersec.api.ContainerSecException;
import dev.containersec.signature.internal.Pem;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Objects;

/**
 * A private key that signs: a secret. {@link #toString()} never shows key material; the PKCS#8 encoding
 * is only available through {@link #exportPkcs8Pem()}. Made by {@link Keys#parsePrivateKey(byte[])},
 * {@link Keys#parsePrivateKey(byte[], char[])} or {@link Keys#generate(SignatureAlgorithm)}.
 */
public final class SigningKey {
    private final PrivateKey key;
    private final VerificationKey verificationKey;

    SigningKey(PrivateKey key, VerificationKey verificationKey) {
        this.key = Objects.requireNonNull(key, "key");
        this.verificationKey = Objects.requireNonNull(verificationKey, "verificationKey");
    }

    /**
     * Returns the signature scheme of this key.
     *
     * @return the algorithm
     */
    public SignatureAlgorithm algorithm() {
        return verificationKey.algorithm();
    }

    /**
     * Returns the matching public key.
     *
     * @return the verification key
     */
    public VerificationKey verificationKey() {
        return verificationKey;
    }

    /**
     * Returns the key id of the matching public key.
     *
     * @return 64 hex characters
     */
    public String keyId() {
        return verificationKey.keyId();
    }

    /**
     * Signs bytes: ECDSA P-256 with SHA-256 (DER), Ed25519 (pure), or RSA PKCS#1 v1.5 with SHA-256.
     *
     * @param data the bytes to sign
     * @return the signature
     */
    public byte[] sign(byte[] data) {
        Objects.requireNonNull(data, "data");
        try {
            Signature signer = Signature.getInstance(algorithm().jcaName());
            signer.initSign(key);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new ContainerSecException("cannot sign with " + algorithm().id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the private key unencrypted as a PEM {@code PRIVATE KEY} (PKCS#8) block. Whoever holds the
     * text can sign as this key: write it only to owner-readable places.
     *
     * @return the PEM text
     */
    public String exportPkcs8Pem() {
        return Pem.encode("PRIVATE KEY", key.getEncoded());
    }

    /**
     * Describes the key without its secret.
     *
     * @return for example {@code SigningKey[ed25519, keyId=3f1c..., private material redacted]}
     */
    @Override
    public String toString() {
        return "SigningKey[" + algorithm().id() + ", keyId=" + keyId() + ", private material redacted]";
    }
}
