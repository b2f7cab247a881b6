package dev.containersec.api;

/**
 * Service provider interface: a destination for {@link Alert}s (a file of JSON lines, syslog, a
 * webhook, a message queue).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Identity.</b> {@link #id()} is unique among the sinks of one runtime: registering two sinks
 *       with the same id is an error, never a silent choice.</li>
 *   <li><b>Registration.</b> Providers are found with {@link java.util.ServiceLoader} (declare
 *       {@code provides dev.containersec.api.AlertSink with ...} in module-info and list the class in
 *       {@code META-INF/services/dev.containersec.api.AlertSink}), or passed explicitly to the runtime
 *       module's registry, which is how configured instances are used.</li>
 *   <li><b>Threads.</b> The runtime calls {@link #publish(Alert)}, {@link #flush()} and {@link #close()}
 *       from one thread at a time (never concurrently), not necessarily the thread that created the
 *       sink. Implementations need no locking of their own unless they share state elsewhere.</li>
 *   <li><b>Latency.</b> {@code publish} runs on the alert path: it must not block for long. A sink that
 *       talks to a slow destination buffers with a bound and counts what it drops.</li>
 *   <li><b>Lifecycle.</b> {@code publish}* then {@code flush}/{@code close}; {@code close} flushes, is
 *       idempotent, and no call follows it.</li>
 *   <li><b>Failure.</b> A sink that cannot deliver throws a {@link ContainerSecException}; the runtime
 *       reports it and keeps evaluating events.</li>
 * </ul>
 */
public interface AlertSink extends AutoCloseable {

    /**
     * Returns the sink's unique id: lower-case letters, digits, {@code .}, {@code _} and {@code -},
     * starting with a letter, e.g. {@code json-file}.
     *
     * @return the id
     */
    String id();

    /**
     * Delivers one alert (or queues it for delivery).
     *
     * @param alert the alert, never null
     * @throws ContainerSecException if the alert cannot be delivered or queued
     */
    void publish(Alert alert);

    /**
     * Delivers what {@link #publish(Alert)} queued. The default does nothing.
     *
     * @throws ContainerSecException if queued alerts cannot be delivered
     */
    default void flush() {
    }

    /**
     * Flushes and releases resources. Idempotent. The default calls {@link #flush()}.
     *
     * @throws ContainerSecException if queued alerts cannot be delivered
     */
    @Override
    default void close() {
        flush();
    }
}
