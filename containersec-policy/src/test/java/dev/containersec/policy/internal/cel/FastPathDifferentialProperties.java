package dev.containersec.policy.internal.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.containersec.policy.CelBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The fast path against CEL-Java's interpreter, on generated expressions over generated inputs: whenever the fast
 * path returns a value, CEL-Java returns the same value (same types, same order, same elements), never an error.
 * The generated values include the cases where the two could part: NaN, signed zeros, integer extremes, strings
 * outside the Basic Multilingual Plane, nulls, optionals, nested lists and maps; the expressions also use
 * functions outside the fast path's subset, to check that those are left to CEL-Java.
 */
class FastPathDifferentialProperties {

    private static final CelEnv ENV = new CelEnv(1000, false);
    private static final AtomicInteger CHECKED = new AtomicInteger();
    private static final AtomicInteger COMPILED_AND_VALUED = new AtomicInteger();
    private static final AtomicInteger FAST = new AtomicInteger();

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.randomValue(random -> new Case(new Gen(random).expr(4), input(random, 3)));
    }

    record Case(String expression, Object object) {
        @Override
        public String toString() {
            return expression + "  over  " + object;
        }
    }

    @Property(tries = 4000)
    void fastPathValue_isCelJavasValue(@ForAll("cases") Case c) throws Exception {
        CelAbstractSyntaxTree ast;
        try {
            ast = ENV.compile(c.expression());
        } catch (CelValidationException e) {
            return; // does not type-check: nothing to compare
        }
        CHECKED.incrementAndGet();
        CelRuntime.Program reference = ENV.plan(ast);
        Object expected;
        boolean error = false;
        try {
            expected = reference.eval(name -> name.equals("object") ? Optional.of(c.object())
                    : name.equals("variables") ? Optional.of(Map.of()) : Optional.of(CelValues.NULL));
        } catch (CelEvaluationException e) {
            expected = e.getMessage();
            error = true;
        }
        FastProgram fast = FastCompiler.compile(ast, 1000);
        if (fast == null) {
            return;
        }
        if (!error) {
            COMPILED_AND_VALUED.incrementAndGet();
        }
        Object actual;
        try {
            actual = fast.eval(i -> i == 0 ? c.object() : i == 5 ? Map.of() : CelValues.NULL,
                    new Budget(new CelBudget(10_000_000, Duration.ofMinutes(1), 1L << 24)));
        } catch (RuntimeException e) {
            if (e == FastProgram.BAIL) {
                return;
            }
            throw e;
        }
        FAST.incrementAndGet();
        assertThat(error).as("CEL-Java failed where the fast path gave %s: %s", actual, expected).isFalse();
        assertThat(same(actual, expected)).as("fast %s vs CEL-Java %s", actual, expected).isTrue();
    }

    @AfterContainer
    static void theFastPathDecidedAGoodShareOfTheCases() {
        // Not a vacuous comparison: most checked expressions must have been decided on the fast path.
        assertThat(CHECKED.get()).as("expressions that type-check (fast: %s)", FAST.get()).isGreaterThan(1000);
        assertThat(FAST.get()).as("of %s compiled for the fast path that CEL-Java gave a value for (%s checked),"
                + " decided on the fast path", COMPILED_AND_VALUED.get(), CHECKED.get())
                .isGreaterThan(COMPILED_AND_VALUED.get() * 2 / 3);
    }

    /** Type-exact deep equality: 1 and 1.0 differ, NaN equals NaN, -0.0 differs from 0.0. */
    static boolean same(Object a, Object b) {
        if (a instanceof List && b instanceof List) {
            Iterator<?> x = ((List<?>) a).iterator();
            Iterator<?> y = ((List<?>) b).iterator();
            while (x.hasNext() && y.hasNext()) {
                if (!same(x.next(), y.next())) {
                    return false;
                }
            }
            return !x.hasNext() && !y.hasNext();
        }
        if (a instanceof Map && b instanceof Map) {
            Map<?, ?> x = (Map<?, ?>) a;
            Map<?, ?> y = (Map<?, ?>) b;
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            return x.entrySet().stream().allMatch(e -> same(e.getValue(), y.get(e.getKey())));
        }
        if (a instanceof Optional && b instanceof Optional) {
            Optional<?> x = (Optional<?>) a;
            Optional<?> y = (Optional<?>) b;
            return x.isPresent() == y.isPresent() && (x.isEmpty() || same(x.get(), y.get()));
        }
        return a != null && a.equals(b);
    }

    private static final String[] KEYS = {"a", "b", "c", "items", "name"};
    private static final Object[] SCALARS = {0L, 1L, -1L, 2L, 7L, Long.MAX_VALUE, Long.MIN_VALUE, 0.0, -0.0, 1.0,
        2.5, -3.5, Double.NaN, Double.POSITIVE_INFINITY, "", "a", "b", "ab", "a,b", "é", "\uD83D\uDE00", "\uFFFF",
        "registry.example.com/app", true, false, CelValues.NULL};

    private static Object input(Random r, int depth) {
        int kind = r.nextInt(depth <= 0 ? 1 : 4);
        if (kind == 0) {
            return SCALARS[r.nextInt(SCALARS.length)];
        }
        if (kind == 1) {
            List<Object> list = new ArrayList<>();
            for (int i = r.nextInt(4); i > 0; i--) {
                list.add(input(r, depth - 1));
            }
            return List.copyOf(list);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            map.put(KEYS[r.nextInt(KEYS.length)], input(r, depth - 1));
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** A random expression over {@code object}, most of it inside the fast path's subset. */
    private static final class Gen {
        private static final String[] LITERALS = {"0", "1", "-1", "2", "7", "9223372036854775807",
            "-9223372036854775808", "0.0", "-0.0", "1.0", "2.5", "'a'", "''", "'b'", "'ab'", "'é'", "'\uD83D\uDE00'",
            "'\uFFFF'", "true", "false", "null", "[]", "[1, 2]", "['a', 'b']", "[1, 'a', 2.5]", "{'a': 1}",
            "{'a': 'b', 'b': [1]}", "optional.none()", "1u", "b'ab'", "double('NaN')"};
        private static final String[] BINARY = {"==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "&&",
            "||", "in"};
        private static final String[] VARS = {"x", "y"};

        private final Random r;
        private final List<String> scope = new ArrayList<>();

        Gen(Random r) {
            this.r = r;
        }

        String expr(int depth) {
            String e = shape(depth);
            // dyn() lets mismatched operands through the checker, so that run-time type errors are compared too
            return r.nextInt(3) == 0 ? "dyn(" + e + ")" : e;
        }

        private String dyn(int depth) {
            return "dyn(" + shape(depth) + ")";
        }

        private String shape(int depth) {
            if (depth <= 0) {
                return atom();
            }
            switch (r.nextInt(15)) {
                case 0:
                    return atom();
                case 1:
                case 12:
                    // operands from a small pool, so that equal, ordered and mixed pairs all come up often
                    return "(" + scalar() + " " + BINARY[r.nextInt(BINARY.length - 3)] + " " + scalar() + ")";
                case 13:
                    return r.nextBoolean() ? "size(" + string() + ")" : string() + ".size()";
                case 14:
                    return "(" + scalar() + " in " + pick("[1, 2.0, 'a']", "['a', 'b']", "[]", "{'a': 1}", "[[1], 2]",
                            "[-0.0]", "[0]", "object.items", "object") + ")";
                case 2:
                    return "(" + expr(depth - 1) + " " + BINARY[r.nextInt(BINARY.length)] + " " + expr(depth - 1) + ")";
                case 3:
                    return "(" + expr(depth - 1) + " " + BINARY[r.nextInt(6)] + " " + expr(depth - 1) + ")";
                case 4:
                    return r.nextBoolean() ? pick("!", "-") + "(" + dyn(depth - 1) + ")"
                            : pick("size", "string", "int", "optional.of") + "(" + dyn(depth - 1) + ")";
                case 5:
                    return dyn(depth - 1) + pick(".size()", ".hasValue()", ".value()", ".join()", ".join(', ')",
                            ".lowerAscii()");
                case 6:
                    if (r.nextBoolean()) {
                        return dyn(depth - 1) + ".matches(" + pick("'a'", "'^a'", "'b$'", "'^[a-z]+$'", "'.*'", "''",
                                "'\\\\.'", "'(a|b)*c'", "'['", "'\\\\p{L}'", "'^.$'") + ")";
                    }
                    if (r.nextBoolean()) {
                        return string() + "." + pick("startsWith", "endsWith", "contains") + "(" + string() + ")";
                    }
                    return dyn(depth - 1) + "." + pick("startsWith", "endsWith", "contains", "matches", "orValue")
                            + "(" + expr(depth - 1) + ")";
                case 7:
                    return "(" + dyn(depth - 1) + " ? " + dyn(depth - 1) + " : " + dyn(depth - 1) + ")";
                case 8:
                    return dyn(depth - 1) + "[" + expr(depth - 1) + "]";
                case 9:
                case 10: {
                    String range = dyn(depth - 1);
                    String v = VARS[r.nextInt(VARS.length)];
                    scope.add(v);
                    String macro = pick("all", "exists", "exists_one", "map", "filter", "map3");
                    boolean predicate = !macro.equals("map");
                    String body = predicate ? dyn(depth - 1) : expr(depth - 1);
                    String out = macro.equals("map3")
                            ? range + ".map(" + v + ", " + body + ", " + expr(depth - 1) + ")"
                            : range + "." + macro + "(" + v + ", " + body + ")";
                    scope.remove(scope.size() - 1);
                    return out;
                }
                default:
                    return "[" + expr(depth - 1) + ", " + expr(depth - 1) + "]";
            }
        }

        private String atom() {
            int k = r.nextInt(10);
            if (k < 3) {
                return LITERALS[r.nextInt(LITERALS.length)];
            }
            if (k < 5 && !scope.isEmpty()) {
                return scope.get(r.nextInt(scope.size()));
            }
            String key = KEYS[r.nextInt(KEYS.length)];
            switch (r.nextInt(6)) {
                case 0:
                    return "object";
                case 1:
                    return "has(object." + key + ")";
                case 2:
                    return "object.?" + key;
                case 3:
                    return "object." + key + "." + KEYS[r.nextInt(KEYS.length)];
                case 4:
                    return "object['" + key + "']";
                default:
                    return "object." + key;
            }
        }

        /** A scalar literal, or a field of the inputs. */
        private String scalar() {
            return r.nextInt(4) == 0 ? "object." + KEYS[r.nextInt(KEYS.length)]
                    : pick("0", "1", "2", "-1", "1.0", "2.0", "0.0", "-0.0", "2.5", "'a'", "'b'", "''", "true", "false",
                            "null", "9223372036854775807", "-9223372036854775808", "[1]", "[1.0]", "{'a': 1}");
        }

        /** A string-valued expression: a literal or a string field of the inputs (when it is one). */
        private String string() {
            return r.nextInt(3) == 0 ? "string(object." + KEYS[r.nextInt(KEYS.length)] + ")"
                    : pick("'a'", "'ab'", "'ba'", "''", "'b'", "'é'", "'a\uD83D\uDE00'", "'\uD83D\uDE00'", "'registry.example.com/'");
        }

        private String pick(String... options) {
            return options[r.nextInt(options.length)];
        }
    }
}
