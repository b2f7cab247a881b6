package dev.containersec.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An OCI content descriptor: what a blob is, its digest and its size, as found in an index or manifest.
 *
 * @param mediaType the media type, e.g. {@code application/vnd.oci.image.layer.v1.tar+gzip}
 * @param digest the content digest that every read of the blob is verified against
 * @param size the blob size in bytes; {@code -1} where the format does not record it (docker-archive)
 * @param annotations the descriptor's annotations, sorted by key
 * @param platform the platform, for manifests listed in an index
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md">OCI content descriptors</a>
 */
public record Descriptor(String mediaType, Digest digest, long size, Map<String, String> annotations,
                         Optional<Platform> platform) {

    /** Media type of an OCI image index. */
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** Media type of an OCI image manifest. */
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    /** Media type of a Docker manifest list. */
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    /** Media type of a Docker image manifest, schema 2. */
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the size is below -1
     */
    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(platform, "platform");
        if (size < -1) {
            throw new IllegalArgumentException("descriptor size must be >= 0 (or -1 for unknown): " + size);
        }
        annotations = Map.copyOf(annotations);
    }

    /**
     * Creates a descriptor without annotations or platform.
     *
     * @param mediaType the media type
     * @param digest the digest
     * @param size the size in bytes
     * @return the descriptor
     */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, Map.of(), Optional.empty());
    }

    /**
     * Returns the annotations sorted by key, for stable output.
     *
     * @return a sorted copy of the annotations
     */
    public Map<String, String> sortedAnnotations() {
        return new TreeMap<>(annotations);
    }

    /**
     * Tells whether this descriptor names an image index or a Docker manifest list.
     *
     * @return true for index media types
     */
    public boolean isIndex() {
        return mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_MANIFEST_LIST);
    }
}
