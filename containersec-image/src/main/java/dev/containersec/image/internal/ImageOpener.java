package dev.containersec.image.internal;

import dev.containersec.api.Platform;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.Image;
import dev.containersec.image.ImageLocation;

/** Resolves a location to a transport and opens the image. */
public final class ImageOpener {
    private ImageOpener() {
    }

    /**
     * Opens an image.
     *
     * @param location where
     * @param platform which platform
     * @param limits the bounds
     * @return the image
     */
    public static Image open(ImageLocation location, Platform platform, ScanLimits limits) {
        throw new UnsupportedOperationException("being implemented");
    }
}
