package dev.containersec.sbom;

import dev.containersec.sbom.internal.version.VersionKey;
import java.util.Objects;

/**
 * A version string parsed in one {@link VersionScheme}, made by {@link VersionScheme#parse(String)}.
 * Versions of the same scheme are ordered exactly as the ecosystem's tool orders them; {@link #equals}
 * and {@link #hashCode} agree with that order (so {@code 1.0} and {@code 1.0.0} are equal in PEP 440 and
 * Maven), and {@link #toString()} returns the original text, which parses back to an equal version.
 *
 * <p>Not a record because it caches the parsed form, which is not part of its public state. Immutable
 * and thread-safe.
 */
public final class Version implements Comparable<Version> {

    private final VersionScheme scheme;
    private final String text;
    private final VersionKey key;

    Version(VersionScheme scheme, String text, VersionKey key) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.text = Objects.requireNonNull(text, "text");
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * Returns the scheme this version was parsed in.
     *
     * @return the scheme
     */
    public VersionScheme scheme() {
        return scheme;
    }

    /**
     * Returns the text exactly as it was parsed.
     *
     * @return the original version string
     */
    public String text() {
        return text;
    }

    /**
     * Orders this version against another of the same scheme.
     *
     * @param other a version of the same scheme
     * @return negative, zero or positive as this version is older than, equivalent to or newer than
     *     {@code other}
     * @throws IllegalArgumentException if the schemes differ: versions of different ecosystems have no order
     */
    @Override
    public int compareTo(Version other) {
        Objects.requireNonNull(other, "other");
        if (other.scheme != scheme) {
            throw new IllegalArgumentException("cannot compare a " + scheme.displayName() + " version with a "
                    + other.scheme.displayName() + " version");
        }
        return key.compareKey(other.key);
    }

    /**
     * Tells whether this version is newer than another.
     *
     * @param other a version of the same scheme
     * @return true when this version sorts after {@code other}
     */
    public boolean isNewerThan(Version other) {
        return compareTo(other) > 0;
    }

    /**
     * Tells whether this version is older than another.
     *
     * @param other a version of the same scheme
     * @return true when this version sorts before {@code other}
     */
    public boolean isOlderThan(Version other) {
        return compareTo(other) < 0;
    }

    /**
     * Two versions are equal when they have the same scheme and compare as equivalent.
     *
     * @param o another object
     * @return true when {@code o} is an equivalent version of the same scheme
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && v.scheme == scheme && v.key.equals(key);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return scheme.ordinal() * 31 + key.hashCode();
    }

    /**
     * Returns the original text.
     *
     * @return the version string as parsed
     */
    @Override
    public String toString() {
        return text;
    }
}
