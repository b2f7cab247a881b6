package dev.containersec.cli.watch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.containersec.api.Alert;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * Writes an {@link Alert} as one line of Falco's JSON alert output ({@code json_output: true}):
 * {@code time} (ISO-8601 with nanoseconds, UTC), {@code rule}, {@code priority}, {@code output},
 * {@code output_fields} (numbers stay numbers, unknown fields are {@code null}), {@code tags},
 * {@code source}, {@code hostname}.
 */
final class FalcoAlertJson {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final JsonFactory FACTORY = new JsonFactory();

    private FalcoAlertJson() {
    }

    static String write(Alert alert) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("time", TIME.format(alert.time()));
            g.writeStringField("rule", alert.rule());
            g.writeStringField("priority", alert.priority().falcoName());
            g.writeStringField("output", alert.output());
            g.writeObjectFieldStart("output_fields");
            for (Map.Entry<String, Optional<Object>> f : alert.outputFields().entrySet()) {
                Object v = f.getValue().orElse(null);
                if (v == null) {
                    g.writeNullField(f.getKey());
                } else if (v instanceof Long l) {
                    g.writeNumberField(f.getKey(), l);
                } else if (v instanceof Boolean b) {
                    g.writeBooleanField(f.getKey(), b);
                } else {
                    g.writeStringField(f.getKey(), v.toString());
                }
            }
            g.writeEndObject();
            g.writeArrayFieldStart("tags");
            for (String t : alert.tags()) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeStringField("source", alert.source());
            g.writeStringField("hostname", alert.hostname());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
