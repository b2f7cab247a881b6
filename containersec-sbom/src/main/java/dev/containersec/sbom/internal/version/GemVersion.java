package dev.containersec.sbom.internal.version;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * RubyGems' {@code Gem::Version}: validated with {@code Gem::Version::ANCHORED_VERSION_PATTERN},
 * {@code -} rewritten to {@code .pre.}, split into numeric and letter segments, trailing zeros dropped
 * from the release part and from the pre-release part ({@code canonical_segments}), then compared
 * segment by segment with missing segments as 0 and letters (pre-release) before numbers.
 */
public final class GemVersion extends VersionKey {

    private static final Pattern VALID = Pattern.compile(
            "\\s*([0-9]+(?:\\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?)?\\s*");

    /** Segments: String for letters, or stripped digit String wrapped in {@link Numeric}. */
    private final Object[] segments;

    private record Numeric(String digits) { }

    private GemVersion(Object[] segments) {
        this.segments = segments;
    }

    /**
     * Parses a version as {@code Gem::Version.new} does.
     *
     * @param text the version
     * @return the key
     * @throws VersionSyntaxException for a malformed version number string
     */
    public static VersionKey parse(String text) throws VersionSyntaxException {
        if (!VALID.matcher(text).matches()) {
            throw new VersionSyntaxException("malformed version number string");
        }
        String v = text.strip();
        if (v.isEmpty()) {
            v = "0";
        }
        v = v.replace("-", ".pre.");
        List<Object> all = new ArrayList<>();
        int i = 0;
        int n = v.length();
        while (i < n) {
            char c = v.charAt(i);
            int start = i;
            if (Num.isDigit(c)) {
                while (i < n && Num.isDigit(v.charAt(i))) {
                    i++;
                }
                all.add(new Numeric(Num.strip(v.substring(start, i))));
            } else if (Num.isAsciiLetter(c)) {
                while (i < n && Num.isAsciiLetter(v.charAt(i))) {
                    i++;
                }
                all.add(v.substring(start, i));
            } else {
                i++;
            }
        }
        // canonical_segments: drop trailing zeros of the numeric prefix and of the rest, separately.
        int firstString = all.size();
        for (int k = 0; k < all.size(); k++) {
            if (all.get(k) instanceof String) {
                firstString = k;
                break;
            }
        }
        List<Object> canonical = new ArrayList<>(dropTrailingZeros(all.subList(0, firstString)));
        canonical.addAll(dropTrailingZeros(all.subList(firstString, all.size())));
        return new GemVersion(canonical.toArray());
    }

    private static List<Object> dropTrailingZeros(List<Object> segs) {
        int end = segs.size();
        while (end > 0 && segs.get(end - 1) instanceof Numeric num && num.digits().equals("0")) {
            end--;
        }
        return segs.subList(0, end);
    }

    @Override
    public int compareKey(VersionKey other) {
        Object[] a = segments;
        Object[] b = ((GemVersion) other).segments;
        int n = Math.max(a.length, b.length);
        for (int i = 0; i < n; i++) {
            Object l = i < a.length ? a[i] : ZERO;
            Object r = i < b.length ? b[i] : ZERO;
            if (l instanceof Numeric ln && r instanceof Numeric rn) {
                int c = Num.compareStripped(ln.digits(), rn.digits());
                if (c != 0) {
                    return c;
                }
            } else if (l instanceof String ls && r instanceof String rs) {
                int c = ls.compareTo(rs);
                if (c != 0) {
                    return Integer.signum(c);
                }
            } else {
                return l instanceof String ? -1 : 1;
            }
        }
        return 0;
    }

    private static final Numeric ZERO = new Numeric("0");

    @Override
    protected int canonicalHash() {
        int h = 1;
        for (Object s : segments) {
            h = h * 31 + s.hashCode();
        }
        return h;
    }
}
