package dev.containersec.sbom.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed access to the fields of an untrusted JSON document. Every failure is an
 * {@link InvalidInputException} whose message starts with the path of the offending field, e.g.
 * {@code components[3].name: expected a string, found a number}.
 */
public final class Fields {
    private final String subject;

    /**
     * Creates an accessor for one document.
     *
     * @param subject what is read, e.g. {@code CycloneDX SBOM app.json}
     */
    public Fields(String subject) {
        this.subject = subject;
    }

    /**
     * Returns the subject the accessor reports errors for.
     *
     * @return the subject
     */
    public String subject() {
        return subject;
    }

    /**
     * Builds the error for one field.
     *
     * @param path the field's path
     * @param message what is wrong
     * @return the exception to throw
     */
    public InvalidInputException error(String path, String message) {
        return new InvalidInputException(subject, path + ": " + message);
    }

    /**
     * Builds the error for one field, with a cause.
     *
     * @param path the field's path
     * @param message what is wrong
     * @param cause the underlying failure
     * @return the exception to throw
     */
    public InvalidInputException error(String path, String message, Throwable cause) {
        return new InvalidInputException(subject, path + ": " + message, cause);
    }

    /**
     * Joins a parent path and a field name.
     *
     * @param parent the parent path, empty for the root
     * @param name the field
     * @return the path
     */
    public static String path(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /**
     * Checks that a node is an object.
     *
     * @param node the node
     * @param path its path ({@code (root)} for the document)
     * @return the node
     */
    public JsonNode requireObject(JsonNode node, String path) {
        if (!node.isObject()) {
            throw error(path.isEmpty() ? "(root)" : path, "expected an object, found " + kind(node));
        }
        return node;
    }

    /**
     * Returns a required string field.
     *
     * @param obj the object
     * @param parent the object's path
     * @param name the field
     * @return the value
     */
    public String requiredText(JsonNode obj, String parent, String name) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) {
            throw error(path(parent, name), "required field is missing");
        }
        if (!v.isTextual()) {
            throw error(path(parent, name), "expected a string, found " + kind(v));
        }
        return v.textValue();
    }

    /**
     * Returns an optional string field (absent or null gives empty).
     *
     * @param obj the object
     * @param parent the object's path
     * @param name the field
     * @return the value
     */
    public Optional<String> optionalText(JsonNode obj, String parent, String name) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw error(path(parent, name), "expected a string, found " + kind(v));
        }
        return Optional.of(v.textValue());
    }

    /**
     * Returns an optional object field.
     *
     * @param obj the object
     * @param parent the object's path
     * @param name the field
     * @return the value, empty when absent or null
     */
    public Optional<JsonNode> optionalObject(JsonNode obj, String parent, String name) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw error(path(parent, name), "expected an object, found " + kind(v));
        }
        return Optional.of(v);
    }

    /**
     * Returns the elements of an optional array field.
     *
     * @param obj the object
     * @param parent the object's path
     * @param name the field
     * @return the elements, empty when absent or null
     */
    public List<JsonNode> array(JsonNode obj, String parent, String name) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw error(path(parent, name), "expected an array, found " + kind(v));
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        v.forEach(out::add);
        return out;
    }

    /**
     * Names a node's JSON type for messages.
     *
     * @param node the node
     * @return for example {@code a number}
     */
    public static String kind(JsonNode node) {
        switch (node.getNodeType()) {
            case ARRAY: return "an array";
            case OBJECT: return "an object";
            case STRING: return "a string";
            case NUMBER: return "a number";
            case BOOLEAN: return "a boolean";
            case NULL: return "null";
            default: return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
