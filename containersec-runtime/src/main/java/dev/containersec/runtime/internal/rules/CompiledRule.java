package dev.containersec.runtime.internal.rules;

import dev.containersec.api.Alert;
import dev.containersec.api.Priority;
import java.util.List;
import java.util.Set;

/**
 * A loaded rule, ready to evaluate. Immutable and thread-safe.
 *
 * @param name the rule name
 * @param priority its priority
 * @param tags its tags
 * @param condition the compiled condition, exceptions included
 * @param output the compiled output format
 * @param eventTypes the event types it can match, or null for every type
 * @param conditionText the condition as written, after overrides (for diagnostics)
 */
record CompiledRule(String name, Priority priority, List<String> tags, Pred condition, OutputFormat output,
                    Set<String> eventTypes, String conditionText) {

    Alert alert(EventView v) {
        String rendered = output.render(v);
        String line = Fields.timeOfDay(v.event.timestamp()) + ": " + priority.falcoName() + " " + rendered;
        return new Alert(v.event.timestamp(), name, priority, line, output.fields(v), tags, "syscall", v.hostname);
    }
}
