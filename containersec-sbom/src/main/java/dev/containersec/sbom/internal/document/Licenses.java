package dev.containersec.sbom.internal.document;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells SPDX licence identifiers and SPDX licence expressions from free-text licence names, and
 * combines a package's licence list into one SPDX expression and back.
 *
 * <p>An <em>id</em> is an exact (case-sensitive) entry of the SPDX License List (version 3.24.0). An
 * <em>expression</em> is a well-formed SPDX 2.3 licence expression (Annex D) whose licence ids are all on
 * the list, operators in upper case, without {@code LicenseRef-}/{@code DocumentRef-} (those would
 * need declaring). Anything else is a <em>name</em>.
 *
 * @see <a href="https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/">SPDX license expressions</a>
 */
public final class Licenses {

    /** How a licence string is written. */
    public enum Kind {
        /** A licence id of the SPDX License List, e.g. {@code MIT}. */
        ID,
        /** A compound SPDX expression (or an id with {@code +}), e.g. {@code MIT OR Apache-2.0}. */
        EXPRESSION,
        /** Free text, e.g. {@code GPL} or {@code Custom licence}. */
        NAME
    }

    private static final Set<String> IDS = loadIds();
    private static final Pattern ID_TOKEN = Pattern.compile("[A-Za-z0-9.\\-]+");

    private Licenses() {
    }

    private static Set<String> loadIds() {
        Set<String> ids = new HashSet<>();
        try (InputStream in = Licenses.class.getResourceAsStream("spdx-license-ids.txt")) {
            if (in == null) {
                throw new IllegalStateException("spdx-license-ids.txt is missing from containersec-sbom");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    ids.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(ids);
    }

    /**
     * Tells whether a string is an id of the SPDX License List.
     *
     * @param s the string
     * @return true for e.g. {@code Apache-2.0}
     */
    public static boolean isId(String s) {
        return IDS.contains(s);
    }

    /**
     * Classifies a licence string.
     *
     * @param s the licence as a package declares it
     * @return its kind
     */
    public static Kind classify(String s) {
        if (IDS.contains(s)) {
            return Kind.ID;
        }
        return isExpression(s) ? Kind.EXPRESSION : Kind.NAME;
    }

    /**
     * Tells whether a string is a well-formed SPDX expression over listed licence ids.
     *
     * @param s the string
     * @return true for e.g. {@code (MIT OR Apache-2.0) AND BSD-3-Clause}
     */
    public static boolean isExpression(String s) {
        List<String> tokens = tokens(s);
        if (tokens == null || tokens.isEmpty()) {
            return false;
        }
        int[] pos = {0};
        return orExpr(tokens, pos) && pos[0] == tokens.size();
    }

    private static boolean orExpr(List<String> t, int[] pos) {
        if (!andExpr(t, pos)) {
            return false;
        }
        while (pos[0] < t.size() && t.get(pos[0]).equals("OR")) {
            pos[0]++;
            if (!andExpr(t, pos)) {
                return false;
            }
        }
        return true;
    }

    private static boolean andExpr(List<String> t, int[] pos) {
        if (!withExpr(t, pos)) {
            return false;
        }
        while (pos[0] < t.size() && t.get(pos[0]).equals("AND")) {
            pos[0]++;
            if (!withExpr(t, pos)) {
                return false;
            }
        }
        return true;
    }

    private static boolean withExpr(List<String> t, int[] pos) {
        if (pos[0] >= t.size()) {
            return false;
        }
        String tok = t.get(pos[0]);
        if (tok.equals("(")) {
            pos[0]++;
            if (!orExpr(t, pos) || pos[0] >= t.size() || !t.get(pos[0]).equals(")")) {
                return false;
            }
            pos[0]++;
            return true;
        }
        String id = tok.endsWith("+") ? tok.substring(0, tok.length() - 1) : tok;
        if (!IDS.contains(id)) {
            return false;
        }
        pos[0]++;
        if (pos[0] < t.size() && t.get(pos[0]).equals("WITH")) {
            pos[0]++;
            if (pos[0] >= t.size() || !ID_TOKEN.matcher(t.get(pos[0])).matches() || isOperator(t.get(pos[0]))) {
                return false;
            }
            pos[0]++;
        }
        return true;
    }

    private static boolean isOperator(String t) {
        return t.equals("AND") || t.equals("OR") || t.equals("WITH");
    }

    /** Splits on blanks and parentheses; null when a character is not allowed in an expression. */
    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(String.valueOf(c));
                i++;
            } else {
                int start = i;
                while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '(' && s.charAt(i) != ')') {
                    char d = s.charAt(i);
                    if (!((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || (d >= '0' && d <= '9') || d == '.'
                            || d == '-' || d == '+')) {
                        return null;
                    }
                    i++;
                }
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    /**
     * Combines licence strings (each an id or an expression) into one expression with {@code AND},
     * parenthesising where needed so that {@link #splitAnd(String)} gives the same list back.
     *
     * @param parts the ids and expressions
     * @return the combined expression
     */
    public static String joinAnd(List<String> parts) {
        List<String> out = new ArrayList<>(parts.size());
        for (String p : parts) {
            out.add(wrapNeeded(p, parts.size()) ? "(" + p + ")" : p);
        }
        return String.join(" AND ", out);
    }

    /**
     * Splits an expression at its top-level {@code AND}s, undoing {@link #joinAnd(List)}. Tolerant:
     * text that is not a valid expression is split the same way and never rejected.
     *
     * @param expression the expression
     * @return the parts
     */
    public static List<String> splitAnd(String expression) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        String s = expression;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && c == ' ' && s.startsWith(" AND ", i)) {
                parts.add(s.substring(start, i));
                i += 4;
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        List<String> out = new ArrayList<>(parts.size());
        for (String p : parts) {
            String t = p.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (isWrapped(t) && wrapNeeded(t.substring(1, t.length() - 1), parts.size())) {
                t = t.substring(1, t.length() - 1);
            }
            out.add(t);
        }
        return out;
    }

    /**
     * Whether one part of an n-part list is parenthesised when joined: when it has a top-level AND
     * (it would split), a top-level OR next to other parts (AND binds tighter), or is itself a group
     * that the reader would otherwise strip.
     */
    private static boolean wrapNeeded(String p, int n) {
        if (hasTopLevelAnd(p) || (n > 1 && hasTopLevelOr(p))) {
            return true;
        }
        return isWrapped(p) && wrapNeeded(p.substring(1, p.length() - 1), n);
    }

    private static boolean hasTopLevelAnd(String s) {
        return hasTopLevel(s, " AND ");
    }

    private static boolean hasTopLevelOr(String s) {
        return hasTopLevel(s, " OR ");
    }

    private static boolean hasTopLevel(String s, String op) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && c == ' ' && s.startsWith(op, i)) {
                return true;
            }
        }
        return false;
    }

    /** True when the string is one parenthesised group, e.g. {@code (A OR B)} but not {@code (A) OR (B)}. */
    private static boolean isWrapped(String s) {
        if (s.length() < 2 || s.charAt(0) != '(' || s.charAt(s.length() - 1) != ')') {
            return false;
        }
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0 && i < s.length() - 1) {
                    return false;
                }
            }
        }
        return depth == 0;
    }
}
