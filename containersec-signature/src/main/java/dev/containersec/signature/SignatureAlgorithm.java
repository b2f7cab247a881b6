package dev.containersec.signature;

/**
 * The signature schemes this module signs and verifies with, as cosign (sigstore's
 * {@code LoadSignerVerifier}) uses them for keys of each type.
 */
public enum SignatureAlgorithm {
    /** ECDSA on NIST P-256 over SHA-256, signature in ASN.1 DER. */
    ECDSA_P256_SHA256("ecdsa-p256-sha256", "SHA256withECDSA"),
    /** Ed25519 (pure, RFC 8032): the message is signed as is. */
    ED25519("ed25519", "Ed25519"),
    /** RSASSA-PKCS1-v1_5 over SHA-256, modulus of at least 2048 bits. */
    RSA_PKCS1_SHA256("rsa-pkcs1v15-sha256", "SHA256withRSA");

    private final String id;
    private final String jcaName;

    SignatureAlgorithm(String id, String jcaName) {
        this.id = id;
        this.jcaName = jcaName;
    }

    /**
     * Returns the stable name used in results, facts and JSON output.
     *
     * @return for example {@code ecdsa-p256-sha256}
     */
    public String id() {
        return id;
    }

    /**
     * Returns the JDK standard name of the signature scheme.
     *
     * @return for example {@code SHA256withECDSA}
     */
    public String jcaName() {
        return jcaName;
    }
}
