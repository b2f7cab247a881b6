package dev.containersec.runtime.internal.rules;

/**
 * Shell globs as Falco's {@code glob} operator matches them: the whole string, {@code *} and {@code ?}
 * never matching {@code /}, bracket classes with {@code !}/{@code ^} negation and ranges, {@code \}
 * escapes. Linear-time per path component (no exponential backtracking on hostile patterns).
 */
final class Glob {
    private final String pattern;

    Glob(String pattern) {
        this.pattern = pattern;
    }

    static boolean hasMeta(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('\\') >= 0;
    }

    boolean matches(String text) {
        return match(pattern, text);
    }

    /** Classic two-pointer wildcard match with one backtrack point; a star never crosses '/'. */
    static boolean match(String p, String t) {
        int pi = 0;
        int ti = 0;
        int starP = -1;
        int starT = -1;
        while (ti < t.length()) {
            if (pi < p.length()) {
                char pc = p.charAt(pi);
                if (pc == '*') {
                    starP = ++pi;
                    starT = ti;
                    continue;
                }
                int next = single(p, pi, t.charAt(ti));
                if (next >= 0) {
                    pi = next;
                    ti++;
                    continue;
                }
            }
            // Backtrack: let the last star absorb one more character, unless it is a '/'.
            if (starP >= 0 && t.charAt(starT) != '/') {
                pi = starP;
                ti = ++starT;
                continue;
            }
            return false;
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    /** Matches one text character against the pattern element at pi; returns the next index or -1. */
    private static int single(String p, int pi, char c) {
        char pc = p.charAt(pi);
        if (pc == '?') {
            return c == '/' ? -1 : pi + 1;
        }
        if (pc == '\\' && pi + 1 < p.length()) {
            return p.charAt(pi + 1) == c ? pi + 2 : -1;
        }
        if (pc == '[') {
            int i = pi + 1;
            boolean negate = i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^');
            if (negate) {
                i++;
            }
            boolean matched = false;
            boolean first = true;
            while (i < p.length() && (first || p.charAt(i) != ']')) {
                first = false;
                char lo = p.charAt(i);
                if (i + 2 < p.length() && p.charAt(i + 1) == '-' && p.charAt(i + 2) != ']') {
                    char hi = p.charAt(i + 2);
                    matched |= c >= lo && c <= hi;
                    i += 3;
                } else {
                    matched |= c == lo;
                    i++;
                }
            }
            if (i >= p.length()) {
                // No closing bracket: '[' is a literal.
                return c == '[' ? pi + 1 : -1;
            }
            return (matched != negate) && c != '/' ? i + 1 : -1;
        }
        return pc == c ? pi + 1 : -1;
    }
}
