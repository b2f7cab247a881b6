package dev.containersec.runtime;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether one rule was loaded, and if not, why: one row of {@code containersec rules check}.
 *
 * @param name the rule's name
 * @param file the rules file that (last) defined it
 * @param loaded whether the rule is evaluated
 * @param reason why it is not (disabled, skipped, an error), empty when loaded
 */
public record RuleStatus(String name, String file, boolean loaded, Optional<String> reason) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a loaded rule has a reason or an unloaded one has none
     */
    public RuleStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
        if (loaded == reason.isPresent()) {
            throw new IllegalArgumentException("a rule has a reason exactly when it is not loaded");
        }
    }
}
