package dev.containersec.sbom.internal.version;

/**
 * The parsed, comparable form of a version in one scheme. Subclasses define the order;
 * {@link #equals(Object)} is "compares as equal" and {@link #hashCode()} must hash a canonical form so
 * both stay consistent with {@link #compareKey(VersionKey)}.
 */
public abstract class VersionKey {

    /**
     * Orders this key against another key of the same class.
     *
     * @param other a key produced by the same parser
     * @return negative, zero or positive
     */
    public abstract int compareKey(VersionKey other);

    /**
     * Hashes the canonical form: keys that compare equal must hash equal.
     *
     * @return the hash
     */
    protected abstract int canonicalHash();

    @Override
    public final boolean equals(Object o) {
        return o instanceof VersionKey k && k.getClass() == getClass() && compareKey(k) == 0;
    }

    @Override
    public final int hashCode() {
        return canonicalHash();
    }
}
