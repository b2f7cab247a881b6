package dev.containersec.sbom.internal.document;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * What a writer adds besides the SBOM itself.
 *
 * @param created the creation time to record, or empty for none (deterministic output)
 * @param toolVersion the containersec version to record as the producing tool, when known
 */
public record WriteOptions(Optional<Instant> created, Optional<String> toolVersion) {

    /** Checks for nulls. */
    public WriteOptions {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(toolVersion, "toolVersion");
    }

    /**
     * Formats an instant as both formats want it: UTC, whole seconds, e.g. {@code 2024-01-01T00:00:00Z}.
     *
     * @param t the instant
     * @return the text
     */
    public static String timestamp(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
