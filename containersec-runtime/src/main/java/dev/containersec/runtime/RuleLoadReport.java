package dev.containersec.runtime;

import java.util.List;
import java.util.Objects;

/**
 * What loading rules files produced: every rule with whether it was loaded, and every problem found.
 * The CLI's {@code rules check} prints it.
 *
 * @param rules every rule defined, in load order
 * @param problems the errors and warnings, in the order found
 */
public record RuleLoadReport(List<RuleStatus> rules, List<RuleProblem> problems) {

    /** Copies the lists. */
    public RuleLoadReport {
        rules = List.copyOf(rules);
        problems = List.copyOf(problems);
        Objects.requireNonNull(rules);
    }

    /**
     * Tells whether any problem is an error.
     *
     * @return true if loading fails
     */
    public boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.level() == RuleProblem.Level.ERROR);
    }

    /**
     * Returns the errors.
     *
     * @return the problems at level {@link RuleProblem.Level#ERROR}
     */
    public List<RuleProblem> errors() {
        return problems.stream().filter(p -> p.level() == RuleProblem.Level.ERROR).toList();
    }

    /**
     * Returns the warnings.
     *
     * @return the problems at level {@link RuleProblem.Level#WARNING}
     */
    public List<RuleProblem> warnings() {
        return problems.stream().filter(p -> p.level() == RuleProblem.Level.WARNING).toList();
    }
}
