package dev.containersec.policy.internal.cel;

import com.google.re2j.Pattern;
import dev.containersec.policy.internal.cel.FastProgram.Frame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nodes {@link FastCompiler} builds, one small class per CEL construct. Each evaluates its children, applies
 * {@link FastOps}, reports its value to the frame's budget and returns it; anything it cannot decide exactly as
 * CEL-Java would throws {@link FastProgram#BAIL}.
 */
final class FastNodes {

    private FastNodes() {
    }

    /** One compiled sub-expression. */
    abstract static class Node {
        /**
         * Evaluates this node.
         *
         * @param f the evaluation's frame
         * @return the value
         */
        abstract Object eval(Frame f);
    }

    /** A literal. */
    static final class Const extends Node {
        private final Object value;

        Const(Object value) {
            this.value = value;
        }

        @Override
        Object eval(Frame f) {
            return f.seen(value);
        }
    }

    /** A top-level variable. */
    static final class Global extends Node {
        private final int index;

        Global(int index) {
            this.index = index;
        }

        @Override
        Object eval(Frame f) {
            return f.seen(FastOps.checked(f.globals.global(index)));
        }
    }

    /** A comprehension's iteration or accumulator variable. */
    static final class Slot extends Node {
        private final int index;

        Slot(int index) {
            this.index = index;
        }

        @Override
        Object eval(Frame f) {
            return f.seen(f.slots[index]);
        }
    }

    /** {@code x.field}, {@code has(x.field)} or {@code x.?field}. */
    static final class Select extends Node {
        enum Mode { VALUE, TEST, OPTIONAL }

        private final Node operand;
        private final String field;
        private final Mode mode;

        Select(Node operand, String field, Mode mode) {
            this.operand = operand;
            this.field = field;
            this.mode = mode;
        }

        @Override
        Object eval(Frame f) {
            Object x = operand.eval(f);
            switch (mode) {
                case VALUE:
                    return f.seen(FastOps.select(x, field));
                case TEST:
                    return f.seen(FastOps.has(x, field));
                default:
                    return f.seen(FastOps.optionalSelect(x, field));
            }
        }
    }

    /**
     * {@code a && b} and {@code a || b}: the right side is evaluated only when the left does not decide (false
     * for {@code &&}, true for {@code ||}); both sides must be booleans.
     */
    static final class Logical extends Node {
        private final Node left;
        private final Node right;
        private final boolean decidedBy;

        Logical(Node left, Node right, boolean and) {
            this.left = left;
            this.right = right;
            this.decidedBy = !and;
        }

        @Override
        Object eval(Frame f) {
            if (FastOps.bool(left.eval(f)) == decidedBy) {
                return f.seen(decidedBy);
            }
            return f.seen(FastOps.bool(right.eval(f)));
        }
    }

    /** {@code c ? a : b}, evaluating only the chosen branch. */
    static final class Conditional extends Node {
        private final Node condition;
        private final Node then;
        private final Node otherwise;

        Conditional(Node condition, Node then, Node otherwise) {
            this.condition = condition;
            this.then = then;
            this.otherwise = otherwise;
        }

        @Override
        Object eval(Frame f) {
            return f.seen(FastOps.bool(condition.eval(f)) ? then.eval(f) : otherwise.eval(f));
        }
    }

    /** A call of one argument: {@code !x}, {@code -x}, {@code size(x)}, {@code string(x)} and the like. */
    static final class Unary extends Node {
        enum Op { DYN, NOT, NEGATE, SIZE, STRING, INT, NOT_STRICTLY_FALSE, HAS_VALUE, VALUE, OPTIONAL_OF, JOIN }

        private final Op op;
        private final Node operand;

        Unary(Op op, Node operand) {
            this.op = op;
            this.operand = operand;
        }

        @Override
        Object eval(Frame f) {
            Object x = operand.eval(f);
            switch (op) {
                case DYN:
                    return f.seen(x);
                case NOT:
                    return f.seen(!FastOps.bool(x));
                case NOT_STRICTLY_FALSE:
                    return f.seen(FastOps.bool(x));
                case NEGATE:
                    return f.seen(FastOps.negate(x));
                case SIZE:
                    return f.seen(FastOps.size(x));
                case STRING:
                    return f.seen(FastOps.string(x));
                case INT:
                    if (x instanceof Long) {
                        return f.seen(x);
                    }
                    throw FastProgram.BAIL;
                case HAS_VALUE:
                    return f.seen(optional(x).isPresent());
                case VALUE:
                    return f.seen(FastOps.checked(optional(x).orElseThrow(() -> FastProgram.BAIL)));
                case OPTIONAL_OF:
                    return f.seen(Optional.of(x));
                default:
                    return f.seen(FastOps.join(x, ""));
            }
        }
    }

    /** A strict call of two arguments: comparisons, arithmetic, {@code in}, indexing and string tests. */
    static final class Binary extends Node {
        enum Op { EQ, NE, LT, LE, GT, GE, ADD, SUB, MUL, DIV, MOD, IN, INDEX, STARTS_WITH, ENDS_WITH, CONTAINS, JOIN }

        private final Op op;
        private final Node left;
        private final Node right;

        Binary(Op op, Node left, Node right) {
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(Frame f) {
            Object x = left.eval(f);
            Object y = right.eval(f);
            switch (op) {
                case EQ:
                    return f.seen(FastOps.equal(x, y));
                case NE:
                    return f.seen(!FastOps.equal(x, y));
                case LT:
                    return f.seen(FastOps.compare(x, y) < 0);
                case LE:
                    return f.seen(FastOps.compare(x, y) <= 0);
                case GT:
                    return f.seen(FastOps.compare(x, y) > 0);
                case GE:
                    return f.seen(FastOps.compare(x, y) >= 0);
                case ADD:
                    return f.seen(FastOps.add(x, y));
                case SUB:
                    return f.seen(FastOps.arithmetic('-', x, y));
                case MUL:
                    return f.seen(FastOps.arithmetic('*', x, y));
                case DIV:
                    return f.seen(FastOps.arithmetic('/', x, y));
                case MOD:
                    return f.seen(FastOps.arithmetic('%', x, y));
                case IN:
                    return f.seen(in(x, y));
                case INDEX:
                    return f.seen(FastOps.index(x, y));
                case JOIN:
                    return f.seen(FastOps.join(x, y));
                default:
                    return f.seen(stringTest(x, y));
            }
        }

        private static boolean in(Object element, Object container) {
            if (container instanceof List) {
                return FastOps.inList((List<?>) container, element);
            }
            if (container instanceof Map && element instanceof String) {
                return ((Map<?, ?>) container).get(element) != null;
            }
            throw FastProgram.BAIL;
        }

        private boolean stringTest(Object x, Object y) {
            if (!(x instanceof String) || !(y instanceof String)) {
                throw FastProgram.BAIL;
            }
            String s = (String) x;
            String t = (String) y;
            return op == Op.STARTS_WITH ? s.startsWith(t) : op == Op.ENDS_WITH ? s.endsWith(t) : s.contains(t);
        }
    }

    /**
     * {@code s.matches(re)} with a literal pattern, compiled once: RE2 semantics, true when the pattern matches
     * anywhere in the string, as CEL-Java with its default {@code enableRegexPartialMatch}.
     */
    static final class Matches extends Node {
        private final Node string;
        private final Pattern pattern;

        Matches(Node string, Pattern pattern) {
            this.string = string;
            this.pattern = pattern;
        }

        @Override
        Object eval(Frame f) {
            Object s = string.eval(f);
            if (!(s instanceof String)) {
                throw FastProgram.BAIL;
            }
            return f.seen(pattern.matcher((String) s).find());
        }
    }

    /** {@code opt.orValue(default)}: the default is evaluated only when the optional is empty. */
    static final class OrValue extends Node {
        private final Node optional;
        private final Node fallback;

        OrValue(Node optional, Node fallback) {
            this.optional = optional;
            this.fallback = fallback;
        }

        @Override
        Object eval(Frame f) {
            Optional<?> o = optional(optional.eval(f));
            return f.seen(o.isPresent() ? FastOps.checked(o.get()) : fallback.eval(f));
        }
    }

    /** {@code [a, b, ...]}. */
    static final class ListLiteral extends Node {
        private final Node[] elements;

        ListLiteral(Node[] elements) {
            this.elements = elements;
        }

        @Override
        Object eval(Frame f) {
            if (elements.length == 0) {
                return f.seen(List.of());
            }
            Object[] values = new Object[elements.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = elements[i].eval(f);
            }
            return f.seen(Collections.unmodifiableList(java.util.Arrays.asList(values)));
        }
    }

    /** {@code {k: v, ...}} with string keys. */
    static final class MapLiteral extends Node {
        private final Node[] keys;
        private final Node[] values;

        MapLiteral(Node[] keys, Node[] values) {
            this.keys = keys;
            this.values = values;
        }

        @Override
        Object eval(Frame f) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.length; i++) {
                Object k = keys[i].eval(f);
                Object v = values[i].eval(f);
                if (!(k instanceof String) || out.putIfAbsent((String) k, v) != null) {
                    throw FastProgram.BAIL;
                }
            }
            return f.seen(Collections.unmodifiableMap(out));
        }
    }

    /**
     * A general comprehension (the {@code all}, {@code exists} and {@code exists_one} macros, and any
     * {@code map} or {@code filter} that {@link ListBuild} does not take): over a list's elements or a map's keys,
     * at most {@code maxIterations} of them.
     */
    static final class Comprehension extends Node {
        private final Node range;
        private final int iterSlot;
        private final int accuSlot;
        private final Node init;
        private final Node condition;
        private final Node step;
        private final Node result;
        private final int maxIterations;

        Comprehension(Node range, int iterSlot, int accuSlot, Node init, Node condition, Node step, Node result,
                      int maxIterations) {
            this.range = range;
            this.iterSlot = iterSlot;
            this.accuSlot = accuSlot;
            this.init = init;
            this.condition = condition;
            this.step = step;
            this.result = result;
            this.maxIterations = maxIterations;
        }

        @Override
        Object eval(Frame f) {
            Iterable<?> items = items(range.eval(f));
            Object accu = init.eval(f);
            int n = 0;
            for (Object item : items) {
                if (++n > maxIterations) {
                    throw FastProgram.BAIL;
                }
                f.slots[iterSlot] = FastOps.checked(item);
                f.slots[accuSlot] = accu;
                if (!FastOps.bool(condition.eval(f))) {
                    break;
                }
                accu = step.eval(f);
            }
            f.slots[accuSlot] = accu;
            return f.seen(result.eval(f));
        }
    }

    /**
     * The {@code map} and {@code filter} macros ({@code [] } grown by {@code accu + [element]}, optionally under a
     * predicate), appending to one list instead of copying the accumulator on every step as the general form
     * would. {@link FastCompiler} only builds it when nothing else refers to the accumulator.
     */
    static final class ListBuild extends Node {
        private final Node range;
        private final int iterSlot;
        private final Node predicate;
        private final Node element;
        private final int maxIterations;

        ListBuild(Node range, int iterSlot, Node predicate, Node element, int maxIterations) {
            this.range = range;
            this.iterSlot = iterSlot;
            this.predicate = predicate;
            this.element = element;
            this.maxIterations = maxIterations;
        }

        @Override
        Object eval(Frame f) {
            Iterable<?> items = items(range.eval(f));
            List<Object> out = new ArrayList<>();
            int n = 0;
            for (Object item : items) {
                if (++n > maxIterations) {
                    throw FastProgram.BAIL;
                }
                f.slots[iterSlot] = FastOps.checked(item);
                if (predicate == null || FastOps.bool(predicate.eval(f))) {
                    out.add(element.eval(f));
                    f.seen(out);
                }
            }
            return f.seen(Collections.unmodifiableList(out));
        }
    }

    private static Iterable<?> items(Object range) {
        if (range instanceof List) {
            return (List<?>) range;
        }
        if (range instanceof Map) {
            return ((Map<?, ?>) range).keySet();
        }
        throw FastProgram.BAIL;
    }

    private static Optional<?> optional(Object x) {
        if (x instanceof Optional) {
            return (Optional<?>) x;
        }
        throw FastProgram.BAIL;
    }
}
