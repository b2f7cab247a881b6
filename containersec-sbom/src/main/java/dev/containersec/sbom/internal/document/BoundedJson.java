package dev.containersec.sbom.internal.document;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads untrusted JSON documents within {@link ScanLimits}: the size is checked before parsing, the
 * nesting depth while parsing, duplicate keys and trailing content are rejected. Immutable and
 * thread-safe.
 */
public final class BoundedJson {
    private final ScanLimits limits;
    private final ObjectMapper mapper;

    /**
     * Creates a reader for the given limits.
     *
     * @param limits the bounds in force
     */
    public BoundedJson(ScanLimits limits) {
        this.limits = limits;
        int depth = limits.maxJsonDepth();
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(depth)
                        .maxDocumentLength(limits.maxDocumentBytes())
                        .build())
                .build();
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Reads a whole stream, failing as soon as it holds more than {@link ScanLimits#maxDocumentBytes()}.
     *
     * @param in the stream (not closed)
     * @param subject what is read, for messages
     * @return the bytes
     * @throws IOException if reading fails
     * @throws LimitExceededException if the stream is too large
     */
    public byte[] readAll(InputStream in, String subject) throws IOException {
        long max = limits.maxDocumentBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > max) {
                throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, max, total);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Parses a document.
     *
     * @param document the bytes (UTF-8, UTF-16 or UTF-32 as detected)
     * @param subject what is read, for messages
     * @return the root node, never null
     * @throws InvalidInputException if it is not one well-formed JSON value within the limits
     */
    public JsonNode parse(byte[] document, String subject) {
        if (document.length > limits.maxDocumentBytes()) {
            throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, limits.maxDocumentBytes(),
                    document.length);
        }
        try {
            JsonNode root = mapper.readTree(document);
            if (root == null || root.isMissingNode()) {
                throw new InvalidInputException(subject, "empty document, expected a JSON object");
            }
            return root;
        } catch (StreamConstraintsException e) {
            if (e.getMessage() != null && e.getMessage().contains("nesting depth")) {
                throw new LimitExceededException(subject, ScanLimits.Limit.JSON_DEPTH, limits.maxJsonDepth(),
                        limits.maxJsonDepth() + 1L);
            }
            throw new InvalidInputException(subject, "document exceeds a parser limit: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(subject, "not valid JSON" + at(e.getLocation()) + ": "
                    + describe(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new InvalidInputException(subject, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String describe(String message) {
        if (message == null) {
            return "malformed";
        }
        String m = message.strip().replaceAll("\\s*\\R\\s*", " ");
        if (m.startsWith("Duplicate Object property") || m.startsWith("Duplicate field")) {
            return "duplicate key " + m.substring(m.indexOf('"') < 0 ? 0 : m.indexOf('"'));
        }
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
