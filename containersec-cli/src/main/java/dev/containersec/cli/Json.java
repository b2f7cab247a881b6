package dev.containersec.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.Writer;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Streaming JSON output on top of Jackson's {@link JsonGenerator}: nothing is collected in memory,
 * the target writer is never closed by the generator, and absent values are written as {@code null}
 * so that every documented field is always present.
 */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .build();

    private Json() {
    }

    /**
     * Creates a generator writing to the target.
     *
     * @param target where the JSON goes (stdout); not closed when the generator is
     * @param pretty true to indent (for single documents); false for one line
     * @return the generator
     * @throws IOException if the generator cannot be created
     */
    public static JsonGenerator generator(Writer target, boolean pretty) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(target);
        if (pretty) {
            g.useDefaultPrettyPrinter();
        }
        return g;
    }

    /**
     * Writes a string field, or {@code null} when absent.
     *
     * @param g the generator
     * @param name the field name
     * @param value the value
     * @throws IOException on write failure
     */
    public static void optional(JsonGenerator g, String name, Optional<?> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(name, value.get().toString());
        } else {
            g.writeNullField(name);
        }
    }

    /**
     * Writes an array of strings.
     *
     * @param g the generator
     * @param name the field name
     * @param values the values, written with {@code toString()}
     * @throws IOException on write failure
     */
    public static void strings(JsonGenerator g, String name, Collection<?> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (Object v : values) {
            g.writeString(v.toString());
        }
        g.writeEndArray();
    }

    /**
     * Writes an object of string values, in the map's iteration order.
     *
     * @param g the generator
     * @param name the field name
     * @param values the entries
     * @throws IOException on write failure
     */
    public static void stringMap(JsonGenerator g, String name, Map<String, String> values) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : values.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
