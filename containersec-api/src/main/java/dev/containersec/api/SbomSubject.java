package dev.containersec.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an SBOM describes: for an image, where it was read from and its identifying digests.
 *
 * @param name how the subject was named, e.g. {@code oci-archive:app.tar} or an SBOM's own name
 * @param manifestDigest the image manifest's digest, when known
 * @param configDigest the image configuration's digest (the image id), when known
 * @param platform the image platform, when known
 * @param os the operating system, when detected
 * @param layers the layer digests, bottom first (empty when not from an image)
 */
public record SbomSubject(String name, Optional<Digest> manifestDigest, Optional<Digest> configDigest,
                          Optional<Platform> platform, Optional<OsRelease> os, List<Digest> layers) {

    /** Checks for nulls and copies the list. */
    public SbomSubject {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(configDigest, "configDigest");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(os, "os");
        layers = List.copyOf(layers);
    }
}
