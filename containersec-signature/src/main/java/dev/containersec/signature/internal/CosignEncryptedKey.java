package dev.containersec.signature.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * cosign's password-encrypted private keys ({@code ENCRYPTED SIGSTORE PRIVATE KEY}, and the older
 * {@code ENCRYPTED COSIGN PRIVATE KEY}): the PEM body is the JSON envelope of go-securesystemslib's
 * {@code encrypted} package — {@code {"kdf":{"name":"scrypt","params":{"N":32768,"r":8,"p":1},"salt":B64},
 * "cipher":{"name":"nacl/secretbox","nonce":B64},"ciphertext":B64}} — where the key is scrypt(password,
 * salt) of 32 bytes and the ciphertext is NaCl secretbox (XSalsa20-Poly1305, tag first) of the PKCS#8 DER.
 * scrypt parameters are bounded so that a hostile file cannot demand gigabytes of memory.
 */
public final class CosignEncryptedKey {
    /** The PEM label cosign 2 and later write. */
    public static final String LABEL = "ENCRYPTED SIGSTORE PRIVATE KEY";
    /** The PEM label cosign 1 wrote. */
    public static final String LEGACY_LABEL = "ENCRYPTED COSIGN PRIVATE KEY";
    private static final int MAX_LOG_N = 16;
    private static final int MAX_R = 8;
    private static final int MAX_P = 4;
    private static final int TAG = 16;

    private CosignEncryptedKey() {
    }

    /**
     * Decrypts the envelope of an encrypted cosign key.
     *
     * @param envelopeJson the PEM body (JSON)
     * @param password the password (may be empty, as cosign allows)
     * @param subject what is being read
     * @return the PKCS#8 DER of the private key
     * @throws InvalidInputException when malformed, out of bounds, or the password is wrong
     */
    public static byte[] decrypt(byte[] envelopeJson, char[] password, String subject) {
        JsonNode root = JsonCodec.object(envelopeJson, subject);
        JsonNode kdf = JsonCodec.child(root, "kdf", subject);
        JsonNode cipher = JsonCodec.child(root, "cipher", subject);
        if (!"scrypt".equals(JsonCodec.text(kdf, "name", subject))) {
            throw new InvalidInputException(subject, "unsupported key derivation '" + kdf.path("name").asText() + "' (only scrypt)");
        }
        if (!"nacl/secretbox".equals(JsonCodec.text(cipher, "name", subject))) {
            throw new InvalidInputException(subject, "unsupported cipher '" + cipher.path("name").asText() + "' (only nacl/secretbox)");
        }
        JsonNode params = JsonCodec.child(kdf, "params", subject);
        int n = params.path("N").asInt(-1);
        int r = params.path("r").asInt(-1);
        int p = params.path("p").asInt(-1);
        if (n < 2 || Integer.bitCount(n) != 1 || Integer.numberOfTrailingZeros(n) > MAX_LOG_N || r < 1 || r > MAX_R || p < 1 || p > MAX_P) {
            throw new InvalidInputException(subject, "scrypt parameters N=" + n + " r=" + r + " p=" + p
                    + " are out of bounds (N a power of two up to 2^" + MAX_LOG_N + ", r 1.." + MAX_R + ", p 1.." + MAX_P + ")");
        }
        byte[] salt = base64(kdf, "salt", subject);
        byte[] nonce = base64(cipher, "nonce", subject);
        byte[] box = base64(root, "ciphertext", subject);
        if (nonce.length != 24) {
            throw new InvalidInputException(subject, "secretbox nonce must be 24 bytes, not " + nonce.length);
        }
        if (box.length <= TAG) {
            throw new InvalidInputException(subject, "ciphertext is too short");
        }
        byte[] key = scrypt(password, salt, n, r, p);
        try {
            byte[] plain = open(key, nonce, box);
            if (plain == null) {
                throw new InvalidInputException(subject, "cannot decrypt the key: wrong password (or a corrupted key file)");
            }
            return plain;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Encrypts a PKCS#8 key the way {@code cosign generate-key-pair} does (N=32768, r=8, p=1, 32-byte salt).
     *
     * @param pkcs8 the PKCS#8 DER
     * @param password the password
     * @param random the randomness for salt and nonce
     * @return the PEM text
     */
    public static String encrypt(byte[] pkcs8, char[] password, SecureRandom random) {
        byte[] salt = new byte[32];
        byte[] nonce = new byte[24];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        byte[] key = scrypt(password, salt, 32768, 8, 1);
        byte[] box = seal(key, nonce, pkcs8);
        Arrays.fill(key, (byte) 0);
        Map<String, Object> kdf = new LinkedHashMap<>();
        kdf.put("name", "scrypt");
        kdf.put("params", new LinkedHashMap<>(Map.of("N", 32768, "r", 8, "p", 1)));
        kdf.put("salt", Base64.getEncoder().encodeToString(salt));
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("kdf", kdf);
        envelope.put("cipher", Map.of("name", "nacl/secretbox", "nonce", Base64.getEncoder().encodeToString(nonce)));
        envelope.put("ciphertext", Base64.getEncoder().encodeToString(box));
        return Pem.encode(LABEL, JsonCodec.write(envelope));
    }

    private static byte[] scrypt(char[] password, byte[] salt, int n, int r, int p) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] pw = new byte[encoded.remaining()];
        encoded.get(pw);
        try {
            return SCrypt.generate(pw, salt, n, r, p, 32);
        } finally {
            Arrays.fill(pw, (byte) 0);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
        }
    }

    /** NaCl crypto_secretbox_open: returns null when the tag does not verify. */
    static byte[] open(byte[] key, byte[] nonce, byte[] box) {
        byte[] stream = keystream(key, nonce, 32 + box.length - TAG);
        byte[] tag = poly1305(Arrays.copyOfRange(stream, 0, 32), box, TAG, box.length - TAG);
        if (!org.bouncycastle.util.Arrays.constantTimeAreEqual(tag, Arrays.copyOfRange(box, 0, TAG))) {
            return null;
        }
        byte[] plain = new byte[box.length - TAG];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (box[TAG + i] ^ stream[32 + i]);
        }
        return plain;
    }

    /** NaCl crypto_secretbox: tag (16 bytes) followed by the ciphertext. */
    static byte[] seal(byte[] key, byte[] nonce, byte[] message) {
        byte[] stream = keystream(key, nonce, 32 + message.length);
        byte[] box = new byte[TAG + message.length];
        for (int i = 0; i < message.length; i++) {
            box[TAG + i] = (byte) (message[i] ^ stream[32 + i]);
        }
        byte[] tag = poly1305(Arrays.copyOfRange(stream, 0, 32), box, TAG, message.length);
        System.arraycopy(tag, 0, box, 0, TAG);
        return box;
    }

    private static byte[] keystream(byte[] key, byte[] nonce, int length) {
        XSalsa20Engine engine = new XSalsa20Engine();
        engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] out = new byte[length];
        engine.processBytes(new byte[length], 0, length, out, 0);
        return out;
    }

    private static byte[] poly1305(byte[] oneTimeKey, byte[] data, int offset, int length) {
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(oneTimeKey));
        mac.update(data, offset, length);
        byte[] tag = new byte[TAG];
        mac.doFinal(tag, 0);
        return tag;
    }

    private static byte[] base64(JsonNode node, String field, String subject) {
        try {
            return Base64.getDecoder().decode(JsonCodec.text(node, field, subject));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(subject, "field '" + field + "' is not valid base64", e);
        }
    }
}
