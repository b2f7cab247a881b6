package dev.containersec.sbom;

import java.util.Objects;

/**
 * One event of an OSV range: the version at which a vulnerability was introduced, fixed, last seen, or
 * beyond which the range does not reach.
 *
 * @param kind what happens at this version
 * @param version the version, in the range's scheme; {@code "0"} for {@link Kind#INTRODUCED} means "from
 *     the very first version", and {@code "*"} for {@link Kind#LIMIT} means "no limit"
 * @see <a href="https://ossf.github.io/osv-schema/#affectedrangesevents-fields">OSV schema: events</a>
 */
public record OsvEvent(Kind kind, String version) {

    /** The kinds of OSV range events. */
    public enum Kind {
        /** Versions from here on are affected (JSON key {@code introduced}). */
        INTRODUCED("introduced"),
        /** Versions from here on are not affected (JSON key {@code fixed}). */
        FIXED("fixed"),
        /** Versions after this one are not affected (JSON key {@code last_affected}). */
        LAST_AFFECTED("last_affected"),
        /** Only versions before this one can be affected by the range (JSON key {@code limit}). */
        LIMIT("limit");

        private final String jsonKey;

        Kind(String jsonKey) {
            this.jsonKey = jsonKey;
        }

        /**
         * Returns the key naming this event in OSV JSON.
         *
         * @return for example {@code "last_affected"}
         */
        public String jsonKey() {
            return jsonKey;
        }
    }

    /**
     * Validates the event.
     *
     * @throws IllegalArgumentException if the version is empty
     */
    public OsvEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(version, "version");
        if (version.isEmpty()) {
            throw new IllegalArgumentException("an OSV " + kind.jsonKey() + " event needs a non-empty version");
        }
    }

    /**
     * Creates an {@code introduced} event.
     *
     * @param version the version, or {@code "0"}
     * @return the event
     */
    public static OsvEvent introduced(String version) {
        return new OsvEvent(Kind.INTRODUCED, version);
    }

    /**
     * Creates a {@code fixed} event.
     *
     * @param version the first fixed version
     * @return the event
     */
    public static OsvEvent fixed(String version) {
        return new OsvEvent(Kind.FIXED, version);
    }

    /**
     * Creates a {@code last_affected} event.
     *
     * @param version the last affected version
     * @return the event
     */
    public static OsvEvent lastAffected(String version) {
        return new OsvEvent(Kind.LAST_AFFECTED, version);
    }

    /**
     * Creates a {@code limit} event.
     *
     * @param version the limit, or {@code "*"}
     * @return the event
     */
    public static OsvEvent limit(String version) {
        return new OsvEvent(Kind.LIMIT, version);
    }

    /**
     * Returns the event as OSV JSON would write it.
     *
     * @return for example {@code fixed 2.15.0}
     */
    @Override
    public String toString() {
        return kind.jsonKey() + " " + version;
    }
}
