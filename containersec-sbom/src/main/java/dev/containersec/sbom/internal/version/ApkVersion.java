package dev.containersec.sbom.internal.version;

import java.util.ArrayList;
import java.util.List;

/**
 * Alpine apk-tools versions {@code digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}}, tokenised and
 * compared as apk-tools' {@code apk_version_compare} does: token by token while both have the same token
 * type (digits numerically, unless either has a leading zero, then as strings; letters by character;
 * suffixes by rank; commit hashes as strings); when the token types first differ, a pre-release suffix
 * ({@code _alpha}, {@code _beta}, {@code _pre}, {@code _rc}) makes its side older, otherwise the side
 * whose token type comes later in the grammar (or that has ended) is older.
 */
public final class ApkVersion extends VersionKey {

    // Token types in grammar order, as in apk-tools.
    private static final int INITIAL_DIGIT = 0;
    private static final int DIGIT = 1;
    private static final int LETTER = 2;
    private static final int SUFFIX = 3;
    private static final int SUFFIX_NO = 4;
    private static final int COMMIT_HASH = 5;
    private static final int REVISION_NO = 6;
    private static final int END = 7;

    // Suffix ranks: pre-release suffixes below NONE, post-release ones above.
    private static final String[] SUFFIXES = {"alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"};
    private static final int SUFFIX_NONE = 4;

    private final int[] types; // ends with END
    private final String[] values; // digits as written, letter, suffix name, hash
    private final int[] suffixRanks;

    private ApkVersion(int[] types, String[] values, int[] suffixRanks) {
        this.types = types;
        this.values = values;
        this.suffixRanks = suffixRanks;
    }

    /**
     * Tokenises and validates a version as {@code apk_version_validate} does.
     *
     * @param text the version
     * @return the key
     * @throws VersionSyntaxException if apk-tools considers it invalid
     */
    public static VersionKey parse(String text) throws VersionSyntaxException {
        List<Integer> types = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<Integer> ranks = new ArrayList<>();
        int n = text.length();
        int i = digits(text, 0);
        if (i == 0) {
            throw new VersionSyntaxException("must start with a digit");
        }
        types.add(INITIAL_DIGIT);
        values.add(text.substring(0, i));
        ranks.add(0);
        int type = INITIAL_DIGIT;
        while (i < n) {
            char c = text.charAt(i);
            int start = i;
            String value;
            int rank = 0;
            if (c >= 'a' && c <= 'z') {
                if (type > DIGIT) {
                    throw invalid(c, i);
                }
                type = LETTER;
                value = String.valueOf(c);
                i++;
            } else if (c == '.' || Num.isDigit(c)) {
                if (c == '.') {
                    if (type > DIGIT) {
                        throw invalid(c, i);
                    }
                    i++;
                    start = i;
                }
                if (type == INITIAL_DIGIT || type == DIGIT) {
                    type = DIGIT;
                } else if (type == SUFFIX) {
                    type = SUFFIX_NO;
                } else {
                    throw invalid(c, i);
                }
                i = digits(text, i);
                if (i == start) {
                    throw new VersionSyntaxException("expected digits at position " + start);
                }
                value = text.substring(start, i);
            } else if (c == '_') {
                if (type > SUFFIX_NO) {
                    throw invalid(c, i);
                }
                i++;
                start = i;
                while (i < n && text.charAt(i) >= 'a' && text.charAt(i) <= 'z') {
                    i++;
                }
                value = text.substring(start, i);
                rank = -1;
                for (int k = 0; k < SUFFIXES.length; k++) {
                    if (k != SUFFIX_NONE && SUFFIXES[k].equals(value)) {
                        rank = k;
                    }
                }
                if (rank < 0) {
                    throw new VersionSyntaxException("unknown suffix '_" + value + "'");
                }
                type = SUFFIX;
            } else if (c == '~') {
                if (type >= COMMIT_HASH) {
                    throw invalid(c, i);
                }
                i++;
                start = i;
                while (i < n && isHex(text.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    throw new VersionSyntaxException("empty commit hash after '~'");
                }
                value = text.substring(start, i);
                type = COMMIT_HASH;
            } else if (c == '-') {
                if (type >= REVISION_NO || i + 1 >= n || text.charAt(i + 1) != 'r') {
                    throw invalid(c, i);
                }
                i += 2;
                start = i;
                i = digits(text, i);
                if (i == start) {
                    throw new VersionSyntaxException("expected a revision number after '-r'");
                }
                value = text.substring(start, i);
                type = REVISION_NO;
            } else {
                throw invalid(c, i);
            }
            types.add(type);
            values.add(value);
            ranks.add(rank);
        }
        types.add(END);
        values.add("");
        ranks.add(0);
        int[] t = new int[types.size()];
        int[] r = new int[types.size()];
        for (int k = 0; k < t.length; k++) {
            t[k] = types.get(k);
            r[k] = ranks.get(k);
        }
        return new ApkVersion(t, values.toArray(new String[0]), r);
    }

    private static VersionSyntaxException invalid(char c, int at) {
        return new VersionSyntaxException("unexpected '" + c + "' at position " + at);
    }

    private static int digits(String s, int i) {
        while (i < s.length() && Num.isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isHex(char c) {
        return Num.isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    @Override
    public int compareKey(VersionKey other) {
        ApkVersion o = (ApkVersion) other;
        int k = 0;
        while (types[k] == o.types[k] && types[k] < END) {
            int c = tokenCompare(types[k], values[k], o.values[k], suffixRanks[k], o.suffixRanks[k]);
            if (c != 0) {
                return c;
            }
            k++;
        }
        int ta = types[k];
        int tb = o.types[k];
        if (ta == tb) {
            return 0;
        }
        if (ta == SUFFIX && suffixRanks[k] < SUFFIX_NONE) {
            return -1;
        }
        if (tb == SUFFIX && o.suffixRanks[k] < SUFFIX_NONE) {
            return 1;
        }
        return ta > tb ? -1 : 1;
    }

    private static int tokenCompare(int type, String a, String b, int ra, int rb) {
        switch (type) {
            case DIGIT:
                if (a.charAt(0) == '0' || b.charAt(0) == '0') {
                    return Integer.signum(a.compareTo(b));
                }
                return Num.compare(a, b);
            case INITIAL_DIGIT:
            case SUFFIX_NO:
            case REVISION_NO:
                return Num.compare(a, b);
            case LETTER:
                return Integer.compare(a.charAt(0), b.charAt(0));
            case SUFFIX:
                return Integer.compare(ra, rb);
            default:
                return Integer.signum(a.compareTo(b));
        }
    }

    @Override
    protected int canonicalHash() {
        int h = 1;
        for (int k = 0; k < types.length; k++) {
            h = h * 31 + types[k];
            String v = values[k];
            boolean numeric = types[k] == INITIAL_DIGIT || types[k] == SUFFIX_NO || types[k] == REVISION_NO
                    || (types[k] == DIGIT && v.charAt(0) != '0');
            h = h * 31 + (numeric ? Num.strip(v).hashCode() : v.hashCode());
        }
        return h;
    }
}
