package dev.containersec.api;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A rule matched a runtime event. The components mirror the keys of Falco's JSON alert
 * ({@code json_output: true}), so that an {@link AlertSink} can write Falco-compatible lines:
 *
 * <pre>{@code
 * {"time":"2026-01-02T03:04:05.000000000Z","rule":"Terminal shell in container","priority":"Notice",
 *  "output":"03:04:05.000000000: Notice A shell was spawned ... ","output_fields":{"proc.name":"bash",...},
 *  "tags":["container","shell"],"source":"syscall","hostname":"node-1"}
 * }</pre>
 *
 * @param time when the event that matched happened
 * @param rule the name of the rule that matched
 * @param priority the rule's priority
 * @param output the rendered text, as Falco prints it: {@code <time>: <Priority> <rendered output>}
 * @param outputFields each {@code %field} of the rule's output and its typed value ({@link String},
 *     {@link Long} or {@link Boolean}); empty when the event did not have the field (Falco's JSON
 *     {@code null}); sorted by field name
 * @param tags the rule's tags, in the rule's order
 * @param source the event source, {@code syscall} for the events of {@link RuntimeEvent}
 * @param hostname the host the event happened on
 * @see <a href="https://falco.org/docs/concepts/outputs/formatting/">Falco output formatting</a>
 */
public record Alert(Instant time, String rule, Priority priority, String output,
                    Map<String, Optional<Object>> outputFields, List<String> tags, String source, String hostname) {

    /**
     * Validates the components and copies the collections.
     *
     * @throws IllegalArgumentException if the rule name is blank or a field value has another type
     */
    public Alert {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(hostname, "hostname");
        if (rule.isBlank()) {
            throw new IllegalArgumentException("rule name must not be blank");
        }
        TreeMap<String, Optional<Object>> fields = new TreeMap<>();
        for (Map.Entry<String, Optional<Object>> e : outputFields.entrySet()) {
            Optional<Object> value = Objects.requireNonNull(e.getValue(), "value of output field " + e.getKey());
            value.ifPresent(v -> {
                if (!(v instanceof String || v instanceof Long || v instanceof Boolean)) {
                    throw new IllegalArgumentException("output field " + e.getKey()
                            + " must hold a String, Long or Boolean, not " + v.getClass().getName());
                }
            });
            fields.put(Objects.requireNonNull(e.getKey(), "output field name"), value);
        }
        outputFields = Collections.unmodifiableMap(fields);
        tags = List.copyOf(tags);
    }
}
