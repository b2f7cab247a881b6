package dev.containersec.runtime.internal.source.ebpf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.api.ContainerSecException;
import dev.containersec.api.EventBatch;
import dev.containersec.api.EventStream;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.runtime.SourceUnavailableException;
import dev.containersec.runtime.internal.source.BoundedLineReader;
import dev.containersec.runtime.internal.source.ContainerIds;
import dev.containersec.runtime.internal.source.CountingStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running bpftrace process as an {@link EventStream}. A reader thread reads its JSON stdout and hands
 * the printf lines to a {@link LineReorderer}, which puts them back into kernel order (bpftrace drains
 * its per-CPU buffers in no global order) by holding each line up to {@link #REORDER_WINDOW}; lines it
 * releases are decoded into a bounded queue. Both the reader (as lines arrive) and {@link #nextBatch}
 * (as the window passes, also when bpftrace prints nothing more) release lines, under one lock, so the
 * decoder sees one order. When the queue is full, released lines wait in the reorderer; when that is full
 * too the reader waits, bpftrace blocks on its pipe, and what the kernel then cannot buffer is lost and
 * reported by bpftrace ({@code lost_events}), which {@link #sourceDrops()} counts exactly. A second thread
 * keeps the tail of stderr for error messages. {@link #close()} stops bpftrace: {@code destroy}, then
 * {@code destroyForcibly} after a grace period.
 */
final class BpftraceStream implements EventStream, CountingStream {

    private static final int MAX_LINE_BYTES = 64 * 1024;
    private static final int STDERR_TAIL_LINES = 20;
    private static final int MAX_BATCH = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(BpftraceStream.class);

    /**
     * How long a printf line is held to be put in order with lines that arrive after it: every event is
     * delivered this much later. Lines printed on different CPUs reach bpftrace's output in separate
     * drains of its per-CPU buffers, and bpftrace can lose the CPU (or block on its pipe) between two.
     * Measured on a loaded two-core machine (three busy loops and an exec loop, all probes, 30 s, about
     * 100,000 events): 365 to 1,899 lines arrived more than 50 ms late, 0 to 8 more than 100 ms late.
     */
    static final Duration REORDER_WINDOW = Duration.ofMillis(100);
    /**
     * bpftrace prints {@code attached_probes} before it attaches them. With this variable set (bpftrace's
     * runtime tests use it; 0.17 has it) it prints {@link #PROBES_LIVE_LINE} on stderr once they are live.
     */
    static final String NOTIFY_ENV = "__BPFTRACE_NOTIFY_PROBES_ATTACHED";
    static final String PROBES_LIVE_LINE = "__BPFTRACE_NOTIFY_PROBES_ATTACHED";
    /**
     * How long to wait for {@link #PROBES_LIVE_LINE} after {@code attached_probes} before going on without
     * it (a bpftrace that does not print it). Attaching the tracepoints took 12 to 64 ms on a loaded
     * two-core machine; this is ample.
     */
    static final Duration PROBES_LIVE_FALLBACK = Duration.ofSeconds(2);
    /** Lines the reorderer holds at most (a flood releases the earliest at once instead of growing). */
    static final int REORDER_MAX_LINES = 16_384;
    /** Characters the reorderer holds at most (lines are up to 64 KiB each). */
    static final long REORDER_MAX_CHARS = 8L << 20;

    private final Process process;
    private final BlockingQueue<RuntimeEvent> queue;
    /** Guards the decoder, the reorderer and the outbox, and orders every put into the queue. */
    private final ReentrantLock decoding = new ReentrantLock();
    private final Condition room = decoding.newCondition();
    private final BpftraceDecoder decoder;
    private final LineReorderer reorderer;
    private final Deque<RuntimeEvent> outbox = new ArrayDeque<>();
    private final LongSupplier clock;
    private final CountDownLatch attached = new CountDownLatch(1);
    private final CountDownLatch probesLive = new CountDownLatch(1);
    private final CountDownLatch readerDone = new CountDownLatch(1);
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong readerMalformed = new AtomicLong();
    private final AtomicLong decodedMalformed = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private final Duration grace;
    private final Thread reader;
    private final Thread errReader;
    private volatile boolean closed;
    private volatile boolean failed;
    private long jsonErrors;

    private BpftraceStream(Process process, int capacity, Duration grace, BpftraceDecoder decoder,
                           LineReorderer reorderer, LongSupplier clock) {
        this.process = process;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.grace = grace;
        this.decoder = decoder;
        this.reorderer = reorderer;
        this.clock = clock;
        this.reader = new Thread(this::readStdout, "containersec-ebpf-stdout-" + process.pid());
        this.errReader = new Thread(this::readStderr, "containersec-ebpf-stderr-" + process.pid());
        reader.setDaemon(true);
        errReader.setDaemon(true);
    }

    /**
     * Starts bpftrace on a program and waits until its probes are attached: until bpftrace says they are
     * live, or (a bpftrace that does not say so) {@link #PROBES_LIVE_FALLBACK} after it announced them.
     *
     * @throws SourceUnavailableException if bpftrace exits or does not attach within the timeout
     */
    static BpftraceStream start(Path bpftrace, ProbeProgram program, int capacity, Duration attachTimeout,
                                Duration grace, Path proc) {
        ProcessBuilder pb = new ProcessBuilder(bpftrace.toString(), "-f", "json", "-e", program.text());
        // 128 bytes per string keeps each printf within the 512-byte BPF stack.
        pb.environment().put("BPFTRACE_STRLEN", "128");
        pb.environment().put(NOTIFY_ENV, "1");
        Process process;
        try {
            process = pb.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new SourceUnavailableException(Preflight.SOURCE, SourceUnavailableException.Requirement.TOOL,
                    "cannot run " + bpftrace + ": " + e.getMessage());
        }
        long bootToEpoch = bootToEpochNanos();
        BpftraceDecoder decoder = new BpftraceDecoder(bootToEpoch, new ContainerIds(proc, 4096), proc,
                process.pid());
        BpftraceStream stream = new BpftraceStream(process, capacity, grace, decoder,
                new LineReorderer(REORDER_WINDOW.toNanos(), REORDER_MAX_LINES, REORDER_MAX_CHARS), System::nanoTime);
        stream.reader.start();
        stream.errReader.start();
        try {
            long deadline = System.nanoTime() + attachTimeout.toNanos();
            while (!stream.attached.await(50, TimeUnit.MILLISECONDS)) {
                stream.failIfNotRunning(deadline, attachTimeout);
            }
            long fallback = System.nanoTime() + PROBES_LIVE_FALLBACK.toNanos();
            while (!stream.probesLive.await(50, TimeUnit.MILLISECONDS)) {
                stream.failIfNotRunning(deadline, attachTimeout);
                if (System.nanoTime() > fallback) {
                    LOG.debug("{} did not say when its probes were live; going on {} ms after it announced them",
                            stream, PROBES_LIVE_FALLBACK.toMillis());
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.close();
            throw new ContainerSecException("interrupted while waiting for bpftrace to attach", e);
        }
        return stream;
    }

    private void failIfNotRunning(long deadline, Duration attachTimeout) throws InterruptedException {
        if (process.isAlive() && System.nanoTime() <= deadline) {
            return;
        }
        String why = process.isAlive() ? "did not attach its probes within " + attachTimeout.toSeconds() + " s"
                : "exited with status " + process.exitValue();
        errReader.join(1000);
        close();
        throw new SourceUnavailableException(Preflight.SOURCE, SourceUnavailableException.Requirement.KERNEL_BPF,
                "the kernel refused the BPF programs: bpftrace " + why + stderrSummary());
    }

    /** CLOCK_MONOTONIC (bpftrace's nsecs, Java's nanoTime on Linux) to nanoseconds since the epoch. */
    private static long bootToEpochNanos() {
        Instant now = Instant.now();
        long mono = System.nanoTime();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano() - mono;
    }

    private void readStdout() {
        BoundedLineReader lines = new BoundedLineReader(process.getInputStream(), MAX_LINE_BYTES);
        try {
            String line;
            while (!closed && (line = lines.readLine()) != null) {
                handle(line);
                readerMalformed.set(lines.oversizedLines() + jsonErrors);
            }
        } catch (IOException e) {
            // the pipe closed: bpftrace exited or close() destroyed it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            readerDone.countDown();
        }
    }

    /** Holds a printf line; releases what is due, and while the reorderer is over its bounds, its earliest. */
    private void offer(String text) throws InterruptedException {
        decoding.lock();
        try {
            reorderer.add(text, clock.getAsLong());
            release(false);
            while (!closed && reorderer.overCapacity()) {
                if (!release(true)) {
                    // the queue is full: wait for the consumer, so bpftrace blocks on its pipe meanwhile
                    room.await(100, TimeUnit.MILLISECONDS);
                }
            }
        } finally {
            decoding.unlock();
        }
    }

    /** At the end of bpftrace's output: every line still held, in order. */
    private void flush() throws InterruptedException {
        decoding.lock();
        try {
            while (!closed && (reorderer.size() > 0 || !outbox.isEmpty())) {
                if (!decodeWhileRoom(reorderer::pollEarliest)) {
                    room.await(100, TimeUnit.MILLISECONDS);
                }
            }
        } finally {
            decoding.unlock();
        }
    }

    /**
     * Decodes released lines into the queue while it has room: those due, or with {@code overCapacity}
     * the earliest while the reorderer is over its bounds. Returns false when it stopped for lack of room.
     * Called with the lock held.
     */
    private boolean release(boolean overCapacity) {
        long now = clock.getAsLong();
        return decodeWhileRoom(overCapacity ? () -> reorderer.overCapacity() ? reorderer.pollEarliest() : null
                : () -> reorderer.pollDue(now));
    }

    /** Decodes the lines {@code next} gives until it gives null (true) or the queue is full (false). */
    private boolean decodeWhileRoom(java.util.function.Supplier<String> next) {
        try {
            while (moveOutbox()) {
                String line = next.get();
                if (line == null) {
                    return true;
                }
                decoder.decode(line, outbox::add);
            }
            return false;
        } finally {
            countDecoded();
        }
    }

    /** Moves decoded events into the queue; true when all went. */
    private boolean moveOutbox() {
        while (!outbox.isEmpty()) {
            if (!queue.offer(outbox.peekFirst())) {
                return false;
            }
            outbox.removeFirst();
        }
        return true;
    }

    private void countDecoded() {
        decodedMalformed.set(decoder.malformedLines() + reorderer.malformedLines());
    }

    /** Releases what is due now; returns nanoseconds until more is due, or -1 when nothing is held. */
    private long releaseDue() {
        decoding.lock();
        try {
            release(false);
            room.signalAll();
            return outbox.isEmpty() ? reorderer.nanosUntilDue(clock.getAsLong()) : -1;
        } finally {
            decoding.unlock();
        }
    }

    private void handle(String line) throws InterruptedException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            jsonErrors++;
            return;
        }
        if (node == null) {
            return;
        }
        String type = node.path("type").asText("");
        JsonNode data = node.path("data");
        switch (type) {
            case "printf" -> {
                String text = data.asText("");
                if (text.endsWith("\n")) {
                    text = text.substring(0, text.length() - 1);
                }
                offer(text);
            }
            case "attached_probes" -> {
                probes.set(data.path("probes").asLong());
                attached.countDown();
            }
            case "lost_events" -> lost.addAndGet(Math.max(0, data.path("events").asLong()));
            default -> {
                // maps printed at exit, time stamps: not events
            }
        }
    }

    private void readStderr() {
        BoundedLineReader lines = new BoundedLineReader(process.getErrorStream(), 4096);
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals(PROBES_LIVE_LINE)) {
                    probesLive.countDown();
                    continue;
                }
                synchronized (stderrTail) {
                    stderrTail.addLast(line);
                    if (stderrTail.size() > STDERR_TAIL_LINES) {
                        stderrTail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    private String stderrSummary() {
        List<String> tail;
        synchronized (stderrTail) {
            tail = new ArrayList<>(stderrTail);
        }
        // bpftrace warns about RLIMIT_MEMLOCK even when memory cgroups account BPF memory: not the cause
        tail.removeIf(l -> l.contains("RLIMIT_MEMLOCK") || l.isBlank());
        return tail.isEmpty() ? "" : ": " + String.join(" | ", tail);
    }

    @Override
    public EventBatch nextBatch(Duration timeout) {
        if (closed) {
            return EventBatch.endOfStream();
        }
        if (failed) {
            return failure();
        }
        long deadline = System.nanoTime() + Math.max(1, timeout.toNanos());
        RuntimeEvent first = null;
        try {
            while (first == null) {
                long untilDue = releaseDue();
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    first = queue.poll();
                    break;
                }
                // wake when held lines fall due, so they are delivered even if bpftrace prints nothing more
                long wait = untilDue < 0 ? remaining : Math.min(remaining, Math.max(untilDue, 1_000_000L));
                first = queue.poll(wait, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EventBatch.timeout();
        }
        if (first == null) {
            if (closed) {
                return EventBatch.endOfStream();
            }
            if (readerDone.getCount() == 0 && queue.isEmpty()) {
                failed = true;
                return failure();
            }
            return EventBatch.timeout();
        }
        List<RuntimeEvent> batch = new ArrayList<>();
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        releaseDue();
        return EventBatch.events(batch);
    }

    private EventBatch failure() {
        String status = process.isAlive() ? "closed its output" : "exited with status " + process.exitValue();
        return EventBatch.failure(new ContainerSecException("bpftrace " + status + stderrSummary()));
    }

    /** Number of probes bpftrace attached. */
    long attachedProbes() {
        return probes.get();
    }

    @Override
    public long sourceDrops() {
        return lost.get();
    }

    @Override
    public long malformedInputs() {
        return readerMalformed.get() + decodedMalformed.get();
    }

    /** Lines that arrived more than {@link #REORDER_WINDOW} after a later line and were released out of order. */
    long lateLines() {
        decoding.lock();
        try {
            return reorderer.lateLines();
        } finally {
            decoding.unlock();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        closeQuietly(process.getInputStream());
        closeQuietly(process.getErrorStream());
        queue.clear();
        decoding.lock();
        try {
            if (reorderer.lateLines() > 0) {
                LOG.debug("{}: {} lines arrived more than {} ms late and were decoded out of order", this,
                        reorderer.lateLines(), REORDER_WINDOW.toMillis());
            }
            reorderer.clear();
            outbox.clear();
            room.signalAll();
        } finally {
            decoding.unlock();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public String toString() {
        return "bpftrace pid " + process.pid();
    }
}
