package dev.containersec.runtime;

/** Which matching rules raise alerts for one event, as Falco's {@code rule_matching} setting. */
public enum RuleMatching {
    /** Only the first matching rule, in load order (Falco's default). */
    FIRST,
    /** Every matching rule. */
    ALL
}
