package dev.containersec.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on one evaluation of one CEL policy against one input (its match conditions, variables,
 * validations, messages and audit annotations together), so that a hostile or careless policy cannot hang
 * or exhaust the caller. Exceeding a bound throws {@link CelBudgetExceededException}, whatever the policy's
 * {@code failurePolicy}.
 *
 * <p>Kubernetes bounds CEL by estimated and runtime cost ({@code RuntimeCELCostBudget = 10,000,000} per
 * binding); CEL-Java has no cost model, so containersec counts evaluation steps (every evaluated
 * sub-expression, comprehension iterations included), checks the elapsed time as it goes, and bounds the size
 * of every intermediate value (string length, list or map size). One built-in call on values within the size
 * bound is not interrupted.
 *
 * @param maxSteps the most sub-expression evaluations, at least 1
 * @param maxTime the longest wall-clock time, positive
 * @param maxValueSize the largest string (in chars), list or map (in entries) an expression may produce or
 *     select, at least 1
 */
public record CelBudget(long maxSteps, Duration maxTime, long maxValueSize) {

    /**
     * Validates the bounds.
     *
     * @throws IllegalArgumentException naming the bad bound
     */
    public CelBudget {
        Objects.requireNonNull(maxTime, "maxTime");
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be >= 1, was " + maxSteps);
        }
        if (maxTime.isZero() || maxTime.isNegative()) {
            throw new IllegalArgumentException("maxTime must be positive, was " + maxTime);
        }
        if (maxValueSize < 1) {
            throw new IllegalArgumentException("maxValueSize must be >= 1, was " + maxValueSize);
        }
    }

    /**
     * Returns the defaults: 1,000,000 steps (Kubernetes' per-expression limit is 1,000,000 cost units), 1
     * second (Kubernetes' whole-binding budget is about 1 s) and values of at most 4,194,304 chars or entries.
     *
     * @return the default budget
     */
    public static CelBudget defaults() {
        return new CelBudget(1_000_000, Duration.ofSeconds(1), 4L << 20);
    }

    /** The bound a {@link CelBudgetExceededException} reports. */
    public enum Limit {
        /** {@link CelBudget#maxSteps()}. */
        STEPS,
        /** {@link CelBudget#maxTime()}, in milliseconds. */
        TIME,
        /** {@link CelBudget#maxValueSize()}. */
        VALUE_SIZE
    }
}
