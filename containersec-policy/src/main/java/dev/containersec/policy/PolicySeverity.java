package dev.containersec.policy;

import java.util.Locale;

/**
 * How serious a policy violation is, most severe first. {@code containersec-api} has no severity type yet;
 * the names match the vulnerability severities scanners use ({@code CRITICAL} ... {@code LOW}) plus
 * {@code INFO}, so a future API-level severity can map one to one.
 */
public enum PolicySeverity {
    /** Must be fixed before anything ships. */
    CRITICAL,
    /** Serious weakness. */
    HIGH,
    /** The default for policies that name no severity. */
    MEDIUM,
    /** Hardening advice. */
    LOW,
    /** Informational only. */
    INFO;

    /**
     * Parses a severity name, ignoring case.
     *
     * @param text e.g. {@code high}
     * @return the severity
     * @throws IllegalArgumentException naming the allowed values if the text is none of them
     */
    public static PolicySeverity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown severity '" + text
                    + "'; expected one of critical, high, medium, low, info", e);
        }
    }
}
