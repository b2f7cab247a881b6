package dev.containersec.sbom.internal.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440 versions, parsed with the grammar of PEP 440's appendix (the one {@code packaging} uses) and
 * ordered like {@code packaging.version.Version}'s comparison key: epoch; release with trailing zeros
 * dropped; pre-release (a dev-only release sorts before every pre-release of the same release, a final
 * release after them); post-release; dev-release; local version (absent first, numeric segments after
 * alphanumeric ones).
 */
public final class Pep440Version extends VersionKey {

    // The canonical regular expression of PEP 440, Appendix B (with surrounding whitespace allowed).
    private static final Pattern PATTERN = Pattern.compile(
            "\\s*v?"
            + "(?:(?<epoch>[0-9]+)!)?"
            + "(?<release>[0-9]+(?:\\.[0-9]+)*)"
            + "(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?"
            + "(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?"
            + "(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?"
            + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*",
            Pattern.CASE_INSENSITIVE);

    private final String epoch;
    private final String[] release; // stripped digits, trailing zeros removed
    private final int preRank; // -1: dev-only (sorts first), 0 a, 1 b, 2 rc, 3: none (sorts last)
    private final String preNum;
    private final String post; // null: none
    private final String dev; // null: none
    private final String[] local; // null: none; numeric segments stripped, others lower-case

    private Pep440Version(String epoch, String[] release, int preRank, String preNum, String post, String dev,
                          String[] local) {
        this.epoch = epoch;
        this.release = release;
        this.preRank = preRank;
        this.preNum = preNum;
        this.post = post;
        this.dev = dev;
        this.local = local;
    }

    /**
     * Parses a PEP 440 version.
     *
     * @param text the version
     * @return the key
     * @throws VersionSyntaxException if it is not a valid PEP 440 version
     */
    public static VersionKey parse(String text) throws VersionSyntaxException {
        Matcher m = PATTERN.matcher(text);
        if (!m.matches()) {
            throw new VersionSyntaxException("not a valid PEP 440 version");
        }
        String epoch = m.group("epoch") == null ? "0" : Num.strip(m.group("epoch"));
        String[] parts = m.group("release").split("\\.");
        int len = parts.length;
        while (len > 1 && Num.strip(parts[len - 1]).equals("0")) {
            len--;
        }
        if (len == 1 && Num.strip(parts[0]).equals("0")) {
            len = 0;
        }
        String[] release = new String[len];
        for (int i = 0; i < len; i++) {
            release[i] = Num.strip(parts[i]);
        }
        String post = null;
        if (m.group("post") != null) {
            String n = m.group("postN1") != null ? m.group("postN1") : m.group("postN2");
            post = n == null ? "0" : Num.strip(n);
        }
        String dev = null;
        if (m.group("dev") != null) {
            dev = m.group("devN") == null ? "0" : Num.strip(m.group("devN"));
        }
        int preRank;
        String preNum = "0";
        if (m.group("pre") != null) {
            String l = m.group("preL").toLowerCase(Locale.ROOT);
            preRank = switch (l) {
                case "a", "alpha" -> 0;
                case "b", "beta" -> 1;
                default -> 2; // c, rc, pre, preview
            };
            preNum = m.group("preN") == null ? "0" : Num.strip(m.group("preN"));
        } else if (post == null && dev != null) {
            preRank = -1;
        } else {
            preRank = 3;
        }
        String[] local = null;
        if (m.group("local") != null) {
            String[] segs = m.group("local").toLowerCase(Locale.ROOT).split("[-_.]");
            List<String> out = new ArrayList<>(segs.length);
            for (String s : segs) {
                out.add(Num.isAllDigits(s) ? Num.strip(s) : s);
            }
            local = out.toArray(new String[0]);
        }
        return new Pep440Version(epoch, release, preRank, preNum, post, dev, local);
    }

    @Override
    public int compareKey(VersionKey other) {
        Pep440Version o = (Pep440Version) other;
        int c = Num.compareStripped(epoch, o.epoch);
        if (c != 0) {
            return c;
        }
        int n = Math.min(release.length, o.release.length);
        for (int i = 0; i < n; i++) {
            c = Num.compareStripped(release[i], o.release[i]);
            if (c != 0) {
                return c;
            }
        }
        c = Integer.compare(release.length, o.release.length);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(preRank, o.preRank);
        if (c != 0) {
            return c;
        }
        if (preRank >= 0 && preRank <= 2) {
            c = Num.compareStripped(preNum, o.preNum);
            if (c != 0) {
                return c;
            }
        }
        c = compareOptional(post, o.post, -1);
        if (c != 0) {
            return c;
        }
        c = compareOptional(dev, o.dev, 1);
        if (c != 0) {
            return c;
        }
        return compareLocal(local, o.local);
    }

    /** Compares optional numbers; {@code absent} is the sign an absent value has against a present one. */
    private static int compareOptional(String a, String b, int absent) {
        if (a == null || b == null) {
            return a == b ? 0 : (a == null ? absent : -absent);
        }
        return Num.compareStripped(a, b);
    }

    private static int compareLocal(String[] a, String[] b) {
        if (a == null || b == null) {
            return a == b ? 0 : (a == null ? -1 : 1);
        }
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            boolean an = Num.isAllDigits(a[i]);
            boolean bn = Num.isAllDigits(b[i]);
            int c;
            if (an && bn) {
                c = Num.compareStripped(a[i], b[i]);
            } else if (an != bn) {
                c = an ? 1 : -1;
            } else {
                c = a[i].compareTo(b[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    @Override
    protected int canonicalHash() {
        int h = epoch.hashCode();
        for (String r : release) {
            h = h * 31 + r.hashCode();
        }
        h = h * 31 + preRank;
        h = h * 31 + (preRank >= 0 && preRank <= 2 ? preNum.hashCode() : 0);
        h = h * 31 + (post == null ? -1 : post.hashCode());
        h = h * 31 + (dev == null ? -1 : dev.hashCode());
        if (local != null) {
            for (String l : local) {
                h = h * 31 + l.hashCode();
            }
        }
        return h;
    }
}
