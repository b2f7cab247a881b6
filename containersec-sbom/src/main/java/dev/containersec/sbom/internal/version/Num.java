package dev.containersec.sbom.internal.version;

/**
 * Helpers for arbitrary-length decimal digit strings, compared numerically without BigInteger:
 * strip leading zeros, then the longer string is larger, then lexical order decides.
 */
final class Num {
    private Num() {
    }

    /** Returns the digits without leading zeros ("0" for all zeros). */
    static String strip(String digits) {
        int i = 0;
        int n = digits.length();
        while (i < n - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return i == 0 ? digits : digits.substring(i);
    }

    /** Compares two stripped digit strings numerically. */
    static int compareStripped(String a, String b) {
        if (a.length() != b.length()) {
            return a.length() < b.length() ? -1 : 1;
        }
        return a.compareTo(b);
    }

    /** Compares two digit strings (leading zeros allowed) numerically. */
    static int compare(String a, String b) {
        return compareStripped(strip(a), strip(b));
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAllDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAsciiAlnum(char c) {
        return isDigit(c) || isAsciiLetter(c);
    }
}
