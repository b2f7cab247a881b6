package dev.containersec.runtime;

import dev.containersec.api.Alert;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.runtime.internal.rules.CompiledRules;
import java.util.List;
import java.util.Objects;

/**
 * Loaded, compiled Falco rules, ready to evaluate events. Made by {@link RuleEngine#load(List)}.
 *
 * <p>Immutable and thread-safe: any number of threads may call {@link #evaluate(RuntimeEvent)} at once.
 * Rules are indexed by the {@code evt.type} values their conditions allow, so an event is only tested
 * against the rules that can match it.
 */
public final class RuleSet {

    private final CompiledRules rules;
    private final RuleLoadReport report;
    private final RuleMatching matching;

    RuleSet(CompiledRules rules, RuleLoadReport report, RuleMatching matching) {
        this.rules = rules;
        this.report = report;
        this.matching = matching;
    }

    /**
     * Evaluates one event against the loaded rules.
     *
     * @param event the event
     * @return the alerts of the matching rules in load order: at most one with {@link RuleMatching#FIRST};
     *     an empty list when no rule matches
     */
    public List<Alert> evaluate(RuntimeEvent event) {
        Objects.requireNonNull(event, "event");
        return rules.evaluate(event);
    }

    /**
     * Counts the rules whose conditions match an event, without rendering alerts.
     *
     * @param event the event
     * @return the number of matching rules (ignoring {@link RuleMatching#FIRST})
     */
    public int countMatches(RuntimeEvent event) {
        Objects.requireNonNull(event, "event");
        return rules.countMatches(event);
    }

    /**
     * Returns the names of the loaded (enabled, compiled) rules in load order.
     *
     * @return the rule names
     */
    public List<String> ruleNames() {
        return rules.names();
    }

    /**
     * Returns how many rules are loaded.
     *
     * @return the number of loaded rules
     */
    public int size() {
        return rules.names().size();
    }

    /**
     * Returns the load report: every rule's status and the warnings (a loaded set has no errors).
     *
     * @return the report
     */
    public RuleLoadReport report() {
        return report;
    }

    /**
     * Returns which matching rules raise alerts.
     *
     * @return the matching mode
     */
    public RuleMatching matching() {
        return matching;
    }
}
