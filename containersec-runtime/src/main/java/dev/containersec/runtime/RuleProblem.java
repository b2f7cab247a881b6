package dev.containersec.runtime;

import java.util.Objects;
import java.util.Optional;

/**
 * An error or warning found while loading rules.
 *
 * @param level whether loading fails because of it
 * @param file the rules file
 * @param line the 1-based line of the item in the file, or {@code 0} when not known
 * @param item the item concerned, e.g. {@code rule 'Write below etc'} or {@code macro 'open_write'};
 *     empty for problems with the file as a whole
 * @param field the condition or output field concerned, when the problem is about one
 * @param message what is wrong, in one line
 */
public record RuleProblem(Level level, String file, int line, String item, Optional<String> field, String message) {

    /** How serious a problem is. */
    public enum Level {
        /** The rules cannot be loaded as written ({@link RuleEngine#load(java.util.List)} fails). */
        ERROR,
        /** The rules load, but something is probably not what the author meant. */
        WARNING
    }

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the line is negative
     */
    public RuleProblem {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, was " + line);
        }
    }

    /**
     * Returns the problem as one line: {@code file:line: error: rule 'X': message}.
     *
     * @return the problem as text
     */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + level.name().toLowerCase(java.util.Locale.ROOT) + ": "
                + (item.isEmpty() ? "" : item + ": ") + message;
    }
}
