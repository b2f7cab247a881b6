package dev.containersec.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An image's HEALTHCHECK, as Docker records it in the image configuration.
 *
 * @param test the test command; {@code ["NONE"]} disables a check inherited from a base image
 * @param interval time between checks, {@link Duration#ZERO} when not set
 * @param timeout time after which one check counts as failed, {@link Duration#ZERO} when not set
 * @param startPeriod grace period after start, {@link Duration#ZERO} when not set
 * @param retries consecutive failures before the container is unhealthy, 0 when not set
 */
public record Healthcheck(List<String> test, Duration interval, Duration timeout, Duration startPeriod, int retries) {

    /** Copies the lists and checks for nulls. */
    public Healthcheck {
        test = List.copyOf(test);
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(startPeriod, "startPeriod");
    }

    /**
     * Tells whether this healthcheck disables checking ({@code HEALTHCHECK NONE}).
     *
     * @return true for {@code ["NONE"]} or an empty test
     */
    public boolean disabled() {
        return test.isEmpty() || test.get(0).equals("NONE");
    }
}
