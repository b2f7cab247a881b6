package dev.containersec.image.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.containersec.api.Digest;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads untrusted JSON documents within {@link ScanLimits}: bounded size and nesting, duplicate keys
 * rejected (two parsers must never disagree on which value counts), and typed accessors whose errors
 * name the document and the field.
 */
final class Json {
    private final ObjectMapper mapper;
    private final ScanLimits limits;

    Json(ScanLimits limits) {
        this.limits = limits;
        this.mapper = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth())
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, limits.maxDocumentBytes()))
                .maxNumberLength(100)
                .build());
    }

    long maxDocumentBytes() {
        return limits.maxDocumentBytes();
    }

    /** Reads a whole document, at most {@code maxDocumentBytes}, from a stream the caller closes. */
    byte[] readBounded(InputStream in, String subject) {
        try {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxDocumentBytes() + 1));
            if (data.length > limits.maxDocumentBytes()) {
                throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, limits.maxDocumentBytes(),
                        data.length);
            }
            return data;
        } catch (IOException e) {
            throw new InvalidInputException(subject, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses a document that must be a JSON object or array. */
    JsonNode parse(byte[] data, String subject) {
        try {
            JsonNode node = mapper.readTree(data);
            if (node == null || !(node.isObject() || node.isArray())) {
                throw new InvalidInputException(subject, "not a JSON object");
            }
            return node;
        } catch (StreamConstraintsException e) {
            if (e.getMessage() != null && e.getMessage().contains("nesting depth")) {
                throw new LimitExceededException(subject, ScanLimits.Limit.JSON_DEPTH, limits.maxJsonDepth(),
                        limits.maxJsonDepth() + 1L);
            }
            throw new InvalidInputException(subject, "JSON exceeds parser limits: " + Messages.firstLine(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw new InvalidInputException(subject, "malformed JSON" + at + ": " + Messages.firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new InvalidInputException(subject, "cannot parse JSON: " + e.getMessage(), e);
        }
    }

    // ---- typed accessors; "subject" names the document in errors -------------------------------

    static JsonNode object(JsonNode parent, String field, String subject, boolean required) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidInputException(subject, "missing required field '" + field + "'");
            }
            return null;
        }
        if (!n.isObject()) {
            throw new InvalidInputException(subject, "field '" + field + "' must be an object");
        }
        return n;
    }

    static String text(JsonNode parent, String field, String subject, boolean required) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidInputException(subject, "missing required field '" + field + "'");
            }
            return "";
        }
        if (!n.isTextual()) {
            throw new InvalidInputException(subject, "field '" + field + "' must be a string");
        }
        return n.textValue();
    }

    static long number(JsonNode parent, String field, String subject, boolean required, long fallback) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidInputException(subject, "missing required field '" + field + "'");
            }
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new InvalidInputException(subject, "field '" + field + "' must be an integer");
        }
        return n.longValue();
    }

    static boolean bool(JsonNode parent, String field, String subject) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new InvalidInputException(subject, "field '" + field + "' must be a boolean");
        }
        return n.booleanValue();
    }

    static List<JsonNode> array(JsonNode parent, String field, String subject, boolean required) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidInputException(subject, "missing required field '" + field + "'");
            }
            return List.of();
        }
        if (!n.isArray()) {
            throw new InvalidInputException(subject, "field '" + field + "' must be an array");
        }
        List<JsonNode> out = new ArrayList<>(n.size());
        n.forEach(out::add);
        return out;
    }

    static List<String> strings(JsonNode parent, String field, String subject) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array(parent, field, subject, false)) {
            if (!n.isTextual()) {
                throw new InvalidInputException(subject, "field '" + field + "' must hold strings");
            }
            out.add(n.textValue());
        }
        return out;
    }

    static Map<String, String> stringMap(JsonNode parent, String field, String subject) {
        JsonNode n = object(parent, field, subject, false);
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new InvalidInputException(subject, "values of '" + field + "' must be strings (key '"
                        + e.getKey() + "')");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    static List<String> keys(JsonNode parent, String field, String subject) {
        JsonNode n = object(parent, field, subject, false);
        List<String> out = new ArrayList<>();
        if (n != null) {
            n.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    static Digest digest(JsonNode parent, String field, String subject) {
        String text = text(parent, field, subject, true);
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(subject, "field '" + field + "': " + e.getMessage(), e);
        }
    }

    static Optional<String> optionalText(JsonNode parent, String field, String subject) {
        String t = text(parent, field, subject, false);
        return t.isEmpty() ? Optional.empty() : Optional.of(t);
    }
}
