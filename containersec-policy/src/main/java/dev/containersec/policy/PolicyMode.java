package dev.containersec.policy;

import java.util.Locale;

/**
 * What a violation does, as ValidatingAdmissionPolicyBinding's {@code validationActions}: a {@link #DENY}
 * violation makes the input not allowed; {@link #WARN} and {@link #AUDIT} violations are reported only.
 * Ordered from strongest to weakest.
 */
public enum PolicyMode {
    /** The input is rejected ({@code Deny}). */
    DENY,
    /** The input is allowed with a warning ({@code Warn}). */
    WARN,
    /** The input is allowed; the violation is recorded for audit ({@code Audit}). */
    AUDIT;

    /**
     * Parses a mode as Kubernetes spells it ({@code Deny}, {@code Warn}, {@code Audit}), ignoring case.
     *
     * @param text the text
     * @return the mode
     * @throws IllegalArgumentException naming the allowed values if the text is none of them
     */
    public static PolicyMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown validation action '" + text
                    + "'; expected Deny, Warn or Audit", e);
        }
    }
}
