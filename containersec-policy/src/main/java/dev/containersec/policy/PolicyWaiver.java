package dev.containersec.policy;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An accepted risk: violations of some rules, on some resources, excused until a date, for a stated reason.
 * Every scope field is optional and narrows the waiver; {@code *} in a scope value matches any run of
 * characters (so {@code name: web-*} covers every {@code web-} workload).
 *
 * @param source where the waiver was defined, e.g. {@code waivers.yaml#waivers[2]}
 * @param rules the rule IDs or aliases it covers (never empty)
 * @param kind the resource kind it covers ({@code Deployment}, {@code Image}), when narrowed
 * @param namespace the namespace it covers, when narrowed
 * @param name the resource name it covers (for an image, its name as given), when narrowed
 * @param container the container name it covers, when narrowed
 * @param image the image it covers (a container's image, or the image checked), when narrowed
 * @param value the offending field value it covers (a hostPath, an image reference, a file), when narrowed
 * @param reason why the risk is accepted (never empty)
 * @param expires the last day the waiver applies (inclusive)
 */
public record PolicyWaiver(String source, List<String> rules, Optional<String> kind, Optional<String> namespace,
                           Optional<String> name, Optional<String> container, Optional<String> image,
                           Optional<String> value, String reason, LocalDate expires) {

    /**
     * Validates the fields and copies the rules.
     *
     * @throws NullPointerException if a field is null
     * @throws IllegalArgumentException if there are no rules or the reason is blank
     */
    public PolicyWaiver {
        Objects.requireNonNull(source, "source");
        rules = List.copyOf(rules);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expires, "expires");
        if (rules.isEmpty()) {
            throw new IllegalArgumentException(source + ": a waiver needs at least one rule");
        }
        if (reason.isBlank()) {
            throw new IllegalArgumentException(source + ": a waiver needs a reason");
        }
    }

    /**
     * Tells whether the waiver has expired: {@code today} is after {@link #expires()}.
     *
     * @param today the current date
     * @return true when it no longer applies
     */
    public boolean expiredOn(LocalDate today) {
        return today.isAfter(expires);
    }

    /**
     * Tells whether the waiver's scope covers a finding of a result (its expiry is not looked at).
     *
     * @param result the result the finding belongs to
     * @param finding the finding
     * @return true when every scope field given matches
     */
    public boolean covers(PolicyPackResult result, PolicyPackFinding finding) {
        String rule = finding.violation().rule();
        boolean ruleMatches = rules.stream().anyMatch(r -> r.equalsIgnoreCase(rule)
                || finding.aliases().stream().anyMatch(a -> a.equalsIgnoreCase(r))
                || (r.contains("*") && glob(r, rule)));
        return ruleMatches
                && scope(kind, Optional.of(result.kind()))
                && scope(namespace, result.namespace())
                && scope(name, Optional.of(result.name()))
                && scope(container, finding.container())
                && scope(image, finding.image())
                && scope(value, finding.value());
    }

    private static boolean scope(Optional<String> pattern, Optional<String> actual) {
        if (pattern.isEmpty()) {
            return true;
        }
        return actual.isPresent() && glob(pattern.get(), actual.get());
    }

    private static boolean glob(String pattern, String text) {
        String[] parts = pattern.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            re.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(text).matches();
    }

    /**
     * Returns the JSON object: {@code source}, {@code rules}, {@code kind}, {@code namespace}, {@code name},
     * {@code container}, {@code image}, {@code value} ({@code null} when not narrowed), {@code reason},
     * {@code expires} (ISO date).
     *
     * @return an unmodifiable map
     */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("rules", rules);
        m.put("kind", kind.orElse(null));
        m.put("namespace", namespace.orElse(null));
        m.put("name", name.orElse(null));
        m.put("container", container.orElse(null));
        m.put("image", image.orElse(null));
        m.put("value", value.orElse(null));
        m.put("reason", reason);
        m.put("expires", expires.toString());
        return java.util.Collections.unmodifiableMap(m);
    }
}
