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

/**
 * A running bpftrace process as an {@link EventStream}. A reader thread turns its JSON stdout into events
 * and puts them into a bounded queue; when the queue is full the reader waits, bpftrace blocks on its
 * pipe, and what the kernel then cannot buffer is lost and reported by bpftrace ({@code lost_events}),
 * which {@link #sourceDrops()} counts exactly. A second thread keeps the tail of stderr for error
 * messages. {@link #close()} stops bpftrace: {@code destroy}, then {@code destroyForcibly} after a grace
 * period.
 */
final class BpftraceStream implements EventStream, CountingStream {

    private static final int MAX_LINE_BYTES = 64 * 1024;
    private static final int STDERR_TAIL_LINES = 20;
    private static final int MAX_BATCH = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BlockingQueue<RuntimeEvent> queue;
    private final CountDownLatch attached = new CountDownLatch(1);
    private final CountDownLatch readerDone = new CountDownLatch(1);
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private final Duration grace;
    private final Thread reader;
    private final Thread errReader;
    private volatile boolean closed;
    private volatile boolean failed;
    private long jsonErrors;

    private BpftraceStream(Process process, int capacity, Duration grace, BpftraceDecoder decoder) {
        this.process = process;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.grace = grace;
        this.reader = new Thread(() -> readStdout(decoder), "containersec-ebpf-stdout-" + process.pid());
        this.errReader = new Thread(this::readStderr, "containersec-ebpf-stderr-" + process.pid());
        reader.setDaemon(true);
        errReader.setDaemon(true);
    }

    /**
     * Starts bpftrace on a program and waits until its probes are attached.
     *
     * @throws SourceUnavailableException if bpftrace exits or does not attach within the timeout
     */
    static BpftraceStream start(Path bpftrace, ProbeProgram program, int capacity, Duration attachTimeout,
                                Duration grace, Path proc) {
        ProcessBuilder pb = new ProcessBuilder(bpftrace.toString(), "-f", "json", "-e", program.text());
        // 128 bytes per string keeps each printf within the 512-byte BPF stack.
        pb.environment().put("BPFTRACE_STRLEN", "128");
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
        BpftraceStream stream = new BpftraceStream(process, capacity, grace, decoder);
        stream.reader.start();
        stream.errReader.start();
        try {
            long deadline = System.nanoTime() + attachTimeout.toNanos();
            while (!stream.attached.await(50, TimeUnit.MILLISECONDS)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String why = process.isAlive() ? "did not attach its probes within " + attachTimeout.toSeconds()
                            + " s" : "exited with status " + process.exitValue();
                    stream.errReader.join(1000);
                    stream.close();
                    throw new SourceUnavailableException(Preflight.SOURCE,
                            SourceUnavailableException.Requirement.KERNEL_BPF,
                            "the kernel refused the BPF programs: bpftrace " + why + stream.stderrSummary());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.close();
            throw new ContainerSecException("interrupted while waiting for bpftrace to attach", e);
        }
        return stream;
    }

    /** CLOCK_MONOTONIC (bpftrace's nsecs, Java's nanoTime on Linux) to nanoseconds since the epoch. */
    private static long bootToEpochNanos() {
        Instant now = Instant.now();
        long mono = System.nanoTime();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano() - mono;
    }

    private void readStdout(BpftraceDecoder decoder) {
        BoundedLineReader lines = new BoundedLineReader(process.getInputStream(), MAX_LINE_BYTES);
        try {
            String line;
            while (!closed && (line = lines.readLine()) != null) {
                handle(line, decoder);
                malformed.set(decoder.malformedLines() + lines.oversizedLines() + jsonErrors);
            }
        } catch (IOException e) {
            // the pipe closed: bpftrace exited or close() destroyed it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            readerDone.countDown();
        }
    }

    private void handle(String line, BpftraceDecoder decoder) throws InterruptedException {
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
                List<RuntimeEvent> out = new ArrayList<>(1);
                decoder.decode(text, out::add);
                for (RuntimeEvent e : out) {
                    while (!closed && !queue.offer(e, 100, TimeUnit.MILLISECONDS)) {
                        // wait: bpftrace blocks meanwhile and the kernel counts what it cannot buffer
                    }
                }
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
        RuntimeEvent first;
        try {
            first = queue.poll(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
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
        return malformed.get();
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
