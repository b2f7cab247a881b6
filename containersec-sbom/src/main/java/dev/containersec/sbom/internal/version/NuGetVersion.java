package dev.containersec.sbom.internal.version;

import java.util.Locale;

/**
 * NuGet's {@code NuGetVersion} with {@code VersionComparer.Default}: up to four numeric parts (major,
 * minor, patch, revision; missing ones are 0; each at most {@code Int32.MaxValue}), release labels
 * compared one by one (labels that {@code int.TryParse} reads compare numerically and before text;
 * text compares with {@code StringComparer.OrdinalIgnoreCase}), a release after all its pre-releases,
 * build metadata ignored.
 */
public final class NuGetVersion extends VersionKey {

    private final int[] parts; // always 4
    private final String[] labels; // upper-cased; empty for a release

    private NuGetVersion(int[] parts, String[] labels) {
        this.parts = parts;
        this.labels = labels;
    }

    /**
     * Parses a version as {@code NuGetVersion.Parse} does.
     *
     * @param text the version
     * @return the key
     * @throws VersionSyntaxException if NuGet rejects it
     */
    public static VersionKey parse(String text) throws VersionSyntaxException {
        String s = text;
        int plus = s.indexOf('+');
        if (plus >= 0) {
            checkLabels(s.substring(plus + 1), "metadata");
            s = s.substring(0, plus);
        }
        String[] labels = new String[0];
        int dash = s.indexOf('-');
        if (dash >= 0) {
            String rel = s.substring(dash + 1);
            checkLabels(rel, "release label");
            labels = rel.toUpperCase(Locale.ROOT).split("\\.");
            s = s.substring(0, dash);
        }
        String[] nums = s.split("\\.", -1);
        if (nums.length < 1 || nums.length > 4) {
            throw new VersionSyntaxException("expected 1 to 4 numeric parts");
        }
        int[] parts = new int[4];
        for (int i = 0; i < nums.length; i++) {
            String d = nums[i];
            if (!Num.isAllDigits(d)) {
                throw new VersionSyntaxException("'" + d + "' is not a non-negative integer");
            }
            if (Num.compare(d, String.valueOf(Integer.MAX_VALUE)) > 0) {
                throw new VersionSyntaxException("numeric part larger than Int32.MaxValue");
            }
            parts[i] = Integer.parseInt(Num.strip(d));
        }
        return new NuGetVersion(parts, labels);
    }

    private static void checkLabels(String s, String what) throws VersionSyntaxException {
        if (s.isEmpty()) {
            throw new VersionSyntaxException("empty " + what);
        }
        for (String id : s.split("\\.", -1)) {
            if (id.isEmpty()) {
                throw new VersionSyntaxException("empty identifier in " + what);
            }
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                if (!Num.isAsciiAlnum(c) && c != '-') {
                    throw new VersionSyntaxException("invalid character '" + c + "' in " + what);
                }
            }
        }
    }

    @Override
    public int compareKey(VersionKey other) {
        NuGetVersion o = (NuGetVersion) other;
        for (int i = 0; i < 4; i++) {
            int c = Integer.compare(parts[i], o.parts[i]);
            if (c != 0) {
                return c;
            }
        }
        if (labels.length == 0 || o.labels.length == 0) {
            return labels.length == o.labels.length ? 0 : (labels.length == 0 ? 1 : -1);
        }
        int n = Math.min(labels.length, o.labels.length);
        for (int i = 0; i < n; i++) {
            int c = compareLabel(labels[i], o.labels[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(labels.length, o.labels.length);
    }

    private static int compareLabel(String x, String y) {
        Integer xi = tryParseInt(x);
        Integer yi = tryParseInt(y);
        if (xi != null && yi != null) {
            return Integer.compare(xi, yi);
        }
        if (xi != null) {
            return -1;
        }
        if (yi != null) {
            return 1;
        }
        return Integer.signum(x.compareTo(y)); // both upper-cased: OrdinalIgnoreCase
    }

    /** What {@code int.TryParse} accepts of a label: an optional '-' sign and digits, within Int32. */
    private static Integer tryParseInt(String s) {
        String digits = s.startsWith("-") ? s.substring(1) : s;
        if (!Num.isAllDigits(digits)) {
            return null;
        }
        String stripped = Num.strip(digits);
        boolean negative = s.startsWith("-");
        int c = Num.compareStripped(stripped, negative ? "2147483648" : "2147483647");
        if (c > 0) {
            return null;
        }
        return (int) (negative ? -Long.parseLong(stripped) : Long.parseLong(stripped));
    }

    @Override
    protected int canonicalHash() {
        int h = java.util.Arrays.hashCode(parts);
        for (String l : labels) {
            Integer i = tryParseInt(l);
            h = h * 31 + (i != null ? i : l.hashCode());
        }
        return h;
    }
}
