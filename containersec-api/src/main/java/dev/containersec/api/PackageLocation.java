package dev.containersec.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a package was found: the file that declared it and the layer that file came from.
 *
 * @param path the absolute path in the image's merged view (for a nested archive,
 *     {@code outer.jar!/BOOT-INF/lib/inner.jar})
 * @param layerIndex the providing layer's index, 0 for the bottom layer; -1 when not from an image
 * @param layerDigest the providing layer's digest, when from an image
 */
public record PackageLocation(String path, int layerIndex, Optional<Digest> layerDigest) {

    /** Checks for nulls. */
    public PackageLocation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(layerDigest, "layerDigest");
        if (layerIndex < -1) {
            throw new IllegalArgumentException("layerIndex must be >= -1: " + layerIndex);
        }
    }

    /**
     * Returns the location of a file of the merged view.
     *
     * @param entry the file
     * @return its location
     */
    public static PackageLocation of(FileEntry entry) {
        return new PackageLocation(entry.path(), entry.layerIndex(), Optional.of(entry.layerDigest()));
    }
}
