package dev.containersec.image.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Absolute-path globs compiled once: exact paths go to a hash set, the rest to regular expressions,
 * each guarded by its literal suffix (most globs end in a literal such as {@code .jar}) so that the
 * common case is one {@code endsWith} per glob.
 */
public final class GlobSet {
    /** The location of entries a walk skipped while resolving matched links in the merged view. */
    public static final String MERGED_VIEW = "merged view";

    private final Set<String> exact = new HashSet<>();
    private final List<Pattern> patterns = new ArrayList<>();
    private final List<String> suffixes = new ArrayList<>();

    /**
     * Compiles globs.
     *
     * @param globs absolute-path globs
     * @throws IllegalArgumentException if a glob is malformed
     */
    public GlobSet(List<String> globs) {
        for (String g : globs) {
            if (isExact(g)) {
                List<String> parts = PathNames.components(g);
                exact.add(parts == null ? g : PathNames.absolute(parts));
            } else {
                patterns.add(Pattern.compile(toRegex(g)));
                suffixes.add(literalSuffix(g));
            }
        }
    }

    boolean isEmpty() {
        return exact.isEmpty() && patterns.isEmpty();
    }

    Set<String> exactPaths() {
        return exact;
    }

    /**
     * Tells whether a normalised absolute path matches one of the globs.
     *
     * @param path the path
     * @return true when some glob matches
     */
    public boolean matches(String path) {
        if (exact.contains(path)) {
            return true;
        }
        for (int i = 0; i < patterns.size(); i++) {
            if (path.endsWith(suffixes.get(i)) && patterns.get(i).matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    static boolean isExact(String glob) {
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static String literalSuffix(String glob) {
        int i = glob.length();
        while (i > 0) {
            char c = glob.charAt(i - 1);
            if (c == '*' || c == '?' || c == ']' || c == '}' || c == '\\') {
                break;
            }
            i--;
        }
        return glob.substring(i);
    }

    /**
     * Translates a glob: {@code **} spans components, {@code *} and {@code ?} stay within one,
     * {@code [..]} is a character class ({@code [!..]} negated), {@code {a,b}} alternatives.
     */
    static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*':
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                        boolean slashBefore = i > 0 && glob.charAt(i - 1) == '/';
                        if (slashBefore && slashAfter) {
                            re.append("(?:[^/]+/)*");
                            i += 2;
                        } else {
                            re.append(".*");
                            i += 1;
                        }
                    } else {
                        re.append("[^/]*");
                    }
                    break;
                case '?':
                    re.append("[^/]");
                    break;
                case '[': {
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) {
                        re.append("\\[");
                        break;
                    }
                    String body = glob.substring(i + 1, close);
                    if (body.startsWith("!")) {
                        // as in shells and the JDK, a negated class never matches the separator
                        body = "^/" + body.substring(1);
                    }
                    re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = close;
                    break;
                }
                case '{':
                    braces++;
                    re.append("(?:");
                    break;
                case '}':
                    if (braces > 0) {
                        braces--;
                        re.append(')');
                    } else {
                        re.append("\\}");
                    }
                    break;
                case ',':
                    re.append(braces > 0 ? "|" : ",");
                    break;
                case '\\':
                    if (i + 1 < glob.length()) {
                        re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    }
                    break;
                default:
                    if ("().+^$|".indexOf(c) >= 0) {
                        re.append('\\');
                    }
                    re.append(c);
            }
        }
        if (braces != 0) {
            throw new IllegalArgumentException("unbalanced '{' in glob '" + glob + "'");
        }
        return re.toString();
    }
}
