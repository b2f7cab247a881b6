package dev.containersec.api;

import java.util.List;
import java.util.Objects;

/**
 * What one call of {@link EventStream#nextBatch(java.time.Duration)} returned: events, nothing yet,
 * the end of the stream, or a failure. Mirrors the return codes of Falco's plugin {@code next_batch}
 * ({@code SUCCESS}, {@code TIMEOUT}, {@code EOF}, {@code FAILURE}).
 */
public sealed interface EventBatch permits EventBatch.Events, EventBatch.Timeout, EventBatch.EndOfStream,
        EventBatch.Failure {

    /**
     * Returns a batch of events.
     *
     * @param events the events, in the order they happened; at least one
     * @return the batch
     */
    static EventBatch events(List<? extends RuntimeEvent> events) {
        return new Events(List.copyOf(events));
    }

    /**
     * Returns the result meaning "no events within the timeout; poll again".
     *
     * @return the timeout result
     */
    static EventBatch timeout() {
        return Timeout.INSTANCE;
    }

    /**
     * Returns the result meaning "the input is exhausted; no further events will come".
     *
     * @return the end-of-stream result
     */
    static EventBatch endOfStream() {
        return EndOfStream.INSTANCE;
    }

    /**
     * Returns the result meaning "the stream failed and is unusable".
     *
     * @param error what went wrong
     * @return the failure result
     */
    static EventBatch failure(ContainerSecException error) {
        return new Failure(error);
    }

    /**
     * Events are available.
     *
     * @param events the events, in the order they happened; never empty
     */
    record Events(List<RuntimeEvent> events) implements EventBatch {

        /**
         * Copies the list.
         *
         * @throws IllegalArgumentException if the list is empty (return {@link EventBatch#timeout()})
         */
        public Events {
            events = List.copyOf(events);
            if (events.isEmpty()) {
                throw new IllegalArgumentException("a batch holds at least one event; return EventBatch.timeout()");
            }
        }
    }

    /** No events arrived within the timeout; the caller polls again. The stream stays open. */
    record Timeout() implements EventBatch {
        private static final Timeout INSTANCE = new Timeout();
    }

    /** The input is exhausted. Further calls return this again. */
    record EndOfStream() implements EventBatch {
        private static final EndOfStream INSTANCE = new EndOfStream();
    }

    /**
     * The stream failed; it is unusable and the caller closes it. Further calls return this again.
     *
     * @param error what went wrong
     */
    record Failure(ContainerSecException error) implements EventBatch {

        /** Checks for null. */
        public Failure {
            Objects.requireNonNull(error, "error");
        }
    }
}
