package dev.containersec.policy;

import java.util.Locale;
import java.util.Objects;

/**
 * A Pod Security Standards level, as named by the namespace label
 * {@code pod-security.kubernetes.io/enforce}.
 *
 * @see <a href="https://kubernetes.io/docs/concepts/security/pod-security-standards/">Pod Security Standards</a>
 */
public enum PssLevel {
    /** Unrestricted: no check applies. */
    PRIVILEGED,
    /** Minimally restrictive: prevents known privilege escalations (the {@code pss-baseline} pack). */
    BASELINE,
    /** Heavily restricted, current pod hardening practice (the {@code pss-restricted} pack). */
    RESTRICTED;

    /**
     * Returns the label value Kubernetes uses.
     *
     * @return {@code privileged}, {@code baseline} or {@code restricted}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a label value.
     *
     * @param label {@code privileged}, {@code baseline} or {@code restricted}
     * @return the level
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static PssLevel parse(String label) {
        Objects.requireNonNull(label, "label");
        for (PssLevel level : values()) {
            if (level.label().equals(label)) {
                return level;
            }
        }
        throw new IllegalArgumentException("not a Pod Security Standards level: '" + label
                + "' (expected privileged, baseline or restricted)");
    }

    /**
     * Returns {@link #label()}.
     *
     * @return the label value
     */
    @Override
    public String toString() {
        return label();
    }
}
