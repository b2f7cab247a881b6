package dev.containersec.api;

import java.util.Locale;
import java.util.Optional;

/**
 * How severe a vulnerability is, in the four qualitative bands of CVSS v3.1 plus {@link #UNKNOWN}.
 *
 * <p>Declared from most to least severe, so {@link #compareTo(Enum)} orders CRITICAL first;
 * {@link #isAtLeast(Severity)} is the comparison a gate ({@code --fail-on}) wants.
 *
 * @see <a href="https://www.first.org/cvss/v3.1/specification-document#Qualitative-Severity-Rating-Scale">CVSS v3.1
 *     qualitative severity rating scale</a>
 */
public enum Severity {
    /** CVSS 9.0-10.0. */
    CRITICAL,
    /** CVSS 7.0-8.9. */
    HIGH,
    /** CVSS 4.0-6.9; GitHub's "moderate", Red Hat's "moderate". */
    MEDIUM,
    /** CVSS 0.1-3.9. */
    LOW,
    /** No severity was given or it could not be read. */
    UNKNOWN;

    /**
     * Tells whether this severity is at least as severe as another; {@link #UNKNOWN} is below every band.
     *
     * @param threshold the band to compare with
     * @return true when this band is {@code threshold} or more severe
     */
    public boolean isAtLeast(Severity threshold) {
        return ordinal() <= threshold.ordinal();
    }

    /**
     * Reads a severity label as advisory databases write it, ignoring case: the band names, and the
     * synonyms {@code moderate} (GitHub, Red Hat), {@code important} (Red Hat: HIGH) and {@code negligible}
     * (LOW).
     *
     * @param label for example {@code "MODERATE"} or {@code "Important"}
     * @return the band, or empty when the label is none of these
     */
    public static Optional<Severity> fromLabel(String label) {
        switch (label.strip().toLowerCase(Locale.ROOT)) {
            case "critical":
                return Optional.of(CRITICAL);
            case "high":
            case "important":
                return Optional.of(HIGH);
            case "medium":
            case "moderate":
                return Optional.of(MEDIUM);
            case "low":
            case "negligible":
                return Optional.of(LOW);
            default:
                return Optional.empty();
        }
    }

    /**
     * Maps a CVSS base score to its band.
     *
     * @param score 0.0 to 10.0
     * @return the band; {@link #UNKNOWN} for 0.0 (CVSS "none") and for values out of range
     */
    public static Severity fromScore(double score) {
        if (score >= 9.0 && score <= 10.0) {
            return CRITICAL;
        }
        if (score >= 7.0 && score < 9.0) {
            return HIGH;
        }
        if (score >= 4.0 && score < 7.0) {
            return MEDIUM;
        }
        if (score > 0.0 && score < 4.0) {
            return LOW;
        }
        return UNKNOWN;
    }
}
