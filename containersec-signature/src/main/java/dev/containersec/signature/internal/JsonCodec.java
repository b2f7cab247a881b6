package dev.containersec.signature.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.containersec.api.InvalidInputException;
import java.io.IOException;
import java.util.Optional;

/**
 * Bounded JSON for untrusted signature documents: nesting and string lengths limited, duplicate keys
 * refused (two verifiers must never read different values from one payload), trailing data refused.
 * Writing is compact with fields in insertion order, as cosign writes them.
 */
public final class JsonCodec {
    private static final ObjectMapper MAPPER = newMapper();

    private JsonCodec() {
    }

    private static ObjectMapper newMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxNumberLength(100).maxStringLength(64 << 20).build());
        return mapper;
    }

    /**
     * Returns the shared mapper, for writing.
     *
     * @return the mapper (thread-safe once configured)
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses a JSON object.
     *
     * @param data the bytes
     * @param subject what is being read
     * @return the object node
     */
    public static JsonNode object(byte[] data, String subject) {
        try {
            JsonNode node = MAPPER.readTree(data);
            if (node == null || !node.isObject()) {
                throw new InvalidInputException(subject, "not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(subject, "malformed JSON: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new InvalidInputException(subject, "cannot parse JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Serializes a value compactly.
     *
     * @param value maps, lists, strings, numbers, booleans or nodes
     * @return UTF-8 JSON
     */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
    }

    /**
     * Reads a required string field.
     *
     * @param node the object
     * @param field the field name
     * @param subject what is being read
     * @return the value
     */
    public static String text(JsonNode node, String field, String subject) {
        return optionalText(node, field, subject)
                .orElseThrow(() -> new InvalidInputException(subject, "missing string field '" + field + "'"));
    }

    /**
     * Reads an optional string field; present but not a string is an error.
     *
     * @param node the object
     * @param field the field name
     * @param subject what is being read
     * @return the value, or empty when absent or null
     */
    public static Optional<String> optionalText(JsonNode node, String field, String subject) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new InvalidInputException(subject, "field '" + field + "' must be a string");
        }
        return Optional.of(v.asText());
    }

    /**
     * Reads a required object field.
     *
     * @param node the object
     * @param field the field name
     * @param subject what is being read
     * @return the value
     */
    public static JsonNode child(JsonNode node, String field, String subject) {
        JsonNode v = node.get(field);
        if (v == null || !v.isObject()) {
            throw new InvalidInputException(subject, "missing object field '" + field + "'");
        }
        return v;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
