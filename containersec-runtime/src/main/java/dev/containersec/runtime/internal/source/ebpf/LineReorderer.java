package dev.containersec.runtime.internal.source.ebpf;

import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * Puts bpftrace's printf lines back into kernel order before they are decoded. bpftrace drains its
 * per-CPU buffers in no global order, so a line printed on one CPU can arrive after a later line printed
 * on another: an {@code exec} line before the {@code argv} lines of its own {@code execve} (execve calls
 * {@code sched_exec()}, which may move the task to another CPU, between the two tracepoints), or a
 * {@code ret} line before the line of its system call's entry. Every line kind carries the kernel's
 * {@code nsecs} (CLOCK_MONOTONIC) as its second tab-separated field; lines are held here and released in
 * that order (ties in arrival order).
 *
 * <p>A line is held for at most {@code window} after it arrived: when the earliest-arrived line still
 * held is that old, lines are released in timestamp order up to and including it. So a line is put back
 * in order with every line that arrives at most {@code window} after it, every line waits at most
 * {@code window} (plus the caller's polling delay), and the release does not depend on the kernel clock
 * agreeing with the caller's. The holding is bounded: past {@code maxLines} lines or {@code maxChars}
 * characters the earliest line in timestamp order is released at once. A line without a parsable
 * timestamp is dropped and counted. Not thread-safe: the caller serialises access.
 */
final class LineReorderer {

    private static final int MAX_TIMESTAMP_DIGITS = 20;

    private final long windowNanos;
    private final int maxLines;
    private final long maxChars;
    private final PriorityQueue<Held> byTime = new PriorityQueue<>(LineReorderer::compare);
    private final ArrayDeque<Held> byArrival = new ArrayDeque<>();
    private long seq;
    private long chars;
    private long malformed;
    private long late;
    private boolean anyReleased;
    private long lastReleased;

    private static final class Held {
        final long nsecs;
        final long seq;
        final long arrival;
        final String line;
        boolean released;

        Held(long nsecs, long seq, long arrival, String line) {
            this.nsecs = nsecs;
            this.seq = seq;
            this.arrival = arrival;
            this.line = line;
        }
    }

    /**
     * @param windowNanos how long a line is held at most after it arrived, at least 0
     * @param maxLines lines held at most, at least 1
     * @param maxChars characters held at most, at least 1
     */
    LineReorderer(long windowNanos, int maxLines, long maxChars) {
        if (windowNanos < 0 || maxLines < 1 || maxChars < 1) {
            throw new IllegalArgumentException("window " + windowNanos + " ns, " + maxLines + " lines and "
                    + maxChars + " chars: expected window >= 0 and positive bounds");
        }
        this.windowNanos = windowNanos;
        this.maxLines = maxLines;
        this.maxChars = maxChars;
    }

    private static int compare(Held a, Held b) {
        int c = Long.compareUnsigned(a.nsecs, b.nsecs);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    }

    /**
     * Holds a line that arrived at {@code nowNanos}. Returns false, counting it, when it has no
     * timestamp; the caller then releases what {@link #overCapacity()} asks for.
     */
    boolean add(String line, long nowNanos) {
        long nsecs;
        try {
            nsecs = timestamp(line);
        } catch (IllegalArgumentException e) {
            malformed++;
            return false;
        }
        Held h = new Held(nsecs, seq++, nowNanos, line);
        byTime.add(h);
        byArrival.addLast(h);
        chars += line.length();
        return true;
    }

    /** Tells whether more is held than the bounds allow: release with {@link #pollEarliest()} until not. */
    boolean overCapacity() {
        return byTime.size() > maxLines || (chars > maxChars && byTime.size() > 0);
    }

    /** The next line in timestamp order if the earliest-arrived line held is due at {@code nowNanos}, or null. */
    String pollDue(long nowNanos) {
        Held oldest = byArrival.peekFirst();
        if (oldest == null || nowNanos - oldest.arrival < windowNanos) {
            return null;
        }
        return pollEarliest();
    }

    /** The next line in timestamp order regardless of time (bounds, end of stream), or null when none is held. */
    String pollEarliest() {
        Held h = byTime.poll();
        if (h == null) {
            return null;
        }
        h.released = true;
        while (!byArrival.isEmpty() && byArrival.peekFirst().released) {
            byArrival.removeFirst();
        }
        chars -= h.line.length();
        if (anyReleased && Long.compareUnsigned(h.nsecs, lastReleased) < 0) {
            late++;
        } else {
            lastReleased = h.nsecs;
        }
        anyReleased = true;
        return h.line;
    }

    /** Nanoseconds from {@code nowNanos} until {@link #pollDue} returns a line; -1 when nothing is held. */
    long nanosUntilDue(long nowNanos) {
        Held oldest = byArrival.peekFirst();
        return oldest == null ? -1 : Math.max(0, windowNanos - (nowNanos - oldest.arrival));
    }

    /** Lines held. */
    int size() {
        return byTime.size();
    }

    /** Characters held. */
    long heldChars() {
        return chars;
    }

    /** Drops every line held (the stream closed). */
    void clear() {
        byTime.clear();
        byArrival.clear();
        chars = 0;
    }

    /** Lines dropped because they had no timestamp. */
    long malformedLines() {
        return malformed;
    }

    /** Lines released after a line with a later timestamp: they arrived more than the window late. */
    long lateLines() {
        return late;
    }

    /** The second tab-separated field as an unsigned decimal. */
    static long timestamp(String line) {
        int start = line.indexOf('\t') + 1;
        if (start == 0) {
            throw new IllegalArgumentException("no timestamp field");
        }
        int end = line.indexOf('\t', start);
        if (end < 0) {
            end = line.length();
        }
        if (end == start || end - start > MAX_TIMESTAMP_DIGITS) {
            throw new IllegalArgumentException("timestamp field of " + (end - start) + " characters");
        }
        for (int i = start; i < end; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("timestamp is not decimal");
            }
        }
        return Long.parseUnsignedLong(line, start, end, 10);
    }
}
