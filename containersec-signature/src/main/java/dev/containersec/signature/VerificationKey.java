package dev.containersec.signature;

import dev.containersec.signature.internal.KeyCodec;
import dev.containersec.signature.internal.Pem;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;

/**
 * A public key that signatures are checked against: ECDSA P-256, Ed25519 or RSA of at least 2048 bits.
 * Made by {@link Keys#parsePublicKey(String)} or {@link SigningKey#verificationKey()}.
 *
 * <p>Two keys are equal when their {@link #keyId()}s are: the SHA-256 of the DER SubjectPublicKeyInfo.
 */
public final class VerificationKey {
    private final SignatureAlgorithm algorithm;
    private final PublicKey key;
    private final byte[] spki;
    private final String keyId;

    VerificationKey(SignatureAlgorithm algorithm, PublicKey key) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.key = Objects.requireNonNull(key, "key");
        this.spki = key.getEncoded();
        this.keyId = KeyCodec.keyId(spki);
    }

    /**
     * Wraps a JDK public key after checking that it is of a supported type and strength.
     *
     * @param key an EC P-256, Ed25519 or RSA (at least 2048 bits) public key
     * @return the verification key
     * @throws dev.containersec.api.InvalidInputException naming what is not supported
     */
    public static VerificationKey of(PublicKey key) {
        Objects.requireNonNull(key, "key");
        KeyCodec.PublicKeyInfo info = KeyCodec.publicKey(key.getEncoded(), "public key");
        return new VerificationKey(info.algorithm(), info.key());
    }

    /**
     * Returns the signature scheme this key verifies.
     *
     * @return the algorithm
     */
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * Returns the key id: lower-case hex SHA-256 of the DER SubjectPublicKeyInfo.
     *
     * @return 64 hex characters
     */
    public String keyId() {
        return keyId;
    }

    /**
     * Returns the JDK form of the key.
     *
     * @return the public key
     */
    public PublicKey javaKey() {
        return key;
    }

    /**
     * Returns the key as a PEM {@code PUBLIC KEY} block (SubjectPublicKeyInfo), as cosign writes {@code cosign.pub}.
     *
     * @return the PEM text
     */
    public String toPem() {
        return Pem.encode("PUBLIC KEY", spki);
    }

    /**
     * Checks a signature over some bytes.
     *
     * @param data the signed bytes, exactly as signed
     * @param signature the signature (DER for ECDSA)
     * @return true when the signature is valid for this key; false for any malformed signature
     */
    public boolean verify(byte[] data, byte[] signature) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(signature, "signature");
        try {
            Signature verifier = Signature.getInstance(algorithm.jcaName());
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerificationKey other && other.keyId.equals(keyId);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    /**
     * Returns the algorithm and key id.
     *
     * @return for example {@code VerificationKey[ed25519, 3f1c...]}
     */
    @Override
    public String toString() {
        return "VerificationKey[" + algorithm.id() + ", " + keyId + "]";
    }
}
