package dev.containersec.image;

import java.util.Optional;

/**
 * Where an image is read from, named as skopeo names its transports.
 *
 * @see <a href="https://github.com/containers/image/blob/main/docs/containers-transports.5.md">containers-transports(5)</a>
 */
public enum Transport {
    /** An OCI image layout directory: {@code oci:DIR[:TAG|@DIGEST]}. */
    OCI("oci"),
    /** A tar archive of an OCI image layout: {@code oci-archive:FILE[:TAG|@DIGEST]}. */
    OCI_ARCHIVE("oci-archive"),
    /** A {@code docker save} tarball, legacy or OCI-flavoured: {@code docker-archive:FILE[:REPO:TAG]}. */
    DOCKER_ARCHIVE("docker-archive"),
    /** An OCI distribution registry: {@code registry:HOST[:PORT]/REPO[:TAG|@DIGEST]}, read through {@link RegistryClient}. */
    REGISTRY("registry");

    private final String prefix;

    Transport(String prefix) {
        this.prefix = prefix;
    }

    /**
     * Returns the prefix used on the command line, without the colon.
     *
     * @return for example {@code oci-archive}
     */
    public String prefix() {
        return prefix;
    }

    /**
     * Finds the transport for a prefix.
     *
     * @param prefix for example {@code oci}
     * @return the transport, or empty when no transport has that prefix
     */
    public static Optional<Transport> fromPrefix(String prefix) {
        for (Transport t : values()) {
            if (t.prefix.equals(prefix)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
