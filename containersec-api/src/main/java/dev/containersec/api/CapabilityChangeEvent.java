package dev.containersec.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A process set its capability sets ({@code capset}). Each set has one bit per Linux capability number.
 * The {@link #process()} holds the effective set before the call.
 *
 * @param timestamp when the call returned
 * @param process the process, with its capabilities before the call
 * @param effective the requested effective set
 * @param permitted the requested permitted set
 * @param inheritable the requested inheritable set
 */
public record CapabilityChangeEvent(Instant timestamp, ProcessContext process, long effective, long permitted,
                                    long inheritable) implements PrivilegeChangeEvent {

    /** Checks for nulls. */
    public CapabilityChangeEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(process, "process");
    }

    /**
     * Returns {@code capset}.
     *
     * @return {@code capset}
     */
    @Override
    public String eventType() {
        return "capset";
    }
}
