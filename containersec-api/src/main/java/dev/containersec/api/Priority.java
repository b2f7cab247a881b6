package dev.containersec.api;

import java.util.Locale;
import java.util.Objects;

/**
 * The priority of a rule and of the alerts it raises, with Falco's eight levels (syslog's severities),
 * most severe first.
 *
 * @see <a href="https://falco.org/docs/concepts/rules/basic-elements/#priority">Falco rule priority</a>
 */
public enum Priority {
    /** The system is unusable. */
    EMERGENCY("Emergency"),
    /** Action must be taken immediately. */
    ALERT("Alert"),
    /** Critical conditions. */
    CRITICAL("Critical"),
    /** Error conditions. */
    ERROR("Error"),
    /** Warning conditions. */
    WARNING("Warning"),
    /** Normal but significant conditions. */
    NOTICE("Notice"),
    /** Informational messages. */
    INFORMATIONAL("Informational"),
    /** Debug-level messages. */
    DEBUG("Debug");

    private final String falcoName;

    Priority(String falcoName) {
        this.falcoName = falcoName;
    }

    /**
     * Parses a priority as Falco does: case-insensitive, with {@code info} accepted for
     * {@link #INFORMATIONAL}.
     *
     * @param text the priority, e.g. {@code WARNING}, {@code Critical} or {@code info}
     * @return the priority
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Priority parse(String text) {
        Objects.requireNonNull(text, "text");
        String lower = text.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("info")) {
            return INFORMATIONAL;
        }
        for (Priority p : values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(lower)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown priority '" + text + "'; expected one of emergency, alert, "
                + "critical, error, warning, notice, informational (or info), debug");
    }

    /**
     * Returns the capitalised name Falco prints in alerts, e.g. {@code Critical}.
     *
     * @return the display name
     */
    public String falcoName() {
        return falcoName;
    }

    /**
     * Tells whether this priority is at least as severe as another.
     *
     * @param other the threshold
     * @return true if this priority is {@code other} or more severe
     */
    public boolean isAtLeast(Priority other) {
        return ordinal() <= other.ordinal();
    }
}
