package dev.containersec.policy.internal.cel;

import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationListener;
import dev.containersec.policy.CelBudget;
import java.util.Collection;
import java.util.Map;

/**
 * Tracks one evaluation against a {@link CelBudget}: CEL-Java calls {@link #callback} after every evaluated
 * sub-expression; exceeding a bound throws {@link Exceeded}, which the interpreter passes up as the cause of its
 * evaluation exception. Not thread-safe: one per evaluation.
 */
final class Budget implements CelEvaluationListener {

    /**
     * Thrown from the listener to stop evaluation. An {@link Error}, not an exception, on purpose: CEL's
     * logical operators and comprehensions absorb evaluation exceptions as error values and carry on (so that
     * {@code false && error} is false), which would let a hostile loop run on after its budget; errors pass
     * through the interpreter untouched. {@link CompiledPolicy} catches it at the top of each evaluation.
     */
    static final class Exceeded extends Error {
        private static final long serialVersionUID = 1L;
        final CelBudget.Limit limit;
        final long allowed;
        final long reached;

        Exceeded(CelBudget.Limit limit, long allowed, long reached) {
            super("CEL budget exceeded: " + limit + " " + reached + " > " + allowed, null, false, false);
            this.limit = limit;
            this.allowed = allowed;
            this.reached = reached;
        }
    }

    private static final int CLOCK_EVERY = 256;

    private final long maxSteps;
    private final long maxValueSize;
    private final long deadline;
    private final long maxNanos;
    private final long start;
    private long steps;

    Budget(CelBudget budget) {
        this.maxSteps = budget.maxSteps();
        this.maxValueSize = budget.maxValueSize();
        this.maxNanos = budget.maxTime().toNanos();
        this.start = System.nanoTime();
        this.deadline = start + maxNanos;
    }

    @Override
    public void callback(CelExpr expr, Object value) {
        if (++steps > maxSteps) {
            throw new Exceeded(CelBudget.Limit.STEPS, maxSteps, steps);
        }
        if ((steps % CLOCK_EVERY) == 0) {
            checkTime();
        }
        long size;
        if (value instanceof String) {
            size = ((String) value).length();
        } else if (value instanceof Collection) {
            size = ((Collection<?>) value).size();
        } else if (value instanceof Map) {
            size = ((Map<?, ?>) value).size();
        } else {
            return;
        }
        if (size > maxValueSize) {
            throw new Exceeded(CelBudget.Limit.VALUE_SIZE, maxValueSize, size);
        }
    }

    /** Checks the clock; called between expressions too. */
    void checkTime() {
        long now = System.nanoTime();
        if (now - deadline > 0) {
            throw new Exceeded(CelBudget.Limit.TIME, maxNanos / 1_000_000, (now - start) / 1_000_000);
        }
    }

    /**
     * Finds a budget failure among an exception's causes.
     *
     * @param t the exception
     * @return the failure, or null
     */
    static Exceeded find(Throwable t) {
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (t instanceof Exceeded) {
                return (Exceeded) t;
            }
        }
        return null;
    }
}
