package dev.containersec.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What a cataloger may know about the image when it turns the files it saw into packages.
 *
 * @param os the operating system detected in the same walk, when any
 * @param limits the bounds in force (nested archive depth and bytes, document sizes)
 */
public record CatalogContext(Optional<OsRelease> os, ScanLimits limits) {

    /** Checks for nulls. */
    public CatalogContext {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(limits, "limits");
    }
}
