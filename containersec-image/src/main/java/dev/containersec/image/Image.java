package dev.containersec.image;

import dev.containersec.api.Descriptor;
import dev.containersec.api.ImageConfig;
import dev.containersec.api.OsRelease;
import dev.containersec.api.Platform;
import java.util.List;
import java.util.Optional;

/**
 * An opened image: its manifest and configuration, already read and verified, and walks over its
 * layers. Obtained from {@link ImageReader#open(String)}; close it to release the underlying files.
 *
 * <p>An {@code Image} may be walked any number of times; walks on different threads are safe, each
 * reading the blobs afresh and verifying their digests as it goes.
 */
public interface Image extends AutoCloseable {

    /**
     * Returns where the image was read from, with the transport resolved.
     *
     * @return the location
     */
    ImageLocation location();

    /**
     * Returns the platforms the location offers (from its index), or the image's own platform when
     * the location holds a single manifest.
     *
     * @return the available platforms, never empty
     */
    List<Platform> availablePlatforms();

    /**
     * Returns the manifest that was chosen.
     *
     * @return the manifest
     */
    ImageManifest manifest();

    /**
     * Returns the image configuration.
     *
     * @return the configuration
     */
    ImageConfig config();

    /**
     * Returns the layers, bottom first (the same as {@code manifest().layers()}).
     *
     * @return the layer descriptors
     */
    default List<Descriptor> layers() {
        return manifest().layers();
    }

    /**
     * Reads the layers once, top layer first, doing what the walk asks for, and tells the walk's
     * {@linkplain FileWalk#completion() completion callback} (when set) before returning.
     *
     * @param walk the listing and contents to produce
     * @return what the walk found, including the operating system and any skipped entries
     * @throws dev.containersec.api.InvalidInputException if a layer is malformed or hostile
     * @throws dev.containersec.api.DigestMismatchException if a blob does not match its digest;
     *     everything delivered by this walk must then be discarded
     * @throws dev.containersec.api.LimitExceededException if a {@link dev.containersec.api.ScanLimits} bound is hit
     */
    WalkResult walk(FileWalk walk);

    /**
     * Detects the operating system from the release files in the merged view ({@code /etc/os-release},
     * {@code /usr/lib/os-release}, {@code /etc/alpine-release}, {@code /etc/debian_version},
     * {@code /etc/redhat-release}). Reads every layer once.
     *
     * @return the operating system, or empty when the image holds no release file
     */
    default Optional<OsRelease> detectOs() {
        return walk(FileWalk.builder().build()).os();
    }

    /**
     * Releases the files this image holds open. Never throws.
     */
    @Override
    void close();
}
