package dev.containersec.sbom.internal.version;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dart's {@code pub_semver} {@code Version}: {@code MAJOR.MINOR.PATCH[-PRE][+BUILD]} (leading zeros
 * allowed), pre-release and build split at '.', parts that are all digits compared as numbers and before
 * text parts, shorter lists first; a version without pre-release after one with; a version without
 * build before one with.
 */
public final class PubVersion extends VersionKey {

    private static final Pattern PATTERN = Pattern.compile(
            "(\\d+)\\.(\\d+)\\.(\\d+)(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");
    private static final String[] NONE = new String[0];

    private final String[] core; // stripped digits
    private final String[] pre; // numeric parts stripped
    private final String[] build;

    private PubVersion(String[] core, String[] pre, String[] build) {
        this.core = core;
        this.pre = pre;
        this.build = build;
    }

    /**
     * Parses a version as {@code Version.parse} does.
     *
     * @param text the version
     * @return the key
     * @throws VersionSyntaxException when pub_semver rejects it
     */
    public static VersionKey parse(String text) throws VersionSyntaxException {
        Matcher m = PATTERN.matcher(text);
        if (!m.matches()) {
            throw new VersionSyntaxException("could not parse as a pub version");
        }
        String[] core = {Num.strip(m.group(1)), Num.strip(m.group(2)), Num.strip(m.group(3))};
        return new PubVersion(core, split(m.group(4)), split(m.group(5)));
    }

    private static String[] split(String s) {
        if (s == null) {
            return NONE;
        }
        String[] parts = s.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            if (Num.isAllDigits(parts[i])) {
                parts[i] = Num.strip(parts[i]);
            }
        }
        return parts;
    }

    @Override
    public int compareKey(VersionKey other) {
        PubVersion o = (PubVersion) other;
        for (int i = 0; i < 3; i++) {
            int c = Num.compareStripped(core[i], o.core[i]);
            if (c != 0) {
                return c;
            }
        }
        if ((pre.length == 0) != (o.pre.length == 0)) {
            return pre.length == 0 ? 1 : -1;
        }
        int c = compareLists(pre, o.pre);
        if (c != 0) {
            return c;
        }
        if ((build.length == 0) != (o.build.length == 0)) {
            return build.length == 0 ? -1 : 1;
        }
        return compareLists(build, o.build);
    }

    private static int compareLists(String[] a, String[] b) {
        int n = Math.max(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (i >= a.length) {
                return -1;
            }
            if (i >= b.length) {
                return 1;
            }
            int c = SemVer.compareIdentifier(a[i], b[i]);
            if (c != 0) {
                return Integer.signum(c);
            }
        }
        return 0;
    }

    @Override
    protected int canonicalHash() {
        return java.util.Arrays.hashCode(core) * 961 + java.util.Arrays.hashCode(pre) * 31
                + java.util.Arrays.hashCode(build);
    }
}
