package dev.containersec.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A violation together with what waivers are scoped by: the container or image it concerns, the offending
 * field's value, the rule's aliases, and the waiver that excuses it, if any.
 *
 * @param violation the violation
 * @param aliases other IDs of the violated rule (empty for rules that have none)
 * @param container the name of the container the offending field belongs to, when it belongs to one
 * @param image the image concerned: the container's image for a manifest, the image's name for an image
 * @param value the offending field's value as text (an image reference, a hostPath, an ENV name, a file
 *     path), when it has one
 * @param waiver the waiver that excuses the violation; a waived violation never denies
 */
public record PolicyPackFinding(PolicyViolation violation, List<String> aliases, Optional<String> container,
                                Optional<String> image, Optional<String> value, Optional<PolicyWaiver> waiver) {

    /**
     * Validates the fields and copies the aliases.
     *
     * @throws NullPointerException if a field is null
     */
    public PolicyPackFinding {
        Objects.requireNonNull(violation, "violation");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(waiver, "waiver");
    }

    /**
     * Makes an unwaived finding.
     *
     * @param violation the violation
     * @param aliases the rule's aliases
     * @param container the container name, when any
     * @param image the image, when any
     * @param value the field's value, when any
     * @return the finding
     */
    public static PolicyPackFinding of(PolicyViolation violation, List<String> aliases, Optional<String> container,
                                       Optional<String> image, Optional<String> value) {
        return new PolicyPackFinding(violation, aliases, container, image, value, Optional.empty());
    }

    /**
     * Tells whether a waiver excuses this finding.
     *
     * @return true when waived
     */
    public boolean waived() {
        return waiver.isPresent();
    }

    /**
     * Returns a copy excused by a waiver.
     *
     * @param by the waiver
     * @return the waived finding
     */
    public PolicyPackFinding waivedBy(PolicyWaiver by) {
        return new PolicyPackFinding(violation, aliases, container, image, value, Optional.of(by));
    }

    /**
     * Returns the JSON object: {@link PolicyViolation#asMap()} ({@code rule}, {@code path}, {@code message},
     * {@code severity}, {@code mode}) plus {@code aliases}, {@code container}, {@code image}, {@code value}
     * ({@code null} when absent), {@code waived} and, when waived, {@code waiverReason} and
     * {@code waiverExpires}.
     *
     * @return an unmodifiable map
     */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>(violation.asMap());
        m.put("aliases", aliases);
        m.put("container", container.orElse(null));
        m.put("image", image.orElse(null));
        m.put("value", value.orElse(null));
        m.put("waived", waived());
        waiver.ifPresent(w -> {
            m.put("waiverReason", w.reason());
            m.put("waiverExpires", w.expires().toString());
        });
        return java.util.Collections.unmodifiableMap(m);
    }
}
