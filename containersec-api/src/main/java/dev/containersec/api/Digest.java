package dev.containersec.api;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest such as {@code sha256:2c26b46b...}: an algorithm and its lower-case hex encoding.
 * {@link #toString()} gives the canonical form, which {@link #parse(String)} reads back.
 *
 * @param algorithm the digest algorithm
 * @param hex the lower-case hex encoding, of exactly {@link DigestAlgorithm#hexLength()} characters
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests">OCI descriptor digests</a>
 */
public record Digest(DigestAlgorithm algorithm, String hex) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the hex encoding has the wrong length or characters
     */
    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != algorithm.hexLength()) {
            throw new IllegalArgumentException("a " + algorithm.ociName() + " digest has "
                    + algorithm.hexLength() + " hex characters, not " + hex.length());
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new IllegalArgumentException("digest hex must be lower-case [0-9a-f], found '" + c
                        + "' at position " + i);
            }
        }
    }

    /**
     * Parses a digest string of the form {@code algorithm:hex}.
     *
     * @param text for example {@code sha256:e3b0c442...}
     * @return the digest
     * @throws IllegalArgumentException naming the bad value when the text is not a valid digest
     */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not a digest (expected algorithm:hex): '" + abbreviate(text) + "'");
        }
        return new Digest(DigestAlgorithm.fromOciName(text.substring(0, colon)), text.substring(colon + 1));
    }

    /**
     * Computes the SHA-256 digest of some bytes.
     *
     * @param content the bytes
     * @return their digest
     */
    public static Digest sha256(byte[] content) {
        return of(DigestAlgorithm.SHA256, content);
    }

    /**
     * Computes the digest of some bytes with a given algorithm.
     *
     * @param algorithm the algorithm
     * @param content the bytes
     * @return their digest
     */
    public static Digest of(DigestAlgorithm algorithm, byte[] content) {
        return fromBytes(algorithm, algorithm.newMessageDigest().digest(content));
    }

    /**
     * Wraps a raw digest value.
     *
     * @param algorithm the algorithm that produced it
     * @param digestBytes the raw digest bytes
     * @return the digest
     */
    public static Digest fromBytes(DigestAlgorithm algorithm, byte[] digestBytes) {
        return new Digest(algorithm, HexFormat.of().formatHex(digestBytes));
    }

    /**
     * Tells whether some bytes have this digest.
     *
     * @param content the bytes to check
     * @return true when the digest of {@code content} equals this digest
     */
    public boolean matches(byte[] content) {
        return of(algorithm, content).equals(this);
    }

    /**
     * Returns a short form for display: the algorithm and the first 12 hex characters.
     *
     * @return for example {@code sha256:2c26b46b68ff}
     */
    public String shortForm() {
        return algorithm.ociName() + ":" + hex.substring(0, 12);
    }

    /**
     * Returns the canonical form, {@code algorithm:hex}.
     *
     * @return the digest string
     */
    @Override
    public String toString() {
        return algorithm.ociName() + ":" + hex;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
