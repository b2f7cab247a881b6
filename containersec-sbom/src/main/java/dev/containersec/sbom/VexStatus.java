package dev.containersec.sbom;

import java.util.Locale;
import java.util.Optional;

/**
 * The status a VEX statement gives a vulnerability in a product: OpenVEX's four statuses, to which
 * CycloneDX's {@code analysis.state} values are mapped ({@code not_affected}, {@code false_positive} →
 * {@link #NOT_AFFECTED}; {@code exploitable} → {@link #AFFECTED}; {@code resolved},
 * {@code resolved_with_pedigree} → {@link #FIXED}; {@code in_triage} → {@link #UNDER_INVESTIGATION}).
 *
 * @see <a href="https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md#status-labels">OpenVEX status labels</a>
 */
public enum VexStatus {
    /** The product is not affected; with a justification it suppresses the finding. */
    NOT_AFFECTED,
    /** The product is affected. */
    AFFECTED,
    /** The product contains a fix. */
    FIXED,
    /** Not known yet. */
    UNDER_INVESTIGATION;

    /**
     * Returns the OpenVEX label.
     *
     * @return for example {@code not_affected}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads an OpenVEX status label.
     *
     * @param label for example {@code not_affected}
     * @return the status, or empty for anything else
     */
    public static Optional<VexStatus> fromOpenVex(String label) {
        for (VexStatus s : values()) {
            if (s.label().equals(label)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Reads a CycloneDX {@code analysis.state}.
     *
     * @param state for example {@code not_affected} or {@code in_triage}
     * @return the status, or empty for anything else
     */
    public static Optional<VexStatus> fromCycloneDx(String state) {
        switch (state) {
            case "not_affected":
            case "false_positive":
                return Optional.of(NOT_AFFECTED);
            case "exploitable":
                return Optional.of(AFFECTED);
            case "resolved":
            case "resolved_with_pedigree":
                return Optional.of(FIXED);
            case "in_triage":
                return Optional.of(UNDER_INVESTIGATION);
            default:
                return Optional.empty();
        }
    }
}
