package dev.containersec.policy.internal.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One Kubernetes object read from a manifest file: a YAML document or a top-level JSON value.
 *
 * @param source the file or name the document was read from
 * @param index the 0-based position of the document among the non-empty documents of the source
 * @param line the 1-based line where the document starts
 * @param apiVersion {@code apiVersion}, or empty when absent or not a string
 * @param kind {@code kind}, or empty when absent or not a string
 * @param name {@code metadata.name}, when it is a non-empty string
 * @param namespace {@code metadata.namespace}, when it is a non-empty string
 * @param content the whole object; callers must not modify it
 */
public record ManifestDocument(String source, int index, int line, String apiVersion, String kind,
                               Optional<String> name, Optional<String> namespace, ObjectNode content) {

    /**
     * Validates the fields.
     *
     * @throws NullPointerException if a field is null
     * @throws IllegalArgumentException if index or line is out of range
     */
    public ManifestDocument {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(content, "content");
        if (index < 0 || line < 1) {
            throw new IllegalArgumentException("index must be >= 0 and line >= 1, were " + index + " and " + line);
        }
    }

    /**
     * Creates a document, reading the identifying fields from the content.
     *
     * @param source the file or name the document was read from
     * @param index the 0-based document index
     * @param line the 1-based start line
     * @param content the object
     * @return the document
     */
    public static ManifestDocument of(String source, int index, int line, ObjectNode content) {
        JsonNode metadata = content.get("metadata");
        return new ManifestDocument(source, index, line, text(content.get("apiVersion")), text(content.get("kind")),
                nonEmpty(metadata == null ? null : metadata.get("name")),
                nonEmpty(metadata == null ? null : metadata.get("namespace")), content);
    }

    /**
     * Describes the document for messages: {@code "file.yaml document 2 (Deployment web)"}.
     *
     * @return a short human-readable description
     */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(source).append(" document ").append(index);
        if (!kind.isEmpty() || name.isPresent()) {
            sb.append(" (").append(kind.isEmpty() ? "?" : kind);
            name.ifPresent(n -> sb.append(' ').append(n));
            sb.append(')');
        }
        return sb.toString();
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : "";
    }

    private static Optional<String> nonEmpty(JsonNode node) {
        String s = text(node);
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
