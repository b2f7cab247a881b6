package dev.containersec.runtime.internal.source;

/**
 * Implemented by the runtime's own event streams that can lose input before it becomes an event: the
 * pipeline adds these counts to its drop report.
 */
public interface CountingStream {

    /** Events the source lost before they reached the stream (e.g. the kernel's perf buffer overflowed). */
    long sourceDrops();

    /**
     * Input records the stream skipped: malformed, over a bound, or not resolvable into an event (e.g. a
     * relative path opened by a process that exited before its working directory could be read).
     */
    long malformedInputs();
}
