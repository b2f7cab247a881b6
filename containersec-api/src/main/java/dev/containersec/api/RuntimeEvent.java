package dev.containersec.api;

import java.time.Instant;

/**
 * Something a process did at run time, as an {@link EventSource} reports it: the closed set of events
 * containersec's rule engine and baselines understand.
 *
 * <p>Every event carries when it happened and the {@link ProcessContext} of the process that did it.
 * {@link #eventType()} is the name Falco's {@code evt.type} field gives the same kernel event, so that
 * Falco rules can select events by type. Events are immutable values and safe to share between threads.
 */
public sealed interface RuntimeEvent permits ProcessExecEvent, ProcessExitEvent, FileOpenEvent, NetworkEvent,
        PrivilegeChangeEvent, ModuleLoadEvent, PtraceEvent {

    /**
     * Returns when the event happened (the kernel's timestamp, converted to wall-clock time).
     *
     * @return the timestamp
     */
    Instant timestamp();

    /**
     * Returns the process that caused the event.
     *
     * @return the process context
     */
    ProcessContext process();

    /**
     * Returns the event's type as Falco's {@code evt.type} names it, e.g. {@code execve}, {@code openat},
     * {@code connect}, {@code setuid} or {@code procexit}.
     *
     * @return the event type name
     */
    String eventType();
}
