package dev.containersec.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A process exited.
 *
 * @param timestamp when the process exited
 * @param process the process as it was when it exited
 * @param exitCode the exit status ({@code 0..255}), or {@code 128 + signal} when a signal killed it
 */
public record ProcessExitEvent(Instant timestamp, ProcessContext process, int exitCode) implements RuntimeEvent {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the exit code is negative
     */
    public ProcessExitEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(process, "process");
        if (exitCode < 0) {
            throw new IllegalArgumentException("exitCode must be >= 0, was " + exitCode);
        }
    }

    /**
     * Returns {@code procexit}, Falco's name for process termination.
     *
     * @return {@code procexit}
     */
    @Override
    public String eventType() {
        return "procexit";
    }
}
