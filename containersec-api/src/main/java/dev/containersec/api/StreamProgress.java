package dev.containersec.api;

import java.util.Objects;

/**
 * How far an {@link EventStream} over a finite input (a capture file, a replay) has got, as Falco's
 * plugin {@code get_progress} reports it.
 *
 * @param fraction the fraction done, {@code 0.0..1.0}
 * @param description a short human description, e.g. {@code "12,345 of 50,000 events"}, may be empty
 */
public record StreamProgress(double fraction, String description) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the fraction is outside {@code 0..1} or not a number
     */
    public StreamProgress {
        Objects.requireNonNull(description, "description");
        if (!(fraction >= 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("fraction must be in 0..1, was " + fraction);
        }
    }
}
