package dev.containersec.policy.internal.netpol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads untrusted YAML (multi-document) or JSON into trees, within {@link ScanLimits}: at most
 * {@code maxDocumentBytes} per file, nesting at most {@code maxJsonDepth}; YAML aliases are refused outright
 * (no legitimate manifest needs them, and they are the vehicle of "billion laughs" bombs).
 */
public final class BoundedDocuments {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BoundedDocuments() {
    }

    /** A parsed document and the name to use for it in error messages. */
    public record Document(String where, JsonNode root) {
    }

    /**
     * Reads a file whole, refusing it when larger than the limit.
     *
     * @param file the file
     * @param limits the limits
     * @return the bytes
     * @throws InvalidInputException if unreadable or too large
     */
    public static byte[] readFile(Path file, ScanLimits limits) {
        String where = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxDocumentBytes() + 1));
            if (bytes.length > limits.maxDocumentBytes()) {
                throw new LimitExceededException(where, ScanLimits.Limit.DOCUMENT_BYTES, limits.maxDocumentBytes(),
                        bytes.length);
            }
            return bytes;
        } catch (IOException e) {
            throw new InvalidInputException(where, "cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Parses every document of a YAML stream, or one JSON document when the text starts with '{' or '['.
     *
     * @param source the file name for messages
     * @param bytes the content
     * @param limits the limits
     * @return the non-empty documents, each named {@code source document N} (1-based)
     * @throws InvalidInputException naming the file and document when malformed, hostile or too large
     */
    public static List<Document> parse(String source, byte[] bytes, ScanLimits limits) {
        if (bytes.length > limits.maxDocumentBytes()) {
            throw new LimitExceededException(source, ScanLimits.Limit.DOCUMENT_BYTES, limits.maxDocumentBytes(),
                    bytes.length);
        }
        boolean json = false;
        for (byte b : bytes) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            json = b == '{' || b == '[';
            break;
        }
        List<Document> docs = new ArrayList<>();
        int n = 0;
        try (JsonParser p = (json ? JSON : YAML).createParser(bytes)) {
            JsonToken t;
            while (true) {
                String where = source + " document " + (n + 1);
                try {
                    t = p.nextToken();
                    if (t == null) {
                        break;
                    }
                    n++;
                    JsonNode root = read(p, t, 1, limits, where);
                    // An empty YAML document ('---' with nothing after it) reads as null or an empty scalar.
                    if (!root.isNull() && !(root.isTextual() && root.asText().isEmpty())) {
                        docs.add(new Document(where, root));
                    }
                } catch (IOException | RuntimeException e) {
                    if (e instanceof InvalidInputException iie) {
                        throw iie;
                    }
                    throw new InvalidInputException(where, "is not valid " + (json ? "JSON" : "YAML") + ": "
                            + firstLine(e.getMessage()), e);
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(source, "cannot be parsed: " + firstLine(e.getMessage()), e);
        }
        return docs;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static JsonNode read(JsonParser p, JsonToken t, int depth, ScanLimits limits, String where)
            throws IOException {
        if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
            throw new InvalidInputException(where, "YAML aliases (*" + yp.getText() + ") are not accepted");
        }
        switch (t) {
            case START_OBJECT: {
                checkDepth(depth, limits, where);
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    if (k != JsonToken.FIELD_NAME) {
                        throw new InvalidInputException(where, "expected a field name, found " + k);
                    }
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if (o.has(name)) {
                        throw new InvalidInputException(where, "duplicate key '" + name + "'");
                    }
                    o.set(name, read(p, v, depth + 1, limits, where));
                }
                return o;
            }
            case START_ARRAY: {
                checkDepth(depth, limits, where);
                ArrayNode a = NODES.arrayNode();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    a.add(read(p, v, depth + 1, limits, where));
                }
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? NODES.textNode(p.getText())
                        : NODES.numberNode(p.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return NODES.textNode(p.getText());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new InvalidInputException(where, "unexpected token " + t);
        }
    }

    private static void checkDepth(int depth, ScanLimits limits, String where) {
        if (depth > limits.maxJsonDepth()) {
            throw new LimitExceededException(where, ScanLimits.Limit.JSON_DEPTH, limits.maxJsonDepth(), depth);
        }
    }
}
