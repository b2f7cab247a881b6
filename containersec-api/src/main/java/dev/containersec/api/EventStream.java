package dev.containersec.api;

import java.time.Duration;
import java.util.Optional;

/**
 * An open stream of runtime events: one instance of an {@link EventSource}, as Falco's plugin
 * {@code open} returns an instance that {@code next_batch} reads.
 *
 * <p><b>Threads.</b> A stream is confined: one thread at a time calls {@link #nextBatch(Duration)}
 * (the runtime's reader thread). {@link #close()} may be called from another thread to stop a reader
 * that waits in {@code nextBatch}; the waiting call then returns {@link EventBatch#endOfStream()}
 * promptly. {@link #progress()} may be called from any thread.
 *
 * <p><b>Lifecycle.</b> {@code nextBatch}* until it returns {@link EventBatch.EndOfStream} or
 * {@link EventBatch.Failure}, then {@code close}. {@code close} is idempotent; {@code nextBatch} after
 * {@code close} returns {@link EventBatch#endOfStream()}.
 */
public interface EventStream extends AutoCloseable {

    /**
     * Returns the next events, waiting at most {@code timeout} for the first one. Never blocks longer
     * than the timeout (plus the time to hand over events already read) and never throws for a
     * failure of the input: failures are returned as {@link EventBatch.Failure}.
     *
     * @param timeout the longest wait, positive
     * @return events, a timeout, the end of the stream or a failure
     */
    EventBatch nextBatch(Duration timeout);

    /**
     * Returns how far the stream has got, for finite inputs. The default says nothing.
     *
     * @return the progress, or empty for unbounded streams (live kernel events)
     */
    default Optional<StreamProgress> progress() {
        return Optional.empty();
    }

    /** Releases the stream's resources. Idempotent; never throws. */
    @Override
    void close();
}
