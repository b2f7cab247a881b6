package dev.containersec.runtime.internal.rules;

import dev.containersec.runtime.internal.rules.Ast.And;
import dev.containersec.runtime.internal.rules.Ast.Check;
import dev.containersec.runtime.internal.rules.Ast.FieldRef;
import dev.containersec.runtime.internal.rules.Ast.FieldValue;
import dev.containersec.runtime.internal.rules.Ast.Lhs;
import dev.containersec.runtime.internal.rules.Ast.NoValue;
import dev.containersec.runtime.internal.rules.Ast.Node;
import dev.containersec.runtime.internal.rules.Ast.Not;
import dev.containersec.runtime.internal.rules.Ast.Or;
import dev.containersec.runtime.internal.rules.Ast.Transform;
import dev.containersec.runtime.internal.rules.Ast.Value;
import dev.containersec.runtime.internal.rules.Ast.ValueList;
import dev.containersec.api.FileOpenEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compiles expanded condition trees to {@link Pred}s with Falco's semantics: a field that cannot be
 * extracted makes its check false for every operator, {@code !=} included; only {@code not} turns
 * that into true.
 */
final class Compiler {

    private static final Map<String, Integer> OPEN_FLAGS = Map.ofEntries(
            Map.entry("O_RDONLY", FileOpenEvent.O_RDONLY), Map.entry("O_WRONLY", FileOpenEvent.O_WRONLY),
            Map.entry("O_RDWR", FileOpenEvent.O_RDWR), Map.entry("O_CREAT", FileOpenEvent.O_CREAT),
            Map.entry("O_EXCL", FileOpenEvent.O_EXCL), Map.entry("O_NOCTTY", FileOpenEvent.O_NOCTTY),
            Map.entry("O_TRUNC", FileOpenEvent.O_TRUNC), Map.entry("O_APPEND", FileOpenEvent.O_APPEND),
            Map.entry("O_NONBLOCK", FileOpenEvent.O_NONBLOCK), Map.entry("O_DSYNC", FileOpenEvent.O_DSYNC),
            Map.entry("O_DIRECT", FileOpenEvent.O_DIRECT), Map.entry("O_LARGEFILE", FileOpenEvent.O_LARGEFILE),
            Map.entry("O_DIRECTORY", FileOpenEvent.O_DIRECTORY), Map.entry("O_NOFOLLOW", FileOpenEvent.O_NOFOLLOW),
            Map.entry("O_NOATIME", FileOpenEvent.O_NOATIME), Map.entry("O_CLOEXEC", FileOpenEvent.O_CLOEXEC),
            Map.entry("O_SYNC", FileOpenEvent.O_SYNC), Map.entry("O_PATH", FileOpenEvent.O_PATH),
            Map.entry("O_TMPFILE", FileOpenEvent.O_TMPFILE));

    private final java.util.IdentityHashMap<Node, Integer> slots;
    private final java.util.IdentityHashMap<Node, Pred> shared = new java.util.IdentityHashMap<>();

    /**
     * Creates a compiler.
     *
     * @param slots the expanded macro trees, each with its memo slot: a macro's result is computed once
     *     per event and shared by every rule that uses it (rules for one event type mostly start with the
     *     same macros, e.g. {@code spawned_process and container})
     */
    Compiler(java.util.IdentityHashMap<Node, Integer> slots) {
        this.slots = slots;
    }

    Pred compile(Node node) {
        Integer slot = slots.get(node);
        if (slot == null) {
            return compileNode(node);
        }
        Pred cached = shared.get(node);
        if (cached != null) {
            return cached;
        }
        Pred inner = compileNode(node);
        int i = slot;
        Pred memo = v -> {
            byte[] m = v.memo;
            byte state = m[i];
            if (state != 0) {
                return state == 1;
            }
            boolean r = inner.test(v);
            m[i] = (byte) (r ? 1 : 2);
            return r;
        };
        shared.put(node, memo);
        return memo;
    }

    private Pred compileNode(Node node) {
        if (node instanceof And and) {
            Pred[] ps = compileAll(and.children());
            if (ps.length == 2) {
                Pred a = ps[0];
                Pred b = ps[1];
                return v -> a.test(v) && b.test(v);
            }
            return v -> {
                for (Pred p : ps) {
                    if (!p.test(v)) {
                        return false;
                    }
                }
                return true;
            };
        }
        if (node instanceof Or or) {
            Pred[] ps = compileAll(or.children());
            if (ps.length == 2) {
                Pred a = ps[0];
                Pred b = ps[1];
                return v -> a.test(v) || b.test(v);
            }
            return v -> {
                for (Pred p : ps) {
                    if (p.test(v)) {
                        return true;
                    }
                }
                return false;
            };
        }
        if (node instanceof Not not) {
            Pred p = compile(not.child());
            return v -> !p.test(v);
        }
        if (node instanceof Check check) {
            return check(check);
        }
        throw new RuleCompileException("unexpanded macro in condition: " + node);
    }

    private Pred[] compileAll(List<Node> children) {
        Pred[] ps = new Pred[children.size()];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = compile(children.get(i));
        }
        return ps;
    }

    /** Resolves a field or transformer. */
    static FieldSpec lhs(Lhs lhs) {
        if (lhs instanceof FieldRef f) {
            FieldSpec spec;
            try {
                spec = Fields.resolve(f.name(), f.arg());
            } catch (IllegalArgumentException e) {
                throw new RuleCompileException(e.getMessage(), f.display(), false);
            }
            if (spec == null) {
                throw RuleCompileException.unknownField(f.display());
            }
            return spec;
        }
        Transform t = (Transform) lhs;
        FieldSpec inner = lhs(t.arg());
        FieldSpec.Str s = inner.str();
        String display = ConditionPrinter.lhs(t);
        switch (t.function()) {
            case "tolower":
                return FieldSpec.string(display, v -> {
                    String x = s.get(v);
                    return x == null ? null : x.toLowerCase(Locale.ROOT);
                });
            case "toupper":
                return FieldSpec.string(display, v -> {
                    String x = s.get(v);
                    return x == null ? null : x.toUpperCase(Locale.ROOT);
                });
            case "basename":
                return FieldSpec.string(display, v -> {
                    String x = s.get(v);
                    return x == null ? null : x.substring(x.lastIndexOf('/') + 1);
                });
            case "b64":
                return FieldSpec.string(display, v -> {
                    String x = s.get(v);
                    if (x == null) {
                        return null;
                    }
                    try {
                        return new String(Base64.getDecoder().decode(x), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                });
            case "len":
                return FieldSpec.number(display, v -> {
                    if (inner.multi() != null) {
                        List<String> values = inner.multi().get(v);
                        return values == null ? FieldSpec.MISSING : values.size();
                    }
                    String x = s.get(v);
                    return x == null ? FieldSpec.MISSING : x.length();
                });
            default:
                throw new RuleCompileException("unsupported transformer '" + t.function() + "'");
        }
    }

    private static Pred check(Check check) {
        FieldSpec f = lhs(check.lhs());
        String op = check.op().equals("==") ? "=" : check.op();
        if (op.equals("exists")) {
            return exists(f);
        }
        if (op.equals("regex")) {
            throw new RuleCompileException("operator 'regex' is not supported (use glob, pmatch or startswith)",
                    f.display(), false);
        }
        if (check.rhs() instanceof FieldValue fv) {
            return fieldCompare(f, op, lhs(fv.lhs()));
        }
        boolean listOp = ConditionParser.LIST_OPS.contains(op);
        List<String> values = new ArrayList<>();
        if (check.rhs() instanceof ValueList list) {
            if (!listOp) {
                throw new RuleCompileException("operator '" + op + "' takes a single value, not a list", f.display(),
                        false);
            }
            for (Value v : list.items()) {
                values.add(v.text());
            }
        } else if (check.rhs() instanceof Value v) {
            values.add(v.text());
        } else if (!(check.rhs() instanceof NoValue)) {
            throw new RuleCompileException("unresolved list in condition", f.display(), false);
        } else {
            throw new RuleCompileException("operator '" + op + "' needs a value", f.display(), false);
        }
        switch (f.type()) {
            case NUMBER:
            case BOOL:
                return numeric(f, op, values);
            case IP:
                return ip(f, op, values);
            case MULTI:
                return multi(f, op, values);
            default:
                return string(f, op, values);
        }
    }

    private static Pred exists(FieldSpec f) {
        switch (f.type()) {
            case NUMBER:
            case BOOL: {
                FieldSpec.Num n = f.num();
                return v -> n.get(v) != FieldSpec.MISSING;
            }
            case MULTI: {
                FieldSpec.Multi m = f.multi();
                return v -> m.get(v) != null;
            }
            default: {
                FieldSpec.Str s = f.str();
                return v -> s.get(v) != null;
            }
        }
    }

    /** A test of one string value (presence is checked by the caller). */
    private interface StrTest {
        boolean test(String x);
    }

    private static Pred string(FieldSpec f, String op, List<String> values) {
        FieldSpec.Str s = f.str();
        if (f.type() == FieldSpec.Type.FLAGS && op.equals("contains") && OPEN_FLAGS.containsKey(values.get(0))) {
            int flag = OPEN_FLAGS.get(values.get(0));
            return v -> v.event instanceof FileOpenEvent o && o.hasFlag(flag);
        }
        if (op.equals("=")) {
            String value = values.get(0);
            return v -> value.equals(s.get(v));
        }
        if (op.equals("startswith")) {
            String value = values.get(0);
            return v -> {
                String x = s.get(v);
                return x != null && x.startsWith(value);
            };
        }
        StrTest t = strTest(f, op, values);
        return v -> {
            String x = s.get(v);
            return x != null && t.test(x);
        };
    }

    private static Pred multi(FieldSpec f, String op, List<String> values) {
        FieldSpec.Multi m = f.multi();
        if (op.equals("!=")) {
            String value = values.get(0);
            return v -> {
                List<String> xs = m.get(v);
                return xs != null && !xs.contains(value);
            };
        }
        StrTest t = strTest(f, op, values);
        return v -> {
            List<String> xs = m.get(v);
            if (xs == null) {
                return false;
            }
            for (String x : xs) {
                if (t.test(x)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static StrTest strTest(FieldSpec f, String op, List<String> values) {
        String value = values.isEmpty() ? "" : values.get(0);
        switch (op) {
            case "=":
                return value::equals;
            case "!=":
                return x -> !value.equals(x);
            case "contains":
                return x -> x.contains(value);
            case "icontains": {
                int n = value.length();
                return x -> {
                    for (int i = 0; i + n <= x.length(); i++) {
                        if (x.regionMatches(true, i, value, 0, n)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case "startswith":
                return x -> x.startsWith(value);
            case "endswith":
                return x -> x.endsWith(value);
            case "glob": {
                Glob g = new Glob(value);
                return g::matches;
            }
            case "iglob": {
                Glob g = new Glob(value.toLowerCase(Locale.ROOT));
                return x -> g.matches(x.toLowerCase(Locale.ROOT));
            }
            case "bcontains":
            case "bstartswith": {
                byte[] needle = hex(value, f);
                boolean start = op.equals("bstartswith");
                return x -> {
                    byte[] hay = x.getBytes(StandardCharsets.UTF_8);
                    return start ? hay.length >= needle.length
                            && Arrays.equals(hay, 0, needle.length, needle, 0, needle.length) : indexOf(hay, needle) >= 0;
                };
            }
            case "in":
            case "intersects": {
                String[] small = new java.util.LinkedHashSet<>(values).toArray(new String[0]);
                if (small.length == 1) {
                    String only = small[0];
                    return only::equals;
                }
                if (small.length <= 8) {
                    // A short scan beats hashing: most values differ in length or first characters.
                    return x -> {
                        for (String s : small) {
                            if (s.equals(x)) {
                                return true;
                            }
                        }
                        return false;
                    };
                }
                Set<String> set = new HashSet<>(values);
                return set::contains;
            }
            case "pmatch":
                return pmatch(values);
            case "<":
            case "<=":
            case ">":
            case ">=":
                throw new RuleCompileException("operator '" + op + "' needs a numeric field, but '" + f.display()
                        + "' is a string", f.display(), false);
            default:
                throw new RuleCompileException("unknown operator '" + op + "'", f.display(), false);
        }
    }

    private static StrTest pmatch(List<String> items) {
        Set<String> exact = new HashSet<>();
        List<Glob> globs = new ArrayList<>();
        boolean root = false;
        for (String item : items) {
            String p = item.length() > 1 && item.endsWith("/") ? item.substring(0, item.length() - 1) : item;
            if (p.equals("/")) {
                root = true;
            } else if (Glob.hasMeta(p)) {
                globs.add(new Glob(p));
            } else {
                exact.add(p);
            }
        }
        boolean matchesRoot = root;
        String[] prefixes = exact.toArray(new String[0]);
        // Few prefixes: compare in place (no allocation). Many: look up each component-boundary prefix.
        boolean linear = prefixes.length <= 16;
        Glob[] globArray = globs.toArray(new Glob[0]);
        return x -> {
            if (matchesRoot && x.startsWith("/")) {
                return true;
            }
            if (linear) {
                for (String p : prefixes) {
                    if (x.startsWith(p) && (x.length() == p.length() || x.charAt(p.length()) == '/')) {
                        return true;
                    }
                }
            } else {
                if (exact.contains(x)) {
                    return true;
                }
                for (int i = x.indexOf('/', 1); i > 0; i = x.indexOf('/', i + 1)) {
                    if (exact.contains(x.substring(0, i))) {
                        return true;
                    }
                }
            }
            for (Glob g : globArray) {
                if (g.matches(x)) {
                    return true;
                }
                for (int i = x.indexOf('/', 1); i > 0; i = x.indexOf('/', i + 1)) {
                    if (g.matches(x.substring(0, i))) {
                        return true;
                    }
                }
            }
            return false;
        };
    }

    private static Pred numeric(FieldSpec f, String op, List<String> values) {
        FieldSpec.Num n = f.num();
        boolean bool = f.type() == FieldSpec.Type.BOOL;
        long[] nums = new long[values.size()];
        for (int i = 0; i < nums.length; i++) {
            nums[i] = number(values.get(i), f, bool);
        }
        long k = nums.length == 0 ? 0 : nums[0];
        switch (op) {
            case "=":
                return v -> n.get(v) == k;
            case "!=":
                return v -> {
                    long x = n.get(v);
                    return x != FieldSpec.MISSING && x != k;
                };
            case "<":
            case "<=":
            case ">":
            case ">=":
                if (bool) {
                    throw new RuleCompileException("operator '" + op + "' does not apply to boolean field '"
                            + f.display() + "'", f.display(), false);
                }
                switch (op) {
                    case "<":
                        return v -> {
                            long x = n.get(v);
                            return x != FieldSpec.MISSING && x < k;
                        };
                    case "<=":
                        return v -> {
                            long x = n.get(v);
                            return x != FieldSpec.MISSING && x <= k;
                        };
                    case ">":
                        return v -> n.get(v) > k;
                    default:
                        return v -> n.get(v) >= k;
                }
            case "in":
            case "intersects": {
                long[] sorted = nums.clone();
                Arrays.sort(sorted);
                return v -> {
                    long x = n.get(v);
                    return x != FieldSpec.MISSING && Arrays.binarySearch(sorted, x) >= 0;
                };
            }
            default:
                throw new RuleCompileException("operator '" + op + "' does not apply to numeric field '"
                        + f.display() + "'", f.display(), false);
        }
    }

    private static long number(String text, FieldSpec f, boolean bool) {
        if (bool) {
            if (text.equalsIgnoreCase("true")) {
                return 1;
            }
            if (text.equalsIgnoreCase("false")) {
                return 0;
            }
            throw new RuleCompileException("field '" + f.display() + "' is boolean, '" + text
                    + "' is not true or false", f.display(), false);
        }
        try {
            String t = text.startsWith("+") ? text.substring(1) : text;
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            long x = Long.parseLong(t);
            if (x == FieldSpec.MISSING) {
                throw new NumberFormatException("out of range");
            }
            return x;
        } catch (NumberFormatException e) {
            throw new RuleCompileException("field '" + f.display() + "' is numeric, '" + text
                    + "' is not an integer", f.display(), false);
        }
    }

    private static Pred ip(FieldSpec f, String op, List<String> values) {
        FieldSpec.Ip g = f.ip();
        Cidr[] nets = new Cidr[values.size()];
        for (int i = 0; i < nets.length; i++) {
            try {
                nets[i] = Cidr.parse(values.get(i));
            } catch (IllegalArgumentException e) {
                throw new RuleCompileException("field '" + f.display() + "' is an address: " + e.getMessage(),
                        f.display(), false);
            }
        }
        Pred any = v -> {
            byte[] a = g.get(v);
            if (a == null) {
                return false;
            }
            for (Cidr c : nets) {
                if (c.contains(a)) {
                    return true;
                }
            }
            return false;
        };
        switch (op) {
            case "=":
            case "in":
            case "intersects":
                return any;
            case "!=":
                return v -> g.get(v) != null && !any.test(v);
            default:
                throw new RuleCompileException("operator '" + op + "' does not apply to address field '"
                        + f.display() + "'", f.display(), false);
        }
    }

    private static Pred fieldCompare(FieldSpec a, String op, FieldSpec b) {
        boolean numeric = (a.type() == FieldSpec.Type.NUMBER) && (b.type() == FieldSpec.Type.NUMBER);
        if (numeric) {
            FieldSpec.Num x = a.num();
            FieldSpec.Num y = b.num();
            switch (op) {
                case "=": return v -> both(x, y, v) && x.get(v) == y.get(v);
                case "!=": return v -> both(x, y, v) && x.get(v) != y.get(v);
                case "<": return v -> both(x, y, v) && x.get(v) < y.get(v);
                case "<=": return v -> both(x, y, v) && x.get(v) <= y.get(v);
                case ">": return v -> both(x, y, v) && x.get(v) > y.get(v);
                case ">=": return v -> both(x, y, v) && x.get(v) >= y.get(v);
                default: break;
            }
        }
        FieldSpec.Str x = a.str();
        FieldSpec.Str y = b.str();
        interface Bi {
            boolean test(String p, String q);
        }
        Bi t;
        switch (op) {
            case "=": t = String::equals; break;
            case "!=": t = (p, q) -> !p.equals(q); break;
            case "contains": t = String::contains; break;
            case "startswith": t = String::startsWith; break;
            case "endswith": t = String::endsWith; break;
            default:
                throw new RuleCompileException("operator '" + op + "' does not support a field operand here",
                        a.display(), false);
        }
        return v -> {
            String p = x.get(v);
            if (p == null) {
                return false;
            }
            String q = y.get(v);
            return q != null && t.test(p, q);
        };
    }

    private static boolean both(FieldSpec.Num x, FieldSpec.Num y, EventView v) {
        return x.get(v) != FieldSpec.MISSING && y.get(v) != FieldSpec.MISSING;
    }

    private static byte[] hex(String text, FieldSpec f) {
        if (text.length() % 2 != 0 || text.isEmpty()) {
            throw new RuleCompileException("'" + text + "' is not an even number of hex digits", f.display(), false);
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(text.charAt(2 * i), 16);
            int lo = Character.digit(text.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new RuleCompileException("'" + text + "' is not hexadecimal", f.display(), false);
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
