package dev.containersec.policy;

import dev.containersec.api.ContainerSecException;
import java.util.Objects;

/**
 * A CEL policy's evaluation was stopped because it exceeded its {@link CelBudget}. Thrown whatever the
 * policy's {@code failurePolicy}: a policy that runs away is a defect to fix, not a verdict on the input.
 */
public final class CelBudgetExceededException extends ContainerSecException {
    private static final long serialVersionUID = 1L;

    private final String policy;
    private final String field;
    private final CelBudget.Limit limit;
    private final long allowed;
    private final long reached;

    /**
     * Creates the exception.
     *
     * @param policy the policy's name
     * @param field the expression being evaluated, e.g. {@code spec.validations[0].expression}
     * @param input the input being evaluated, for the message
     * @param limit the bound that was hit
     * @param allowed the bound in force
     * @param reached the value reached when evaluation stopped
     */
    public CelBudgetExceededException(String policy, String field, String input, CelBudget.Limit limit, long allowed,
                                      long reached) {
        super("policy '" + policy + "' " + field + " on " + input + ": CEL evaluation budget exceeded: "
                + describe(limit) + " " + reached + " > allowed " + allowed);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.field = Objects.requireNonNull(field, "field");
        this.limit = Objects.requireNonNull(limit, "limit");
        this.allowed = allowed;
        this.reached = reached;
    }

    private static String describe(CelBudget.Limit limit) {
        switch (limit) {
            case STEPS:
                return "evaluation steps";
            case TIME:
                return "milliseconds";
            default:
                return "value size";
        }
    }

    /**
     * Returns the policy's name.
     *
     * @return the name
     */
    public String policy() {
        return policy;
    }

    /**
     * Returns the expression's place in the policy.
     *
     * @return e.g. {@code spec.validations[0].expression}
     */
    public String field() {
        return field;
    }

    /**
     * Returns the bound that was hit.
     *
     * @return the limit
     */
    public CelBudget.Limit limit() {
        return limit;
    }

    /**
     * Returns the bound in force.
     *
     * @return the allowed value
     */
    public long allowed() {
        return allowed;
    }

    /**
     * Returns the value reached.
     *
     * @return the reached value
     */
    public long reached() {
        return reached;
    }
}
