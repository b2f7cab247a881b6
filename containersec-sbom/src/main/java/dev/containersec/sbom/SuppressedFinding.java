package dev.containersec.sbom;

import dev.containersec.api.Finding;
import java.util.Objects;
import java.util.Optional;

/**
 * A finding that a VEX statement or an ignore rule suppressed.
 *
 * @param finding the finding
 * @param reason why, e.g. {@code VEX not_affected (vulnerable_code_not_present) in vex.json}
 * @param vexJustification the justification label of the VEX statement that suppressed it; empty when an
 *     ignore rule did
 */
public record SuppressedFinding(Finding finding, String reason, Optional<String> vexJustification) {

    /** Checks for nulls. */
    public SuppressedFinding {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(vexJustification, "vexJustification");
    }
}
