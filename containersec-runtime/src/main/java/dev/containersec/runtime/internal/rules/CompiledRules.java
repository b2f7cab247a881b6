package dev.containersec.runtime.internal.rules;

import dev.containersec.api.Alert;
import dev.containersec.api.RuntimeEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The loaded rules with their event-type index: for each event type, the rules that can match it, in
 * load order. Immutable and thread-safe; evaluation allocates only what an alert needs.
 */
public final class CompiledRules {

    private final List<CompiledRule> rules;
    private final Map<String, CompiledRule[]> byType;
    private final CompiledRule[] anyType;
    private final CompiledRule[] all;
    private final boolean indexed;
    private final boolean firstOnly;
    private final String hostname;
    private final int memoSlots;

    CompiledRules(List<CompiledRule> rules, boolean indexed, boolean firstOnly, String hostname, int memoSlots) {
        this.memoSlots = memoSlots;
        this.rules = List.copyOf(rules);
        this.indexed = indexed;
        this.firstOnly = firstOnly;
        this.hostname = hostname;
        this.all = this.rules.toArray(new CompiledRule[0]);
        Set<String> types = new HashSet<>(EventTypes.ALL_TYPES);
        for (CompiledRule r : rules) {
            if (r.eventTypes() != null) {
                types.addAll(r.eventTypes());
            }
        }
        Map<String, CompiledRule[]> index = new HashMap<>();
        for (String type : types) {
            List<CompiledRule> list = new ArrayList<>();
            for (CompiledRule r : rules) {
                if (r.eventTypes() == null || r.eventTypes().contains(type)) {
                    list.add(r);
                }
            }
            index.put(type, list.toArray(new CompiledRule[0]));
        }
        this.byType = index;
        this.anyType = rules.stream().filter(r -> r.eventTypes() == null).toArray(CompiledRule[]::new);
    }

    /**
     * Returns the names of the loaded rules, in load order.
     *
     * @return the names
     */
    public List<String> names() {
        return rules.stream().map(CompiledRule::name).toList();
    }

    /**
     * Evaluates one event.
     *
     * @param event the event
     * @return the alerts, in load order; empty (and not allocated) when nothing matches
     */
    public List<Alert> evaluate(RuntimeEvent event) {
        CompiledRule[] candidates;
        if (indexed) {
            candidates = byType.get(event.eventType());
            if (candidates == null) {
                candidates = anyType;
            }
        } else {
            candidates = all;
        }
        if (candidates.length == 0) {
            return List.of();
        }
        EventView view = new EventView(event, hostname, memoSlots);
        Alert first = null;
        List<Alert> alerts = null;
        for (CompiledRule r : candidates) {
            if (r.condition().test(view)) {
                Alert alert = r.alert(view);
                if (firstOnly) {
                    return List.of(alert);
                }
                if (first == null) {
                    first = alert;
                } else {
                    if (alerts == null) {
                        alerts = new ArrayList<>(4);
                        alerts.add(first);
                    }
                    alerts.add(alert);
                }
            }
        }
        return first == null ? List.of() : alerts == null ? List.of(first) : List.copyOf(alerts);
    }

    /**
     * Counts the rules that match one event, without building alerts (for benchmarks and tests).
     *
     * @param event the event
     * @return how many rules match
     */
    public int countMatches(RuntimeEvent event) {
        CompiledRule[] candidates = indexed ? byType.getOrDefault(event.eventType(), anyType) : all;
        EventView view = new EventView(event, hostname, memoSlots);
        int n = 0;
        for (CompiledRule r : candidates) {
            if (r.condition().test(view)) {
                n++;
            }
        }
        return n;
    }
}
