package dev.containersec.signature.internal;

import dev.containersec.api.Digest;
import dev.containersec.api.InvalidInputException;
import dev.containersec.signature.SignatureAlgorithm;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Turns DER key structures into JDK keys after checking them with Bouncy Castle's ASN.1 classes (used
 * directly; no JCA provider is installed): SubjectPublicKeyInfo, PKCS#8, SEC1 and PKCS#1. Only ECDSA
 * P-256, Ed25519 and RSA of at least {@link #MIN_RSA_BITS} bits are accepted.
 */
public final class KeyCodec {
    /** The smallest RSA modulus accepted. */
    public static final int MIN_RSA_BITS = 2048;
    /** The largest RSA modulus accepted (verification cost grows with it). */
    public static final int MAX_RSA_BITS = 16384;
    /** id-Ed25519 (RFC 8410). */
    private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

    /**
     * A checked public key.
     *
     * @param algorithm its scheme
     * @param key the JDK key
     */
    public record PublicKeyInfo(SignatureAlgorithm algorithm, PublicKey key) {
    }

    /**
     * A checked private key with its public half.
     *
     * @param algorithm its scheme
     * @param privateKey the JDK private key
     * @param publicKey the JDK public key
     */
    public record PrivateKeyPair(SignatureAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {
    }

    private KeyCodec() {
    }

    /**
     * Returns the key id of a DER SubjectPublicKeyInfo.
     *
     * @param spki the DER encoding
     * @return lower-case hex SHA-256
     */
    public static String keyId(byte[] spki) {
        return Digest.sha256(spki).hex();
    }

    /**
     * Parses a PEM {@code PUBLIC KEY}.
     *
     * @param pem the PEM text
     * @param subject what is being read
     * @return the key
     */
    public static PublicKeyInfo publicKeyPem(byte[] pem, String subject) {
        Pem.Block block = Pem.decode(pem, subject);
        if (!block.label().equals("PUBLIC KEY")) {
            throw new InvalidInputException(subject, "expected a PEM 'PUBLIC KEY' (SubjectPublicKeyInfo), found '"
                    + block.label() + "'" + (block.label().contains("PRIVATE") ? " (a private key: give the public key)" : ""));
        }
        return publicKey(block.der(), subject);
    }

    /**
     * Checks a DER SubjectPublicKeyInfo and makes a JDK key of it.
     *
     * @param der the DER encoding
     * @param subject what is being read
     * @return the key
     */
    public static PublicKeyInfo publicKey(byte[] der, String subject) {
        SubjectPublicKeyInfo spki;
        try {
            spki = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(subject, "not a DER SubjectPublicKeyInfo: " + e.getMessage(), e);
        }
        ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
        try {
            if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                X9ECParameters curve = p256(spki.getAlgorithm().getParameters(), subject);
                ECPoint q = curve.getCurve().decodePoint(spki.getPublicKeyData().getOctets());
                if (q.isInfinity() || !q.isValid()) {
                    throw new InvalidInputException(subject, "EC public key is not a valid P-256 point");
                }
                SubjectPublicKeyInfo canonical = new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1),
                        q.normalize().getEncoded(false));
                return new PublicKeyInfo(SignatureAlgorithm.ECDSA_P256_SHA256,
                        KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(canonical.getEncoded())));
            }
            if (oid.equals(ID_ED25519)) {
                if (spki.getAlgorithm().getParameters() != null || spki.getPublicKeyData().getOctets().length != 32) {
                    throw new InvalidInputException(subject, "malformed Ed25519 public key (32 bytes, no parameters)");
                }
                return new PublicKeyInfo(SignatureAlgorithm.ED25519,
                        KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki.getEncoded())));
            }
            if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                RSAPublicKey rsa = RSAPublicKey.getInstance(spki.parsePublicKey());
                checkRsa(rsa.getModulus(), rsa.getPublicExponent(), subject);
                return new PublicKeyInfo(SignatureAlgorithm.RSA_PKCS1_SHA256,
                        KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki.getEncoded())));
            }
        } catch (GeneralSecurityException | IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new InvalidInputException(subject, "malformed public key: " + e.getMessage(), e);
        }
        throw new InvalidInputException(subject, "unsupported public key algorithm " + oid
                + " (supported: ECDSA P-256, Ed25519, RSA)");
    }

    /**
     * Parses a PEM private key: {@code PRIVATE KEY} (PKCS#8), {@code EC PRIVATE KEY} (SEC1) or
     * {@code RSA PRIVATE KEY} (PKCS#1). Encrypted cosign keys go through {@link CosignEncryptedKey}.
     *
     * @param block the decoded PEM block
     * @param subject what is being read
     * @return the key pair
     */
    public static PrivateKeyPair privateKey(Pem.Block block, String subject) {
        try {
            return switch (block.label()) {
                case "PRIVATE KEY" -> pkcs8(block.der(), subject);
                case "EC PRIVATE KEY" -> {
                    ECPrivateKey sec1 = ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(block.der()));
                    if (sec1.getParametersObject() == null) {
                        throw new InvalidInputException(subject, "SEC1 'EC PRIVATE KEY' names no curve; only P-256 keys are accepted");
                    }
                    p256(sec1.getParametersObject(), subject);
                    yield pkcs8(new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                            SECObjectIdentifiers.secp256r1), sec1).getEncoded(), subject);
                }
                case "RSA PRIVATE KEY" -> {
                    RSAPrivateKey rsa = RSAPrivateKey.getInstance(ASN1Primitive.fromByteArray(block.der()));
                    yield pkcs8(new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                            rsa).getEncoded(), subject);
                }
                case "PUBLIC KEY" -> throw new InvalidInputException(subject, "this is a public key; signing needs the private key");
                case "ENCRYPTED PRIVATE KEY" -> throw new InvalidInputException(subject,
                        "PKCS#8 'ENCRYPTED PRIVATE KEY' is not supported; decrypt it (openssl pkcs8) or use a cosign key");
                default -> throw new InvalidInputException(subject, "unsupported PEM type '" + block.label()
                        + "' (supported: PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY, ENCRYPTED SIGSTORE PRIVATE KEY)");
            };
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new InvalidInputException(subject, "malformed '" + block.label() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Checks a DER PKCS#8 PrivateKeyInfo and makes JDK keys of it.
     *
     * @param der the DER encoding
     * @param subject what is being read
     * @return the key pair
     */
    public static PrivateKeyPair pkcs8(byte[] der, String subject) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
            if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                X9ECParameters curve = p256(info.getPrivateKeyAlgorithm().getParameters(), subject);
                ECPrivateKey sec1 = ECPrivateKey.getInstance(info.parsePrivateKey());
                if (sec1.getParametersObject() != null) {
                    p256(sec1.getParametersObject(), subject);
                }
                BigInteger d = sec1.getKey();
                if (d.signum() <= 0 || d.compareTo(curve.getN()) >= 0) {
                    throw new InvalidInputException(subject, "EC private key is out of range for P-256");
                }
                ECPoint q = curve.getG().multiply(d).normalize();
                DERBitString stored = sec1.getPublicKey() == null ? null : DERBitString.convert(sec1.getPublicKey());
                if (stored != null && !q.equals(curve.getCurve().decodePoint(stored.getOctets()))) {
                    throw new InvalidInputException(subject, "the public key inside the EC private key does not match it");
                }
                byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                        SECObjectIdentifiers.secp256r1), q.getEncoded(false)).getEncoded();
                KeyFactory kf = KeyFactory.getInstance("EC");
                return new PrivateKeyPair(SignatureAlgorithm.ECDSA_P256_SHA256,
                        kf.generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded())),
                        kf.generatePublic(new X509EncodedKeySpec(spki)));
            }
            if (oid.equals(ID_ED25519)) {
                byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
                if (seed.length != 32) {
                    throw new InvalidInputException(subject, "Ed25519 private key must be 32 bytes, not " + seed.length);
                }
                byte[] pub = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
                Arrays.fill(seed, (byte) 0);
                byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(ID_ED25519), pub).getEncoded();
                PrivateKeyInfo plain = new PrivateKeyInfo(new AlgorithmIdentifier(ID_ED25519),
                        info.parsePrivateKey());
                KeyFactory kf = KeyFactory.getInstance("Ed25519");
                return new PrivateKeyPair(SignatureAlgorithm.ED25519,
                        kf.generatePrivate(new PKCS8EncodedKeySpec(plain.getEncoded())),
                        kf.generatePublic(new X509EncodedKeySpec(spki)));
            }
            if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                RSAPrivateKey rsa = RSAPrivateKey.getInstance(info.parsePrivateKey());
                checkRsa(rsa.getModulus(), rsa.getPublicExponent(), subject);
                byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        new RSAPublicKey(rsa.getModulus(), rsa.getPublicExponent())).getEncoded();
                KeyFactory kf = KeyFactory.getInstance("RSA");
                return new PrivateKeyPair(SignatureAlgorithm.RSA_PKCS1_SHA256,
                        kf.generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded())),
                        kf.generatePublic(new X509EncodedKeySpec(spki)));
            }
            throw new InvalidInputException(subject, "unsupported private key algorithm " + oid
                    + " (supported: ECDSA P-256, Ed25519, RSA)");
        } catch (GeneralSecurityException | IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new InvalidInputException(subject, "malformed PKCS#8 private key: " + e.getMessage(), e);
        }
    }

    private static X9ECParameters p256(ASN1Encodable parameters, String subject) {
        if (!(parameters instanceof ASN1ObjectIdentifier curveOid)) {
            throw new InvalidInputException(subject, "EC key with explicit or missing curve parameters; only the named curve P-256 is accepted");
        }
        if (!curveOid.equals(SECObjectIdentifiers.secp256r1)) {
            String name = ECNamedCurveTable.getName(curveOid);
            throw new InvalidInputException(subject, "EC curve " + (name == null ? curveOid.getId() : name + " (" + curveOid + ")")
                    + " is not supported; only P-256 (secp256r1) is accepted");
        }
        return ECNamedCurveTable.getByOID(curveOid);
    }

    private static void checkRsa(BigInteger modulus, BigInteger exponent, String subject) {
        int bits = modulus.bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new InvalidInputException(subject, "RSA key of " + bits + " bits is too small; at least " + MIN_RSA_BITS + " bits are required");
        }
        if (bits > MAX_RSA_BITS) {
            throw new InvalidInputException(subject, "RSA key of " + bits + " bits is larger than the " + MAX_RSA_BITS + " bits accepted");
        }
        if (exponent.signum() <= 0 || !exponent.testBit(0) || exponent.bitLength() > 64) {
            throw new InvalidInputException(subject, "RSA public exponent is not a small odd positive number");
        }
    }
}
