package dev.containersec.sbom.internal.version;

/**
 * Debian versions {@code [epoch:]upstream_version[-debian_revision]}, parsed like dpkg's
 * {@code parseversion} and compared like its {@code verrevcmp}: alternating non-digit and digit runs;
 * in non-digit runs {@code ~} sorts before everything (even the end of the string), then the end, then
 * letters, then other characters; digit runs compare numerically, an empty run counting as 0.
 */
public final class DpkgVersion extends VersionKey {

    private static final String INT_MAX = String.valueOf(Integer.MAX_VALUE);

    private final long epoch;
    private final String upstream;
    private final String revision;

    private DpkgVersion(long epoch, String upstream, String revision) {
        this.epoch = epoch;
        this.upstream = upstream;
        this.revision = revision;
    }

    /**
     * Parses a Debian version. Errors of dpkg's {@code parseversion} are rejected; its warnings
     * (upstream not starting with a digit, unexpected characters) are accepted, as
     * {@code dpkg --compare-versions} accepts them.
     *
     * @param text the version
     * @return the key
     * @throws VersionSyntaxException for what dpkg reports as an error
     */
    public static VersionKey parse(String text) throws VersionSyntaxException {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new VersionSyntaxException("version string is empty");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                throw new VersionSyntaxException("version string has embedded spaces");
            }
        }
        long epoch = 0;
        int colon = s.indexOf(':');
        String rest = s;
        if (colon >= 0) {
            String e = s.substring(0, colon);
            if (e.isEmpty()) {
                throw new VersionSyntaxException("epoch in version is empty");
            }
            if (!Num.isAllDigits(e)) {
                throw new VersionSyntaxException("epoch in version is not number");
            }
            if (Num.compare(e, INT_MAX) > 0) {
                throw new VersionSyntaxException("epoch in version is too big");
            }
            epoch = Long.parseLong(Num.strip(e));
            rest = s.substring(colon + 1);
            if (rest.isEmpty()) {
                throw new VersionSyntaxException("nothing after colon in version number");
            }
        }
        String revision = "";
        int hyphen = rest.lastIndexOf('-');
        if (hyphen >= 0) {
            revision = rest.substring(hyphen + 1);
            rest = rest.substring(0, hyphen);
            if (revision.isEmpty()) {
                throw new VersionSyntaxException("revision number is empty");
            }
        }
        if (rest.isEmpty()) {
            throw new VersionSyntaxException("version number is empty");
        }
        return new DpkgVersion(epoch, rest, revision);
    }

    @Override
    public int compareKey(VersionKey other) {
        DpkgVersion o = (DpkgVersion) other;
        int c = Long.compare(epoch, o.epoch);
        if (c != 0) {
            return c;
        }
        c = verrevcmp(upstream, o.upstream);
        if (c != 0) {
            return c;
        }
        return verrevcmp(revision, o.revision);
    }

    private static int order(int c) {
        if (Num.isDigit((char) c)) {
            return 0;
        } else if (Num.isAsciiLetter((char) c)) {
            return c;
        } else if (c == '~') {
            return -1;
        } else if (c != 0) {
            return c + 256;
        }
        return 0;
    }

    private static int at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    static int verrevcmp(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((i < a.length() && !Num.isDigit(a.charAt(i))) || (j < b.length() && !Num.isDigit(b.charAt(j)))) {
                int ac = order(at(a, i));
                int bc = order(at(b, j));
                if (ac != bc) {
                    return Integer.signum(ac - bc);
                }
                i++;
                j++;
            }
            while (at(a, i) == '0') {
                i++;
            }
            while (at(b, j) == '0') {
                j++;
            }
            while (i < a.length() && Num.isDigit(a.charAt(i)) && j < b.length() && Num.isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < a.length() && Num.isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && Num.isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return Integer.signum(firstDiff);
            }
        }
        return 0;
    }

    /** Hashes the runs verrevcmp sees: non-digit runs as is, digit runs without leading zeros. */
    private static int runsHash(String s) {
        int h = 1;
        int i = 0;
        int n = s.length();
        boolean first = true;
        while (i < n) {
            int start = i;
            while (i < n && !Num.isDigit(s.charAt(i))) {
                i++;
            }
            String nonDigits = s.substring(start, i);
            start = i;
            while (i < n && Num.isDigit(s.charAt(i))) {
                i++;
            }
            String digits = start == i ? "0" : Num.strip(s.substring(start, i));
            if (first && nonDigits.isEmpty() && digits.equals("0") && i == n) {
                break; // "", "0" and "00" are all equal to the empty string
            }
            first = false;
            h = h * 31 + nonDigits.hashCode();
            h = h * 31 + digits.hashCode();
        }
        return h;
    }

    @Override
    protected int canonicalHash() {
        return (Long.hashCode(epoch) * 31 + runsHash(upstream)) * 31 + runsHash(revision);
    }
}
