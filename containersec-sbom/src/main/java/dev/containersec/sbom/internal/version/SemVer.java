package dev.containersec.sbom.internal.version;

import java.util.Arrays;

/**
 * Semantic Versioning 2.0.0 and the dialects of npm (node-semver), Go (x/mod/semver) and Cargo (the
 * {@code semver} crate). One grammar with per-dialect switches; one precedence rule (semver.org §11),
 * with Cargo additionally ordering build metadata as the crate's {@code Ord} does.
 */
public final class SemVer extends VersionKey {

    private enum Mode { STRICT, NPM, GO, CARGO }

    private static final long NPM_MAX_SAFE_INTEGER = 9007199254740991L;
    private static final String U64_MAX = "18446744073709551615";
    private static final String[] NONE = new String[0];

    // Core numbers: the long value when it fits in 18 digits, else -1 and the stripped digits decide.
    private final long major;
    private final long minor;
    private final long patch;
    private final String bigCore; // null unless some core number has more than 18 digits: "maj.min.pat"
    private final String[] pre;
    private final String[] build; // only kept for Cargo, where it takes part in the order
    private final boolean orderBuild;

    private SemVer(long major, long minor, long patch, String bigCore, String[] pre, String[] build,
                   boolean orderBuild) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.bigCore = bigCore;
        this.pre = pre;
        this.build = build;
        this.orderBuild = orderBuild;
    }

    /**
     * Parses strict SemVer 2.0.0.
     *
     * @param text the version
     * @return the key
     * @throws VersionSyntaxException if it is not SemVer 2.0.0
     */
    public static VersionKey parseStrict(String text) throws VersionSyntaxException {
        return parse(text, Mode.STRICT);
    }

    /**
     * Parses a version as node-semver does in non-loose mode.
     *
     * @param text the version
     * @return the key
     * @throws VersionSyntaxException if node-semver rejects it
     */
    public static VersionKey parseNpm(String text) throws VersionSyntaxException {
        String t = text.strip();
        if (t.length() > 256) {
            throw new VersionSyntaxException("node-semver rejects versions longer than 256 characters");
        }
        if (t.startsWith("v")) {
            t = t.substring(1);
        }
        return parse(t, Mode.NPM);
    }

    /**
     * Parses a Go module version, with or without the leading {@code v}.
     *
     * @param text the version
     * @return the key
     * @throws VersionSyntaxException if x/mod/semver rejects it
     */
    public static VersionKey parseGo(String text) throws VersionSyntaxException {
        return parse(text.startsWith("v") ? text.substring(1) : text, Mode.GO);
    }

    /**
     * Parses a version as Rust's {@code semver::Version::parse} does.
     *
     * @param text the version
     * @return the key
     * @throws VersionSyntaxException if the crate rejects it
     */
    public static VersionKey parseCargo(String text) throws VersionSyntaxException {
        return parse(text, Mode.CARGO);
    }

    private static VersionKey parse(String s, Mode mode) throws VersionSyntaxException {
        int n = s.length();
        String[] core = new String[3];
        int i = 0;
        int part = 0;
        while (true) {
            int start = i;
            while (i < n && Num.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw new VersionSyntaxException("expected a number at position " + start);
            }
            if (i - start > 1 && s.charAt(start) == '0') {
                throw new VersionSyntaxException("numeric component with a leading zero");
            }
            core[part++] = s.substring(start, i);
            if (part == 3) {
                break;
            }
            if (i < n && s.charAt(i) == '.') {
                i++;
                continue;
            }
            if (mode == Mode.GO && i == n) {
                // x/mod/semver shorthands: v1 means v1.0.0 and v1.2 means v1.2.0 (no pre-release allowed).
                while (part < 3) {
                    core[part++] = "0";
                }
                break;
            }
            throw new VersionSyntaxException("expected MAJOR.MINOR.PATCH");
        }
        String[] pre = NONE;
        String[] build = NONE;
        if (i < n && s.charAt(i) == '-') {
            int end = s.indexOf('+', i);
            if (end < 0) {
                end = n;
            }
            pre = identifiers(s.substring(i + 1, end), true);
            i = end;
        }
        if (i < n && s.charAt(i) == '+') {
            build = identifiers(s.substring(i + 1), false);
            i = n;
        }
        if (i != n) {
            throw new VersionSyntaxException("unexpected '" + s.charAt(i) + "' at position " + i);
        }
        long[] values = new long[3];
        boolean big = false;
        for (int k = 0; k < 3; k++) {
            String d = core[k];
            if (mode == Mode.CARGO && Num.compareStripped(d, U64_MAX) > 0) {
                throw new VersionSyntaxException("number too large for a 64-bit unsigned integer");
            }
            if (d.length() > 18) {
                big = true;
                values[k] = -1;
            } else {
                values[k] = Long.parseLong(d);
                if (mode == Mode.NPM && values[k] > NPM_MAX_SAFE_INTEGER) {
                    throw new VersionSyntaxException("number larger than Number.MAX_SAFE_INTEGER");
                }
            }
        }
        if (big && mode == Mode.NPM) {
            throw new VersionSyntaxException("number larger than Number.MAX_SAFE_INTEGER");
        }
        String bigCore = big ? core[0] + "." + core[1] + "." + core[2] : null;
        boolean orderBuild = mode == Mode.CARGO;
        return new SemVer(values[0], values[1], values[2], bigCore, pre, orderBuild ? build : NONE, orderBuild);
    }

    private static String[] identifiers(String s, boolean prerelease) throws VersionSyntaxException {
        String what = prerelease ? "pre-release" : "build metadata";
        if (s.isEmpty()) {
            throw new VersionSyntaxException("empty " + what);
        }
        int count = 1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                count++;
            } else if (!Num.isAsciiAlnum(c) && c != '-') {
                throw new VersionSyntaxException("invalid character '" + c + "' in " + what);
            }
        }
        String[] ids = new String[count];
        int start = 0;
        for (int k = 0; k < count; k++) {
            int end = s.indexOf('.', start);
            if (end < 0) {
                end = s.length();
            }
            String id = s.substring(start, end);
            if (id.isEmpty()) {
                throw new VersionSyntaxException("empty identifier in " + what);
            }
            if (prerelease && id.length() > 1 && id.charAt(0) == '0' && Num.isAllDigits(id)) {
                throw new VersionSyntaxException("numeric pre-release identifier with a leading zero");
            }
            ids[k] = id;
            start = end + 1;
        }
        return ids;
    }

    @Override
    public int compareKey(VersionKey other) {
        SemVer o = (SemVer) other;
        int c;
        if (bigCore == null && o.bigCore == null) {
            c = Long.compare(major, o.major);
            if (c == 0) {
                c = Long.compare(minor, o.minor);
                if (c == 0) {
                    c = Long.compare(patch, o.patch);
                }
            }
        } else {
            c = compareBigCore(coreText(), o.coreText());
        }
        if (c != 0) {
            return c;
        }
        c = comparePre(pre, o.pre);
        if (c != 0 || !orderBuild) {
            return c;
        }
        return compareCargoBuild(build, o.build);
    }

    private String coreText() {
        return bigCore != null ? bigCore : major + "." + minor + "." + patch;
    }

    private static int compareBigCore(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int k = 0; k < 3; k++) {
            int c = Num.compare(x[k], y[k]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** SemVer §11.3-4: a version without pre-release is greater; then identifier by identifier. */
    static int comparePre(String[] a, String[] b) {
        if (a.length == 0 || b.length == 0) {
            return a.length == b.length ? 0 : (a.length == 0 ? 1 : -1);
        }
        int n = Math.min(a.length, b.length);
        for (int k = 0; k < n; k++) {
            int c = compareIdentifier(a[k], b[k]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    static int compareIdentifier(String x, String y) {
        boolean xn = Num.isAllDigits(x);
        boolean yn = Num.isAllDigits(y);
        if (xn && yn) {
            return Num.compare(x, y);
        }
        if (xn) {
            return -1;
        }
        if (yn) {
            return 1;
        }
        return x.compareTo(y);
    }

    /** The semver crate's BuildMetadata order: numeric identifiers before alphanumeric, 0 < 00 < 1 < 01. */
    private static int compareCargoBuild(String[] a, String[] b) {
        int n = Math.min(a.length, b.length);
        for (int k = 0; k < n; k++) {
            String x = a[k];
            String y = b[k];
            boolean xn = Num.isAllDigits(x);
            boolean yn = Num.isAllDigits(y);
            int c;
            if (xn && yn) {
                c = Num.compare(x, y);
                if (c == 0) {
                    c = Integer.compare(x.length(), y.length());
                }
            } else if (xn) {
                return -1;
            } else if (yn) {
                return 1;
            } else {
                c = x.compareTo(y);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    @Override
    protected int canonicalHash() {
        int h = bigCore == null ? Long.hashCode(major * 961 + minor * 31 + patch) : canonicalBig().hashCode();
        for (String id : pre) {
            h = h * 31 + (Num.isAllDigits(id) ? Num.strip(id).hashCode() : id.hashCode());
        }
        return h * 31 + (orderBuild ? Arrays.hashCode(build) : 0);
    }

    private String canonicalBig() {
        String[] x = bigCore.split("\\.");
        return Num.strip(x[0]) + "." + Num.strip(x[1]) + "." + Num.strip(x[2]);
    }
}
