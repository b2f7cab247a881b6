package dev.containersec.runtime;

import dev.containersec.api.InvalidInputException;
import java.util.Objects;

/**
 * Rules files could not be loaded: at least one error (bad YAML, a syntax error in a condition, an
 * unknown field, an override of something undefined). The {@link #report()} lists every error and
 * warning, and every rule's status. The message names the first error.
 */
public final class RuleLoadException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final transient RuleLoadReport report;

    /**
     * Creates the exception.
     *
     * @param report the load report, which has at least one error
     */
    public RuleLoadException(RuleLoadReport report) {
        super(first(report).file(), message(report));
        this.report = Objects.requireNonNull(report, "report");
    }

    private static RuleProblem first(RuleLoadReport report) {
        return report.errors().stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("report has no errors"));
    }

    private static String message(RuleLoadReport report) {
        RuleProblem p = first(report);
        int more = report.errors().size() - 1;
        return (p.line() > 0 ? "line " + p.line() + ": " : "") + (p.item().isEmpty() ? "" : p.item() + ": ")
                + p.message() + (more > 0 ? " (and " + more + " more error" + (more > 1 ? "s" : "") + ")" : "");
    }

    /**
     * Returns the full load report.
     *
     * @return the report
     */
    public RuleLoadReport report() {
        return report;
    }
}
