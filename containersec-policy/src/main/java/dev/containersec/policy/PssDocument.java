package dev.containersec.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a Kubernetes object came from: the manifest, the document in it, and the object's identity.
 *
 * @param source the file or name the manifest was read from
 * @param index the 0-based position of the document among the non-empty documents of the manifest
 * @param line the 1-based line where the document starts
 * @param kind the object's {@code kind}; empty when the document has none
 * @param name {@code metadata.name}, when set
 * @param namespace {@code metadata.namespace}, when set
 */
public record PssDocument(String source, int index, int line, String kind, Optional<String> name,
                          Optional<String> namespace) {

    /**
     * Validates the fields.
     *
     * @throws NullPointerException if a field is null
     * @throws IllegalArgumentException if index is negative or line is not positive
     */
    public PssDocument {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        if (index < 0 || line < 1) {
            throw new IllegalArgumentException("index must be >= 0 and line >= 1, were " + index + " and " + line);
        }
    }

    /**
     * Returns {@code source#index (Kind name)}, e.g. {@code deploy.yaml#1 (Deployment web)}.
     *
     * @return a short description for messages
     */
    @Override
    public String toString() {
        return source + "#" + index + " (" + (kind.isEmpty() ? "?" : kind) + name.map(n -> " " + n).orElse("") + ")";
    }
}
