package dev.containersec.policy.internal.cel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts JSON-like Java values and Jackson trees into the values CEL-Java's runtime accepts: {@link Long},
 * {@link Double}, {@link String}, {@link Boolean}, {@link NullValue}, {@link CelByteString}, unmodifiable
 * lists and maps (CEL-Java does not widen {@link Integer} or {@link Float} itself), and back.
 */
public final class CelValues {

    private CelValues() {
    }

    /** The CEL {@code null} value. */
    public static final Object NULL = NullValue.NULL_VALUE;

    /**
     * Converts a Jackson tree.
     *
     * @param node the node
     * @return its CEL value
     */
    public static Object fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NULL;
        }
        switch (node.getNodeType()) {
            case OBJECT: {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    out.put(e.getKey(), fromJson(e.getValue()));
                }
                return Collections.unmodifiableMap(out);
            }
            case ARRAY: {
                List<Object> out = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    out.add(fromJson(element));
                }
                return Collections.unmodifiableList(out);
            }
            case BOOLEAN:
                return node.booleanValue();
            case NUMBER:
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    return node.longValue();
                }
                return node.doubleValue();
            case BINARY:
                try {
                    return CelByteString.of(node.binaryValue());
                } catch (java.io.IOException e) {
                    return node.asText();
                }
            default:
                return node.asText();
        }
    }

    /**
     * Converts a plain Java value: maps (string keys), collections, arrays of objects, strings, numbers,
     * booleans, {@code null} and {@link Optional}; {@link Instant}, {@link Duration}, enums and other objects
     * become their {@code toString()}.
     *
     * @param value the value
     * @return its CEL value
     * @throws IllegalArgumentException if a map key is not a string
     */
    public static Object fromJava(Object value) {
        if (value == null) {
            return NULL;
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Double
                || value instanceof NullValue || value instanceof CelByteString) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (value instanceof BigInteger) {
            BigInteger b = (BigInteger) value;
            return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).doubleValue();
        }
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Optional) {
            return fromJava(((Optional<?>) value).orElse(null));
        }
        if (value instanceof JsonNode) {
            return fromJson((JsonNode) value);
        }
        if (value instanceof byte[]) {
            return CelByteString.of((byte[]) value);
        }
        if (value instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("map keys must be strings, found " + e.getKey());
                }
                out.put((String) e.getKey(), fromJava(e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof Collection || value instanceof Object[]) {
            Collection<?> in = value instanceof Collection ? (Collection<?>) value : List.of((Object[]) value);
            List<Object> out = new ArrayList<>(in.size());
            for (Object o : in) {
                out.add(fromJava(o));
            }
            return Collections.unmodifiableList(out);
        }
        return value.toString();
    }

    /**
     * Converts a CEL result back to plain Java: {@link NullValue} becomes {@code null}, byte strings become
     * {@code byte[]}, collections are copied; other values are returned as they are.
     *
     * @param value a CEL value
     * @return the plain value
     */
    public static Object toJava(Object value) {
        if (value == null || value instanceof NullValue) {
            return null;
        }
        if (value instanceof CelByteString) {
            return ((CelByteString) value).toByteArray();
        }
        if (value instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> out.put(String.valueOf(k), toJava(v)));
            return out;
        }
        if (value instanceof Collection) {
            List<Object> out = new ArrayList<>();
            for (Object o : (Collection<?>) value) {
                out.add(toJava(o));
            }
            return out;
        }
        return value;
    }

    /**
     * Tells whether a value is CEL's {@code null}.
     *
     * @param value the value
     * @return true for {@code null} and {@link NullValue}
     */
    public static boolean isNull(Object value) {
        return value == null || value instanceof NullValue;
    }

    /**
     * Returns a CEL-ish rendering of a value for messages.
     *
     * @param value the value
     * @return the text
     */
    public static String describe(Object value) {
        if (isNull(value)) {
            return "null";
        }
        if (value instanceof String) {
            return "'" + value + "'";
        }
        return String.valueOf(value);
    }
}
