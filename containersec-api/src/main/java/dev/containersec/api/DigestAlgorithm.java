package dev.containersec.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The digest algorithms the OCI image specification registers for content addressing.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests">OCI descriptor digests</a>
 */
public enum DigestAlgorithm {
    /** SHA-256, 64 lower-case hex characters. The default for OCI and Docker content. */
    SHA256("sha256", "SHA-256", 64),
    /** SHA-512, 128 lower-case hex characters. */
    SHA512("sha512", "SHA-512", 128);

    private final String ociName;
    private final String jcaName;
    private final int hexLength;

    DigestAlgorithm(String ociName, String jcaName, int hexLength) {
        this.ociName = ociName;
        this.jcaName = jcaName;
        this.hexLength = hexLength;
    }

    /**
     * Returns the name used in digest strings, e.g. {@code sha256}.
     *
     * @return the OCI algorithm identifier
     */
    public String ociName() {
        return ociName;
    }

    /**
     * Returns the number of hex characters an encoded digest of this algorithm has.
     *
     * @return 64 for SHA-256, 128 for SHA-512
     */
    public int hexLength() {
        return hexLength;
    }

    /**
     * Creates a new, unshared message digest for this algorithm.
     *
     * @return a fresh {@link MessageDigest}
     */
    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new ContainerSecException("the JDK lacks " + jcaName, e);
        }
    }

    /**
     * Finds the algorithm for an OCI identifier.
     *
     * @param name the identifier, e.g. {@code sha256}
     * @return the algorithm
     * @throws IllegalArgumentException if the name is not a supported algorithm
     */
    public static DigestAlgorithm fromOciName(String name) {
        for (DigestAlgorithm a : values()) {
            if (a.ociName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unsupported digest algorithm '" + name.toLowerCase(Locale.ROOT)
                + "'; supported: sha256, sha512");
    }
}
