package dev.containersec.runtime.internal.rules;

/** A compiled condition. Stateless and thread-safe. */
@FunctionalInterface
public interface Pred {
    /**
     * Evaluates the condition.
     *
     * @param v the event
     * @return whether it matches
     */
    boolean test(EventView v);
}
