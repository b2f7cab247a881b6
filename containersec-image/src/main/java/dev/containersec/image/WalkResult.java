package dev.containersec.image;

import dev.containersec.api.OsRelease;
import dev.containersec.api.SkippedEntry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a walk over an image's layers found, besides what it handed to its consumers.
 *
 * @param os the operating system the image's files declare, when any release file is present
 * @param layers the number of layers read
 * @param entries tar entries read in all layers (visible or not)
 * @param visibleEntries entries in the merged view
 * @param compressedBytes blob bytes read and verified
 * @param uncompressedBytes bytes the layers decompressed to
 * @param filesDelivered content deliveries made to the content handler
 * @param skipped entries skipped, each with its reason (at most {@code ScanLimits.maxSkipsListed()})
 * @param skippedNotListed further skipped entries, counted but not listed
 * @param elapsed how long the walk took
 */
public record WalkResult(Optional<OsRelease> os, int layers, long entries, long visibleEntries, long compressedBytes,
                         long uncompressedBytes, long filesDelivered, List<SkippedEntry> skipped,
                         long skippedNotListed, Duration elapsed) {

    /** Copies the list and checks for nulls. */
    public WalkResult {
        Objects.requireNonNull(os, "os");
        skipped = List.copyOf(skipped);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * Returns the total number of skipped entries.
     *
     * @return listed plus unlisted skips
     */
    public long skippedTotal() {
        return skipped.size() + skippedNotListed;
    }
}
