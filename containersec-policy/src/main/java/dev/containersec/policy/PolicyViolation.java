package dev.containersec.policy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One rule an input breaks, in the same shape for every source of rules (CEL policies, Pod Security
 * Standards, future packs). JSON fields: {@code rule}, {@code path}, {@code message}, {@code severity}
 * ({@code critical|high|medium|low|info}) and {@code mode} ({@code deny|warn|audit}).
 *
 * @param rule what was broken: for a CEL policy {@code <policy>/validations[<i>]} (or
 *     {@code <policy>/matchConditions[<name>]} and {@code <policy>/auditAnnotations[<key>]} for errors under
 *     {@code failurePolicy: Fail}); for Pod Security Standards the PSA check ID, e.g. {@code runAsNonRoot}
 * @param path the offending field in the input, e.g. {@code spec.replicas}; empty when the rule does not name
 *     one (a CEL validation without {@code fieldPath})
 * @param message what is wrong, one line
 * @param severity how serious it is
 * @param mode whether it denies the input or is only reported
 */
public record PolicyViolation(String rule, String path, String message, PolicySeverity severity, PolicyMode mode) {

    /**
     * Validates the fields.
     *
     * @throws NullPointerException if a field is null
     * @throws IllegalArgumentException if the rule is empty
     */
    public PolicyViolation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(mode, "mode");
        if (rule.isEmpty()) {
            throw new IllegalArgumentException("rule must not be empty");
        }
    }

    /**
     * Returns the violation as its JSON object.
     *
     * @return an unmodifiable map with the fields in documented order
     */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", rule);
        m.put("path", path);
        m.put("message", message);
        m.put("severity", severity.name().toLowerCase(Locale.ROOT));
        m.put("mode", mode.name().toLowerCase(Locale.ROOT));
        return java.util.Collections.unmodifiableMap(m);
    }
}
