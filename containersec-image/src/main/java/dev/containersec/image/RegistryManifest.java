package dev.containersec.image;

import dev.containersec.api.Digest;
import java.util.Objects;

/**
 * A manifest (or index) as a registry served it: its digest, verified against the bytes, its media
 * type, and the exact bytes (which the digest covers, so they are never re-serialised).
 *
 * @param digest the digest of {@link #bytes()}
 * @param mediaType the media type, e.g. {@code application/vnd.oci.image.manifest.v1+json}
 * @param bytes the document bytes (copied in and out)
 */
public record RegistryManifest(Digest digest, String mediaType, byte[] bytes) {

    /**
     * Copies the bytes and checks that the digest matches them.
     *
     * @throws IllegalArgumentException if the digest is not the digest of the bytes or the media type is blank
     */
    public RegistryManifest {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(mediaType, "mediaType");
        bytes = bytes.clone();
        if (mediaType.isBlank()) {
            throw new IllegalArgumentException("manifest media type is blank");
        }
        if (!digest.matches(bytes)) {
            throw new IllegalArgumentException("manifest bytes do not match digest " + digest);
        }
    }

    /**
     * Creates a manifest from bytes, computing the sha256 digest.
     *
     * @param mediaType the media type
     * @param bytes the document bytes
     * @return the manifest
     */
    public static RegistryManifest of(String mediaType, byte[] bytes) {
        return new RegistryManifest(Digest.sha256(bytes), mediaType, bytes);
    }

    /**
     * Returns a copy of the document bytes.
     *
     * @return the bytes
     */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Compares digest and media type (the digest covers the bytes).
     *
     * @param o the other object
     * @return whether both name the same document with the same media type
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof RegistryManifest m && m.digest.equals(digest) && m.mediaType.equals(mediaType);
    }

    /**
     * Hashes digest and media type.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(digest, mediaType);
    }

    /**
     * Describes the manifest without its bytes.
     *
     * @return for example {@code RegistryManifest[sha256:..., application/vnd.oci.image.manifest.v1+json, 512 bytes]}
     */
    @Override
    public String toString() {
        return "RegistryManifest[" + digest + ", " + mediaType + ", " + bytes.length + " bytes]";
    }
}
