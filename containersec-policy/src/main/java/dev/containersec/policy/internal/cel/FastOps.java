package dev.containersec.policy.internal.cel;

import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The value semantics of the fast evaluator, written to agree with CEL-Java 0.14's interpreter on the values
 * policies see ({@link Long}, {@link Double}, {@link String}, {@link Boolean}, {@link NullValue}, lists, maps
 * with string keys, and {@link Optional} for CEL optionals). Wherever the two could differ (mixed numeric types,
 * overflow, NaN and signed zeros in ordering, other value types) an operation gives up with
 * {@link FastProgram#BAIL} and the expression is evaluated again by CEL-Java, so a result from here is always
 * the result CEL-Java gives. {@code FastPathDifferentialProperties} checks that claim on generated expressions.
 */
final class FastOps {

    private FastOps() {
    }

    /** CEL equality, as CEL-Java's {@code RuntimeEquality.objectEquals}, for the supported value types. */
    static boolean equal(Object x, Object y) {
        if (x == y) {
            return true;
        }
        if (x instanceof Long) {
            if (y instanceof Long) {
                return ((Long) x).longValue() == ((Long) y).longValue();
            }
            return notNumber(y);
        }
        if (x instanceof Double) {
            if (y instanceof Double) {
                return ((Double) x).doubleValue() == ((Double) y).doubleValue();
            }
            return notNumber(y);
        }
        if (y instanceof Long || y instanceof Double) {
            return notNumber(x);
        }
        if (x instanceof List) {
            if (!(y instanceof List)) {
                return notNumber(y);
            }
            List<?> a = (List<?>) x;
            List<?> b = (List<?>) y;
            if (a.size() != b.size()) {
                return false;
            }
            // Iterators, not get(i): lists CEL-Java built (variables it evaluated) may not support indexing.
            Iterator<?> other = b.iterator();
            for (Object element : a) {
                if (!equal(element, other.next())) {
                    return false;
                }
            }
            return true;
        }
        if (x instanceof Map) {
            if (!(y instanceof Map)) {
                return notNumber(y);
            }
            Map<?, ?> a = (Map<?, ?>) x;
            Map<?, ?> b = (Map<?, ?>) y;
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : a.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw FastProgram.BAIL;
                }
                Object other = b.get(e.getKey());
                if (other == null) {
                    return false;
                }
                if (!equal(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (known(x) && known(y)) {
            return x.equals(y);
        }
        throw FastProgram.BAIL;
    }

    /** {@code false} when {@code v} is a supported non-numeric value; gives up on other numbers. */
    private static boolean notNumber(Object v) {
        if (v instanceof Number || !known(v)) {
            throw FastProgram.BAIL;
        }
        return false;
    }

    /** Whether a value is of a type the fast path understands. */
    static boolean known(Object v) {
        return v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double
                || v instanceof NullValue || v instanceof List || v instanceof Map || v instanceof Optional;
    }

    /** {@code value in list}, as CEL-Java's {@code inList}: Java equality first, then CEL's for numbers. */
    static boolean inList(List<?> list, Object value) {
        if (!known(value)) {
            throw FastProgram.BAIL;
        }
        if (list.contains(value)) {
            return true;
        }
        if (value instanceof Number) {
            for (Object element : list) {
                if (equal(element, value)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Orders two values of one type, as CEL's {@code _<_} family: -1, 0 or 1.
     *
     * @throws RuntimeException {@link FastProgram#BAIL} for mixed types, NaN, two zeros and other types
     */
    static int compare(Object x, Object y) {
        if (x instanceof Long && y instanceof Long) {
            return Long.compare((Long) x, (Long) y);
        }
        if (x instanceof String && y instanceof String) {
            int c = ((String) x).compareTo((String) y);
            return Integer.signum(c);
        }
        if (x instanceof Double && y instanceof Double) {
            double a = (Double) x;
            double b = (Double) y;
            if (Double.isNaN(a) || Double.isNaN(b) || (a == 0 && b == 0)) {
                throw FastProgram.BAIL;
            }
            return a < b ? -1 : a > b ? 1 : 0;
        }
        if (x instanceof Boolean && y instanceof Boolean) {
            return Boolean.compare((Boolean) x, (Boolean) y);
        }
        throw FastProgram.BAIL;
    }

    /** {@code x + y} for integers, doubles, strings and lists. */
    static Object add(Object x, Object y) {
        if (x instanceof Long && y instanceof Long) {
            try {
                return Math.addExact((Long) x, (Long) y);
            } catch (ArithmeticException e) {
                throw FastProgram.BAIL;
            }
        }
        if (x instanceof Double && y instanceof Double) {
            return (Double) x + (Double) y;
        }
        if (x instanceof String && y instanceof String) {
            return ((String) x).concat((String) y);
        }
        if (x instanceof List && y instanceof List) {
            List<?> a = (List<?>) x;
            List<?> b = (List<?>) y;
            List<Object> out = new ArrayList<>(a.size() + b.size());
            out.addAll(a);
            out.addAll(b);
            return Collections.unmodifiableList(out);
        }
        throw FastProgram.BAIL;
    }

    /** {@code x - y}, {@code x * y}, {@code x / y} or {@code x % y} for integers and (but {@code %}) doubles. */
    static Object arithmetic(char op, Object x, Object y) {
        if (x instanceof Long && y instanceof Long) {
            long a = (Long) x;
            long b = (Long) y;
            try {
                switch (op) {
                    case '-':
                        return Math.subtractExact(a, b);
                    case '*':
                        return Math.multiplyExact(a, b);
                    default:
                        if (b == 0 || (a == Long.MIN_VALUE && b == -1)) {
                            throw FastProgram.BAIL;
                        }
                        return op == '/' ? a / b : a % b;
                }
            } catch (ArithmeticException e) {
                throw FastProgram.BAIL;
            }
        }
        if (x instanceof Double && y instanceof Double && op != '%') {
            double a = (Double) x;
            double b = (Double) y;
            return op == '-' ? a - b : op == '*' ? a * b : a / b;
        }
        throw FastProgram.BAIL;
    }

    /** {@code -x}. */
    static Object negate(Object x) {
        if (x instanceof Long && (Long) x != Long.MIN_VALUE) {
            return -(Long) x;
        }
        if (x instanceof Double) {
            return -(Double) x;
        }
        throw FastProgram.BAIL;
    }

    /** {@code size(x)}: code points of a string, elements of a list, entries of a map. */
    static long size(Object x) {
        if (x instanceof String) {
            String s = (String) x;
            return s.codePointCount(0, s.length());
        }
        if (x instanceof List) {
            return ((List<?>) x).size();
        }
        if (x instanceof Map) {
            return ((Map<?, ?>) x).size();
        }
        throw FastProgram.BAIL;
    }

    /** {@code x[i]} for a list and an integer in range, or a map and a present string key. */
    static Object index(Object x, Object i) {
        if (x instanceof List && i instanceof Long) {
            List<?> list = (List<?>) x;
            long n = (Long) i;
            if (n < 0 || n >= list.size()) {
                throw FastProgram.BAIL;
            }
            return checked(list.get((int) n));
        }
        if (x instanceof Map && i instanceof String) {
            Object v = ((Map<?, ?>) x).get(i);
            if (v == null) {
                throw FastProgram.BAIL;
            }
            return checked(v);
        }
        throw FastProgram.BAIL;
    }

    /** {@code x.field} on a map with the key present. */
    static Object select(Object x, String field) {
        if (x instanceof Map) {
            Object v = ((Map<?, ?>) x).get(field);
            if (v != null) {
                return checked(v);
            }
        }
        throw FastProgram.BAIL;
    }

    /** {@code has(x.field)} on a map. */
    static boolean has(Object x, String field) {
        if (x instanceof Map) {
            return ((Map<?, ?>) x).containsKey(field);
        }
        throw FastProgram.BAIL;
    }

    /** {@code x.?field}: an optional of the field of a map, or of a present optional's map. */
    static Optional<Object> optionalSelect(Object x, String field) {
        if (x instanceof Optional) {
            Optional<?> o = (Optional<?>) x;
            if (o.isEmpty()) {
                return Optional.empty();
            }
            x = o.get();
        }
        if (x instanceof Map) {
            Object v = ((Map<?, ?>) x).get(field);
            return v == null ? Optional.empty() : Optional.of(checked(v));
        }
        throw FastProgram.BAIL;
    }

    /** {@code list.join(separator)} over a list of strings. */
    static String join(Object list, Object separator) {
        if (!(list instanceof List) || !(separator instanceof String)) {
            throw FastProgram.BAIL;
        }
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Object element : (List<?>) list) {
            if (!(element instanceof String)) {
                throw FastProgram.BAIL;
            }
            if (!first) {
                out.append((String) separator);
            }
            out.append((String) element);
            first = false;
        }
        return out.toString();
    }

    /** {@code string(x)} for strings, integers and booleans. */
    static String string(Object x) {
        if (x instanceof String) {
            return (String) x;
        }
        if (x instanceof Long || x instanceof Boolean) {
            return x.toString();
        }
        throw FastProgram.BAIL;
    }

    /** Passes a value through when its type is supported; gives up otherwise (e.g. bytes, unsigned integers). */
    static Object checked(Object v) {
        if (known(v)) {
            return v;
        }
        throw FastProgram.BAIL;
    }

    /** Unboxes a boolean operand; gives up on anything else. */
    static boolean bool(Object v) {
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        throw FastProgram.BAIL;
    }
}
