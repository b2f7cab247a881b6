package dev.containersec.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of an image's build history, from the image configuration.
 *
 * @param created when the step ran, if recorded
 * @param createdBy the command that produced the step, e.g. {@code /bin/sh -c apt-get install ...}
 * @param comment a free-form comment, empty when absent
 * @param author the step's author, empty when absent
 * @param emptyLayer true when the step produced no filesystem layer (ENV, CMD, LABEL...)
 */
public record HistoryEntry(Optional<Instant> created, String createdBy, String comment, String author,
                           boolean emptyLayer) {

    /** Checks for nulls. */
    public HistoryEntry {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(author, "author");
    }
}
