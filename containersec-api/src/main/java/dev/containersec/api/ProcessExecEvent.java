package dev.containersec.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A process replaced its program image ({@code execve} or {@code execveat} returned successfully). The
 * {@link #process()} is the context after the exec: the new executable, arguments and credentials.
 *
 * @param timestamp when the exec completed
 * @param process the process after the exec
 */
public record ProcessExecEvent(Instant timestamp, ProcessContext process) implements RuntimeEvent {

    /** Checks for nulls. */
    public ProcessExecEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(process, "process");
    }

    /**
     * Returns {@code execve}, as Falco names successful program executions.
     *
     * @return {@code execve}
     */
    @Override
    public String eventType() {
        return "execve";
    }
}
