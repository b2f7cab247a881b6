package dev.containersec.image;

import dev.containersec.api.Descriptor;
import dev.containersec.api.Digest;
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
     * Returns the digest the location resolved to at the top, before any platform was chosen: what a
     * registry serves for the tag and what cosign signs. It is
     * <ul>
     * <li>the location's {@code @DIGEST} when it names one;</li>
     * <li>for {@code registry:} by tag, the digest of the manifest or index the registry served for the tag
     *     (computed over the bytes read);</li>
     * <li>for {@code oci:} and {@code oci-archive:}, the digest of the {@code index.json} entry chosen (by
     *     tag, as the only image, or by platform when {@code index.json} itself lists the platforms);</li>
     * <li>empty for {@code docker-archive:}, which stores no manifest (its config digest is not a manifest
     *     digest and no signature names it).</li>
     * </ul>
     * For a multi-platform index it is the index digest, not {@link ImageManifest#digest()} (the chosen
     * platform's manifest); for a single manifest the two are equal. Read once when the image was opened, so
     * checks that must concern the same image (signatures, attestations) can pin it instead of resolving the
     * tag again.
     *
     * <p>The default returns {@code manifest().digest()}, right only for images opened from a single manifest;
     * the images {@link ImageReader} opens override it.
     *
     * @return the resolved digest, or empty when the format has none
     */
    default Optional<Digest> resolvedDigest() {
        return manifest().digest();
    }

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
