package dev.containersec.policy;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Pod Security Standards policy version, as named by the namespace label
 * {@code pod-security.kubernetes.io/enforce-version}: {@code latest} or {@code v1.N}.
 *
 * <p>{@link #parse(String)} reads both forms and {@link #toString()} writes them back. For a version
 * {@code v1.N}, each check applies its newest definition whose minimum version is at most {@code 1.N}; a
 * version newer than any this library knows behaves like {@code latest}, as Pod Security Admission does.
 *
 * @see <a href="https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces">PSA labels</a>
 */
public final class PssVersion implements Comparable<PssVersion> {

    private static final Pattern FORM = Pattern.compile("v1\\.(0|[1-9][0-9]{0,8})");
    private static final PssVersion LATEST = new PssVersion(-1);

    /** The minor version, or -1 for latest. */
    private final int minor;

    private PssVersion(int minor) {
        this.minor = minor;
    }

    /**
     * Returns {@code latest}.
     *
     * @return the latest version
     */
    public static PssVersion latest() {
        return LATEST;
    }

    /**
     * Returns {@code v1.minor}.
     *
     * @param minor the minor version, at least 0
     * @return the version
     * @throws IllegalArgumentException if minor is negative
     */
    public static PssVersion of(int minor) {
        if (minor < 0) {
            throw new IllegalArgumentException("PssVersion minor must be >= 0, was " + minor);
        }
        return new PssVersion(minor);
    }

    /**
     * Parses {@code latest} or {@code v1.N}.
     *
     * @param text the version text
     * @return the version
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static PssVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.equals("latest")) {
            return LATEST;
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Pod Security Standards version: '" + text
                    + "' (expected 'latest' or 'v1.N', e.g. 'v1.30')");
        }
        return new PssVersion(Integer.parseInt(m.group(1)));
    }

    /**
     * Tells whether this is {@code latest}.
     *
     * @return true for latest
     */
    public boolean isLatest() {
        return minor < 0;
    }

    /**
     * Returns the minor version of {@code v1.N}.
     *
     * @return N, or empty for latest
     */
    public OptionalInt minor() {
        return isLatest() ? OptionalInt.empty() : OptionalInt.of(minor);
    }

    /**
     * Orders versions by minor, with {@code latest} after every {@code v1.N}.
     *
     * @param other the other version
     * @return negative, zero or positive
     */
    @Override
    public int compareTo(PssVersion other) {
        return Integer.compare(isLatest() ? Integer.MAX_VALUE : minor,
                other.isLatest() ? Integer.MAX_VALUE : other.minor);
    }

    /**
     * Returns true for an equal version.
     *
     * @param o the other object
     * @return whether both name the same version
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof PssVersion && ((PssVersion) o).minor == minor;
    }

    /**
     * Returns a hash of the version.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Integer.hashCode(minor);
    }

    /**
     * Returns {@code latest} or {@code v1.N}, which {@link #parse(String)} reads back.
     *
     * @return the version text
     */
    @Override
    public String toString() {
        return isLatest() ? "latest" : "v1." + minor;
    }
}
