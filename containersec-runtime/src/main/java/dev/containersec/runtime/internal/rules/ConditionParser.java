package dev.containersec.runtime.internal.rules;

import dev.containersec.runtime.internal.rules.Ast.And;
import dev.containersec.runtime.internal.rules.Ast.Check;
import dev.containersec.runtime.internal.rules.Ast.FieldRef;
import dev.containersec.runtime.internal.rules.Ast.FieldValue;
import dev.containersec.runtime.internal.rules.Ast.Lhs;
import dev.containersec.runtime.internal.rules.Ast.ListRef;
import dev.containersec.runtime.internal.rules.Ast.MacroRef;
import dev.containersec.runtime.internal.rules.Ast.NoValue;
import dev.containersec.runtime.internal.rules.Ast.Node;
import dev.containersec.runtime.internal.rules.Ast.Not;
import dev.containersec.runtime.internal.rules.Ast.Or;
import dev.containersec.runtime.internal.rules.Ast.Rhs;
import dev.containersec.runtime.internal.rules.Ast.Transform;
import dev.containersec.runtime.internal.rules.Ast.Value;
import dev.containersec.runtime.internal.rules.Ast.ValueList;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses Falco conditions (the libsinsp filter grammar, restated in the design notes) into {@link Ast}
 * nodes. Scannerless, because what a word means depends on where it stands (after an operator every
 * run of non-special characters is a value). Nesting (parentheses, {@code not}, transformers) is capped
 * at {@link #MAX_DEPTH}, as in libsinsp, so hostile input ends in a {@link ConditionSyntaxException}
 * and never in a {@link StackOverflowError}.
 */
public final class ConditionParser {

    /** Deepest nesting of parentheses, {@code not}s and transformers (libsinsp's bound). */
    public static final int MAX_DEPTH = 100;

    /** The operators written as symbols. */
    public static final Set<String> SYMBOL_OPS = Set.of("=", "==", "!=", "<", "<=", ">", ">=");
    /** The operators written as words, except the list operators. */
    public static final Set<String> WORD_OPS = Set.of("contains", "icontains", "bcontains", "startswith",
            "bstartswith", "endswith", "glob", "iglob", "regex", "exists");
    /** The operators whose operand is a list. */
    public static final Set<String> LIST_OPS = Set.of("in", "intersects", "pmatch");
    /** The transformer names the grammar accepts. */
    public static final Set<String> TRANSFORMERS = Set.of("tolower", "toupper", "b64", "basename", "len");

    private final String s;
    private int pos;

    private ConditionParser(String s) {
        this.s = s;
    }

    /**
     * Parses a condition.
     *
     * @param condition the condition text
     * @return the syntax tree
     * @throws ConditionSyntaxException if the text is not a condition
     */
    public static Node parse(String condition) {
        ConditionParser p = new ConditionParser(condition);
        Node node = p.parseOr(0);
        p.skipWs();
        if (p.pos < p.s.length()) {
            throw p.error("unexpected '" + p.snippet() + "'");
        }
        return node;
    }

    private Node parseOr(int depth) {
        Node first = parseAnd(depth);
        if (!peekKeyword("or")) {
            return first;
        }
        List<Node> children = new ArrayList<>();
        children.add(first);
        while (acceptKeyword("or")) {
            children.add(parseAnd(depth));
        }
        return new Or(children);
    }

    private Node parseAnd(int depth) {
        Node first = parseNot(depth);
        if (!peekKeyword("and")) {
            return first;
        }
        List<Node> children = new ArrayList<>();
        children.add(first);
        while (acceptKeyword("and")) {
            children.add(parseNot(depth));
        }
        return new And(children);
    }

    private Node parseNot(int depth) {
        if (acceptKeyword("not")) {
            checkDepth(depth + 1);
            return new Not(parseNot(depth + 1));
        }
        return parsePrimary(depth);
    }

    private Node parsePrimary(int depth) {
        skipWs();
        if (pos >= s.length()) {
            throw error("expected an expression but the condition ended");
        }
        char c = s.charAt(pos);
        if (c == '(') {
            checkDepth(depth + 1);
            pos++;
            Node inner = parseOr(depth + 1);
            skipWs();
            expect(')');
            return inner;
        }
        if (!isIdentStart(c)) {
            throw error("expected a field, a macro or '(' but found '" + snippet() + "'");
        }
        int start = pos;
        String name = readName();
        if (name.equals("and") || name.equals("or")) {
            pos = start;
            throw error("expected an expression before '" + name + "'");
        }
        Lhs lhs;
        if (pos < s.length() && s.charAt(pos) == '(' && TRANSFORMERS.contains(name)) {
            lhs = parseTransformRest(name, depth);
        } else if (pos < s.length() && s.charAt(pos) == '[') {
            lhs = new FieldRef(name, readFieldArg());
        } else if (name.indexOf('.') < 0) {
            return new MacroRef(name);
        } else {
            lhs = new FieldRef(name, "");
        }
        return parseCheck(lhs, depth);
    }

    private Check parseCheck(Lhs lhs, int depth) {
        skipWs();
        String op = readOperator();
        if (op == null) {
            throw error("expected an operator but found '" + snippet() + "'");
        }
        if (op.equals("exists")) {
            return new Check(lhs, op, new NoValue());
        }
        skipWs();
        Rhs rhs;
        if (LIST_OPS.contains(op)) {
            if (pos < s.length() && s.charAt(pos) == '(') {
                rhs = parseValueList();
            } else {
                Lhs field = tryFieldOperand(depth);
                if (field != null) {
                    rhs = new FieldValue(field);
                } else if (pos < s.length() && isIdentStart(s.charAt(pos))) {
                    rhs = new ListRef(readIdent());
                } else {
                    throw error("expected a list '(...)' or a list name after '" + op + "'");
                }
            }
        } else {
            Lhs field = tryFieldOperand(depth);
            rhs = field != null ? new FieldValue(field) : parseValue();
        }
        return new Check(lhs, op, rhs);
    }

    /** Parses {@code val(field)} or a transformer if one starts here; otherwise returns null. */
    private Lhs tryFieldOperand(int depth) {
        int start = pos;
        if (pos < s.length() && isIdentStart(s.charAt(pos))) {
            String word = readIdent();
            if (pos < s.length() && s.charAt(pos) == '(') {
                if (word.equals("val")) {
                    pos++;
                    skipWs();
                    if (pos >= s.length() || !isIdentStart(s.charAt(pos))) {
                        throw error("expected a field in val()");
                    }
                    String name = readName();
                    String arg = pos < s.length() && s.charAt(pos) == '[' ? readFieldArg() : "";
                    skipWs();
                    expect(')');
                    return new FieldRef(name, arg);
                }
                if (TRANSFORMERS.contains(word)) {
                    return parseTransformRest(word, depth);
                }
            }
        }
        pos = start;
        return null;
    }

    private Transform parseTransformRest(String function, int depth) {
        checkDepth(depth + 1);
        expect('(');
        skipWs();
        if (pos >= s.length() || !isIdentStart(s.charAt(pos))) {
            throw error("expected a field in " + function + "()");
        }
        String name = readName();
        Lhs arg;
        if (pos < s.length() && s.charAt(pos) == '(' && TRANSFORMERS.contains(name)) {
            arg = parseTransformRest(name, depth + 1);
        } else if (pos < s.length() && s.charAt(pos) == '[') {
            arg = new FieldRef(name, readFieldArg());
        } else {
            if (name.indexOf('.') < 0) {
                throw error("expected a field in " + function + "() but found '" + name + "'");
            }
            arg = new FieldRef(name, "");
        }
        skipWs();
        expect(')');
        return new Transform(function, arg);
    }

    private ValueList parseValueList() {
        expect('(');
        List<Value> items = new ArrayList<>();
        skipWs();
        if (pos < s.length() && s.charAt(pos) == ')') {
            pos++;
            return new ValueList(items);
        }
        while (true) {
            skipWs();
            items.add(parseValue());
            skipWs();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
                continue;
            }
            expect(')');
            return new ValueList(items);
        }
    }

    private Value parseValue() {
        if (pos >= s.length()) {
            throw error("expected a value but the condition ended");
        }
        char c = s.charAt(pos);
        if (c == '"' || c == '\'') {
            return new Value(readQuoted(), true);
        }
        int start = pos;
        while (pos < s.length() && isBareChar(s.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a value but found '" + snippet() + "'");
        }
        return new Value(s.substring(start, pos), false);
    }

    private String readQuoted() {
        char quote = s.charAt(pos);
        int start = pos;
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == quote) {
                return out.toString();
            }
            if (c == '\\' && pos < s.length()) {
                char e = s.charAt(pos++);
                switch (e) {
                    case '\\', '"', '\'' -> out.append(e);
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    default -> out.append('\\').append(e);
                }
            } else {
                out.append(c);
            }
        }
        pos = start;
        throw error("unterminated quoted string");
    }

    private String readFieldArg() {
        expect('[');
        String arg;
        if (pos < s.length() && (s.charAt(pos) == '"' || s.charAt(pos) == '\'')) {
            arg = readQuoted();
        } else {
            int start = pos;
            while (pos < s.length() && isArgChar(s.charAt(pos))) {
                pos++;
            }
            arg = s.substring(start, pos);
        }
        if (arg.isEmpty()) {
            throw error("empty field argument");
        }
        expect(']');
        return arg;
    }

    private String readOperator() {
        if (pos >= s.length()) {
            return null;
        }
        for (String op : new String[] {"==", "!=", "<=", ">=", "=", "<", ">"}) {
            if (s.startsWith(op, pos)) {
                pos += op.length();
                return op;
            }
        }
        int start = pos;
        while (pos < s.length() && s.charAt(pos) >= 'a' && s.charAt(pos) <= 'z') {
            pos++;
        }
        String word = s.substring(start, pos);
        boolean boundary = pos >= s.length() || !isIdentChar(s.charAt(pos));
        if (boundary && (WORD_OPS.contains(word) || LIST_OPS.contains(word))) {
            return word;
        }
        pos = start;
        return null;
    }

    private boolean peekKeyword(String keyword) {
        int save = pos;
        boolean found = acceptKeyword(keyword);
        pos = save;
        return found;
    }

    private boolean acceptKeyword(String keyword) {
        int save = pos;
        skipWs();
        if (s.startsWith(keyword, pos)) {
            int end = pos + keyword.length();
            if (end < s.length() && (Character.isWhitespace(s.charAt(end)) || s.charAt(end) == '(')) {
                pos = end;
                return true;
            }
        }
        pos = save;
        return false;
    }

    private String readName() {
        int start = pos;
        while (pos < s.length() && (isIdentChar(s.charAt(pos)) || s.charAt(pos) == '.')) {
            pos++;
        }
        String name = s.substring(start, pos);
        if (name.endsWith(".") || name.contains("..")) {
            pos = start;
            throw error("malformed field name '" + name + "'");
        }
        return name;
    }

    private String readIdent() {
        int start = pos;
        while (pos < s.length() && isIdentChar(s.charAt(pos))) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private void expect(char c) {
        if (pos >= s.length() || s.charAt(pos) != c) {
            throw error("expected '" + c + "' but found " + (pos >= s.length() ? "the end" : "'" + snippet() + "'"));
        }
        pos++;
    }

    private void skipWs() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("condition nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private String snippet() {
        return s.substring(pos, Math.min(s.length(), pos + 20));
    }

    private ConditionSyntaxException error(String message) {
        return new ConditionSyntaxException(message, pos);
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isIdentChar(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }

    /** Characters of an unquoted value: anything but whitespace and {@code ( ) , = " '}. */
    static boolean isBareChar(char c) {
        return !Character.isWhitespace(c) && c != '(' && c != ')' && c != ',' && c != '=' && c != '"' && c != '\'';
    }

    /** Characters of an unquoted field argument. */
    static boolean isArgChar(char c) {
        return !Character.isWhitespace(c) && c != '[' && c != ']' && c != '"' && c != '\'';
    }
}
