package dev.containersec.runtime.internal.source;

import dev.containersec.api.ContainerSecException;
import dev.containersec.api.EventBatch;
import dev.containersec.api.EventStream;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.api.StreamProgress;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An {@link EventStream} over lines of an input (a file or standard input): a reader thread reads
 * bounded lines, converts each with a function, and puts the events into a bounded queue (waiting when
 * it is full, so nothing is lost). A line the function rejects is counted and skipped.
 */
public final class LineEventStream implements EventStream, CountingStream {

    private static final Object END = new Object();
    private static final int MAX_BATCH = 1024;

    private final InputStream in;
    private final long size;
    private final BlockingQueue<Object> queue;
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final Thread reader;
    private volatile boolean closed;
    private volatile ContainerSecException failure;
    private boolean ended;

    /**
     * Starts reading.
     *
     * @param name the input's name, for the thread and messages
     * @param in the input, closed by {@link #close()}
     * @param size the input's size in bytes for progress, or -1 when unknown
     * @param maxLineBytes the longest line accepted
     * @param capacity the queue's capacity in events
     * @param convert turns a line into events (none for a line to ignore); throws
     *     {@link IllegalArgumentException} or a {@link ContainerSecException} for a malformed line
     */
    public LineEventStream(String name, InputStream in, long size, int maxLineBytes, int capacity,
                           Function<String, List<RuntimeEvent>> convert) {
        this.in = in;
        this.size = size;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.reader = new Thread(() -> read(name, maxLineBytes, convert), "containersec-lines-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(String name, int maxLineBytes, Function<String, List<RuntimeEvent>> convert) {
        CountingInput counting = new CountingInput(in, bytes);
        BoundedLineReader r = new BoundedLineReader(counting, maxLineBytes);
        try {
            String line;
            while (!closed && (line = r.readLine()) != null) {
                lines.incrementAndGet();
                if (line.isBlank()) {
                    continue;
                }
                List<RuntimeEvent> events;
                try {
                    events = convert.apply(line);
                } catch (IllegalArgumentException | ContainerSecException e) {
                    malformed.incrementAndGet();
                    continue;
                }
                for (RuntimeEvent e : events) {
                    put(e);
                }
            }
            malformed.addAndGet(r.oversizedLines());
        } catch (IOException e) {
            if (!closed) {
                failure = new ContainerSecException("cannot read " + name + ": " + e.getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void put(Object o) throws InterruptedException {
        while (!closed && !queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
            // the consumer is behind: wait rather than lose input
        }
    }

    @Override
    public EventBatch nextBatch(Duration timeout) {
        if (closed || ended) {
            return failure != null && !closed ? EventBatch.failure(failure) : EventBatch.endOfStream();
        }
        Object first;
        try {
            first = queue.poll(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EventBatch.timeout();
        }
        if (first == null) {
            return closed ? EventBatch.endOfStream() : EventBatch.timeout();
        }
        List<RuntimeEvent> batch = new ArrayList<>();
        Object next = first;
        while (next != null) {
            if (next == END) {
                ended = true;
                break;
            }
            batch.add((RuntimeEvent) next);
            if (batch.size() >= MAX_BATCH) {
                break;
            }
            next = queue.poll();
        }
        if (batch.isEmpty()) {
            return failure != null ? EventBatch.failure(failure) : EventBatch.endOfStream();
        }
        return EventBatch.events(batch);
    }

    @Override
    public Optional<StreamProgress> progress() {
        if (size <= 0) {
            return Optional.empty();
        }
        long done = Math.min(size, bytes.get());
        return Optional.of(new StreamProgress((double) done / size, lines.get() + " lines, " + done + " of " + size
                + " bytes"));
    }

    @Override
    public long sourceDrops() {
        return 0;
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
        try {
            in.close();
        } catch (IOException e) {
            // nothing to do
        }
        reader.interrupt();
        queue.clear();
    }

    private static final class CountingInput extends InputStream {
        private final InputStream in;
        private final AtomicLong count;

        CountingInput(InputStream in, AtomicLong count) {
            this.in = in;
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
