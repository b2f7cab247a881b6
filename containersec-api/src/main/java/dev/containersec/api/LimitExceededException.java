package dev.containersec.api;

import java.util.Objects;

/**
 * Input exceeded one of the bounds of {@link ScanLimits}. Carries which limit, the bound in force and
 * the value that was reached, so callers can decide whether to retry with wider limits.
 */
public final class LimitExceededException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final ScanLimits.Limit limit;
    private final long allowed;
    private final long reached;

    /**
     * Creates the exception.
     *
     * @param subject what was being read
     * @param limit the limit that was hit
     * @param allowed the bound in force
     * @param reached the value reached when reading stopped (at least {@code allowed + 1} for counts)
     */
    public LimitExceededException(String subject, ScanLimits.Limit limit, long allowed, long reached) {
        super(subject, limit.description() + " exceeds the limit of " + allowed + " (reached " + reached
                + "); raise ScanLimits." + limit.builderMethod() + " if the input is trusted");
        this.limit = Objects.requireNonNull(limit, "limit");
        this.allowed = allowed;
        this.reached = reached;
    }

    /**
     * Returns the limit that was exceeded.
     *
     * @return the limit
     */
    public ScanLimits.Limit limit() {
        return limit;
    }

    /**
     * Returns the bound that was in force.
     *
     * @return the allowed value
     */
    public long allowed() {
        return allowed;
    }

    /**
     * Returns the value reached when reading stopped.
     *
     * @return the reached value
     */
    public long reached() {
        return reached;
    }
}
