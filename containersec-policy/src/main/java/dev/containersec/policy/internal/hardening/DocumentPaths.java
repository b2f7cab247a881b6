package dev.containersec.policy.internal.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the field paths violations name ({@code spec.template.spec.containers[0].image},
 * {@code metadata.annotations[key.with/dots]}) in a manifest document, to find the offending value and the
 * container a field belongs to, which waivers are scoped by.
 */
public final class DocumentPaths {

    private static final Pattern CONTAINER = Pattern.compile(
            "^(.*?(?:initContainers|containers|ephemeralContainers)\\[\\d+\\])");

    private DocumentPaths() {
    }

    /**
     * Resolves a path.
     *
     * @param root the document
     * @param path the path
     * @return the node, or a missing node
     */
    public static JsonNode resolve(JsonNode root, String path) {
        JsonNode n = root;
        int i = 0;
        int len = path.length();
        while (i < len && n != null && !n.isMissingNode()) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) {
                    return MissingNode.getInstance();
                }
                String key = path.substring(i + 1, end);
                if (n.isArray() && key.chars().allMatch(Character::isDigit) && !key.isEmpty() && key.length() < 9) {
                    n = n.path(Integer.parseInt(key));
                } else {
                    n = n.path(key);
                }
                i = end + 1;
            } else {
                int end = i;
                while (end < len && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                n = n.path(path.substring(i, end));
                i = end;
            }
        }
        return n == null ? MissingNode.getInstance() : n;
    }

    /**
     * Returns the scalar at a path as text.
     *
     * @param root the document
     * @param path the path
     * @return the text, or empty when the path names no scalar
     */
    public static Optional<String> scalar(JsonNode root, String path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        JsonNode n = resolve(root, path);
        return n.isValueNode() && !n.isNull() ? Optional.of(n.asText()) : Optional.empty();
    }

    /**
     * Returns the container a path lies in.
     *
     * @param root the document
     * @param path the path
     * @return the container node, or a missing node
     */
    public static JsonNode container(JsonNode root, String path) {
        Matcher m = CONTAINER.matcher(path);
        return m.find() ? resolve(root, m.group(1)) : MissingNode.getInstance();
    }
}
