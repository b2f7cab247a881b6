package dev.containersec.sbom.internal.version;

/**
 * RPM {@code [epoch:]version[-release]} (parsed like rpm's {@code parseEVR}) compared with
 * {@code rpmvercmp}: runs of digits or of ASCII letters, other characters only separating them;
 * {@code ~} sorts before anything, even the end; {@code ^} sorts after the end but before anything
 * else; numbers compare numerically and are newer than letters; a longer version is newer. A missing
 * epoch is 0 and a missing release compares as the empty string.
 */
public final class RpmVersion extends VersionKey {

    private final String epoch;
    private final String version;
    private final String release;

    private RpmVersion(String epoch, String version, String release) {
        this.epoch = epoch;
        this.version = version;
        this.release = release;
    }

    /**
     * Splits an EVR string; never fails, as rpm accepts any string.
     *
     * @param text the version
     * @return the key
     */
    public static VersionKey parse(String text) {
        int i = 0;
        while (i < text.length() && Num.isDigit(text.charAt(i))) {
            i++;
        }
        String epoch = "0";
        String rest = text;
        if (i < text.length() && text.charAt(i) == ':') {
            epoch = i == 0 ? "0" : text.substring(0, i);
            rest = text.substring(i + 1);
        }
        String release = "";
        int dash = rest.lastIndexOf('-');
        if (dash >= 0) {
            release = rest.substring(dash + 1);
            rest = rest.substring(0, dash);
        }
        return new RpmVersion(epoch, rest, release);
    }

    @Override
    public int compareKey(VersionKey other) {
        RpmVersion o = (RpmVersion) other;
        int c = rpmvercmp(epoch, o.epoch);
        if (c == 0) {
            c = rpmvercmp(version, o.version);
            if (c == 0) {
                c = rpmvercmp(release, o.release);
            }
        }
        return c;
    }

    private static boolean isAlpha(char c) {
        return Num.isAsciiLetter(c);
    }

    private static boolean isSeparator(char c) {
        return !Num.isAsciiAlnum(c) && c != '~' && c != '^';
    }

    /** rpmvercmp: returns -1, 0 or 1. */
    static int rpmvercmp(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int one = 0;
        int two = 0;
        int na = a.length();
        int nb = b.length();
        while (one < na || two < nb) {
            while (one < na && isSeparator(a.charAt(one))) {
                one++;
            }
            while (two < nb && isSeparator(b.charAt(two))) {
                two++;
            }
            char ca = one < na ? a.charAt(one) : 0;
            char cb = two < nb ? b.charAt(two) : 0;
            if (ca == '~' || cb == '~') {
                if (ca != '~') {
                    return 1;
                }
                if (cb != '~') {
                    return -1;
                }
                one++;
                two++;
                continue;
            }
            if (ca == '^' || cb == '^') {
                if (one >= na) {
                    return -1;
                }
                if (two >= nb) {
                    return 1;
                }
                if (ca != '^') {
                    return 1;
                }
                if (cb != '^') {
                    return -1;
                }
                one++;
                two++;
                continue;
            }
            if (one >= na || two >= nb) {
                break;
            }
            int str1 = one;
            int str2 = two;
            boolean isNum;
            if (Num.isDigit(a.charAt(str1))) {
                while (str1 < na && Num.isDigit(a.charAt(str1))) {
                    str1++;
                }
                while (str2 < nb && Num.isDigit(b.charAt(str2))) {
                    str2++;
                }
                isNum = true;
            } else {
                while (str1 < na && isAlpha(a.charAt(str1))) {
                    str1++;
                }
                while (str2 < nb && isAlpha(b.charAt(str2))) {
                    str2++;
                }
                isNum = false;
            }
            if (two == str2) {
                return isNum ? 1 : -1;
            }
            int c;
            if (isNum) {
                c = Num.compare(a.substring(one, str1), b.substring(two, str2));
            } else {
                c = Integer.signum(a.substring(one, str1).compareTo(b.substring(two, str2)));
            }
            if (c != 0) {
                return c;
            }
            one = str1;
            two = str2;
        }
        if (one >= na && two >= nb) {
            return 0;
        }
        return one >= na ? -1 : 1;
    }

    /** Hashes the token sequence rpmvercmp sees: '~', '^', numbers without leading zeros, letter runs. */
    private static int tokensHash(String s) {
        int h = 1;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '~' || c == '^') {
                h = h * 31 + c;
                i++;
            } else if (Num.isDigit(c)) {
                int start = i;
                while (i < n && Num.isDigit(s.charAt(i))) {
                    i++;
                }
                h = h * 31 + Num.strip(s.substring(start, i)).hashCode();
            } else if (isAlpha(c)) {
                int start = i;
                while (i < n && isAlpha(s.charAt(i))) {
                    i++;
                }
                h = h * 31 + s.substring(start, i).hashCode() * 7;
            } else {
                i++;
            }
        }
        return h;
    }

    @Override
    protected int canonicalHash() {
        return (tokensHash(epoch) * 31 + tokensHash(version)) * 31 + tokensHash(release);
    }
}
