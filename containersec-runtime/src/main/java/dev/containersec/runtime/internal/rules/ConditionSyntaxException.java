package dev.containersec.runtime.internal.rules;

import dev.containersec.api.InvalidInputException;

/** A condition could not be parsed: the only exception {@link ConditionParser#parse(String)} throws. */
public final class ConditionSyntaxException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final int position;

    /**
     * Creates the exception.
     *
     * @param message what is wrong
     * @param position the character offset in the condition where the problem was found
     */
    public ConditionSyntaxException(String message, int position) {
        super("condition", message + " at position " + position);
        this.position = position;
    }

    /**
     * Returns where the problem was found.
     *
     * @return the character offset
     */
    public int position() {
        return position;
    }
}
