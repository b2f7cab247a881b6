package dev.containersec.api;

import java.util.Objects;

/**
 * An entry of untrusted input that was deliberately skipped, and why.
 *
 * @param where where it was found, e.g. {@code layer 2 (sha256:ab12...)}
 * @param path the entry's path as stored (sanitised for display: control characters escaped)
 * @param reason why it was skipped
 * @param detail a short human explanation
 */
public record SkippedEntry(String where, String path, SkipReason reason, String detail) {

    /** Checks for nulls. */
    public SkippedEntry {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
