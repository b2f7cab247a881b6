package dev.containersec.runtime;

import dev.containersec.api.Alert;
import dev.containersec.api.ContainerSecException;
import dev.containersec.api.EventBatch;
import dev.containersec.api.EventStream;
import dev.containersec.api.Priority;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.runtime.internal.pipeline.Enricher;
import dev.containersec.runtime.internal.source.CountingStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs events from an {@link EventStream} through a {@link RuleSet}: a reader thread takes batches from
 * the stream into a bounded queue, and the thread that calls {@link #run(Duration)} evaluates them and
 * hands alerts to a consumer. When the queue is full the {@link OverflowPolicy} decides: wait
 * ({@link OverflowPolicy#BLOCK}, so the source slows down and, for kernel sources, the kernel drops and
 * counts) or drop and count ({@link OverflowPolicy#DROP}, so evaluation never lags far behind).
 *
 * <p>Drops are counted exactly ({@link #stats()}) and reported like Falco's syscall event drops: when the
 * drop count has grown, at most once per {@link Builder#dropNoticeInterval(Duration)} and once more at
 * the end, the drop consumer receives an alert of the rule {@value #DROP_RULE} with the output fields
 * {@code n_evts}, {@code n_drops}, {@code n_drops_buffer} (lost by the source) and {@code n_drops_queue}.
 *
 * <pre>{@code
 * try (EventStream stream = source.open(Map.of());
 *      EventPipeline pipeline = EventPipeline.builder(stream, rules).onAlert(sink::publish)
 *              .onDrop(notice -> log(notice.output())).build()) {
 *     PipelineStats stats = pipeline.run(Duration.ofMinutes(5));
 * }
 * }</pre>
 *
 * <p>Before the rules, each event is completed: its ancestry from a {@link ProcessAncestryCache} (on by
 * default, {@value #DEFAULT_ANCESTRY_ENTRIES} processes; sources such as ebpf know only the parent),
 * and its container's name, image and labels from {@link ContainerResolverRegistry} (none by default),
 * which fill {@code container.image.repository} and the other {@code container.*} fields.
 *
 * <p>One pipeline runs once. {@link #run(Duration)} is called by one thread; {@link #stop()},
 * {@link #close()} and {@link #stats()} may be called from any thread. The consumers run on the thread
 * that called {@code run}. The pipeline does not close the stream.
 */
public final class EventPipeline implements AutoCloseable {

    /** The rule name of drop notices, as Falco names its own. */
    public static final String DROP_RULE = "Falco internal: syscall event drop";

    /** What the reader does with an event when the queue is full. */
    public enum OverflowPolicy {
        /** Wait until there is room: nothing is dropped here, the source is slowed down instead. */
        BLOCK,
        /** Drop the event and count it. */
        DROP
    }

    /** The ancestry cache's capacity unless {@link Builder#ancestryCache(ProcessAncestryCache)} says otherwise. */
    public static final int DEFAULT_ANCESTRY_ENTRIES = 32_768;

    private static final Object END = new Object();

    private final EventStream stream;
    private final RuleSet rules;
    private final OverflowPolicy policy;
    private final BlockingQueue<Object> queue;
    private final Consumer<Alert> onAlert;
    private final Consumer<Alert> onDrop;
    private final Consumer<RuntimeEvent> onEvent;
    private final List<Function<? super RuntimeEvent, ? extends Collection<Alert>>> detectors;
    private final Duration noticeInterval;
    private final String hostname;
    private final Enricher enricher;
    private final ProcessAncestryCache ancestry;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong evaluated = new AtomicLong();
    private final AtomicLong queueDrops = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private volatile boolean stopped;
    private volatile ContainerSecException failure;
    private boolean ran;

    private EventPipeline(Builder b) {
        this.stream = b.stream;
        this.rules = b.rules;
        this.policy = b.policy;
        this.queue = new ArrayBlockingQueue<>(b.capacity);
        this.onAlert = b.onAlert;
        this.onDrop = b.onDrop;
        this.onEvent = b.onEvent;
        this.detectors = List.copyOf(b.detectors);
        this.noticeInterval = b.noticeInterval;
        this.hostname = b.hostname;
        this.ancestry = b.noAncestry ? null : b.ancestry != null ? b.ancestry
                : ProcessAncestryCache.withCapacity(DEFAULT_ANCESTRY_ENTRIES);
        this.enricher = new Enricher(ancestry, b.resolvers, System::nanoTime);
    }

    /**
     * Starts a builder.
     *
     * @param stream the open stream to read (not closed by the pipeline)
     * @param rules the rules to evaluate
     * @return a builder: capacity 16,384, {@link OverflowPolicy#BLOCK}, drop notices every 30 s
     */
    public static Builder builder(EventStream stream, RuleSet rules) {
        return new Builder(stream, rules);
    }

    /**
     * Runs until the stream ends, {@code duration} has passed, or {@link #stop()} is called; then reports
     * any unreported drops and returns the counters.
     *
     * @param duration the longest run; {@link Duration#ZERO} or negative for no limit
     * @return the final counters
     * @throws ContainerSecException if the stream failed ({@link EventBatch.Failure}); the counters up
     *     to then are in {@link #stats()}
     * @throws IllegalStateException if the pipeline already ran
     */
    public PipelineStats run(Duration duration) {
        synchronized (this) {
            if (ran) {
                throw new IllegalStateException("a pipeline runs once");
            }
            ran = true;
        }
        long deadline = duration.isZero() || duration.isNegative() ? Long.MAX_VALUE
                : System.nanoTime() + duration.toNanos();
        Thread reader = new Thread(this::read, "containersec-pipeline-reader");
        reader.setDaemon(true);
        reader.start();
        long reportedDrops = 0;
        long lastNotice = System.nanoTime() - noticeInterval.toNanos();
        try {
            while (!stopped) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    break;
                }
                Object item = queue.poll(Math.min(100_000_000L, deadline - now), TimeUnit.NANOSECONDS);
                if (item == END) {
                    break;
                }
                if (item instanceof RuntimeEvent event) {
                    evaluate(event);
                }
                long drops = stats().drops();
                if (drops > reportedDrops && System.nanoTime() - lastNotice >= noticeInterval.toNanos()) {
                    notice(drops);
                    reportedDrops = drops;
                    lastNotice = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped = true;
            reader.interrupt();
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        PipelineStats stats = stats();
        if (stats.drops() > reportedDrops) {
            notice(stats.drops());
        }
        if (failure != null) {
            throw failure;
        }
        return stats;
    }

    private void evaluate(RuntimeEvent raw) {
        evaluated.incrementAndGet();
        RuntimeEvent event = enricher.active() ? enricher.enrich(raw) : raw;
        onEvent.accept(event);
        for (Alert alert : rules.evaluate(event)) {
            alerts.incrementAndGet();
            onAlert.accept(alert);
        }
        for (Function<? super RuntimeEvent, ? extends Collection<Alert>> detector : detectors) {
            for (Alert alert : detector.apply(event)) {
                alerts.incrementAndGet();
                onAlert.accept(alert);
            }
        }
    }

    private void read() {
        try {
            while (!stopped) {
                EventBatch batch = stream.nextBatch(Duration.ofMillis(100));
                if (batch instanceof EventBatch.Events e) {
                    for (RuntimeEvent event : e.events()) {
                        events.incrementAndGet();
                        if (policy == OverflowPolicy.DROP) {
                            if (!queue.offer(event)) {
                                queueDrops.incrementAndGet();
                            }
                        } else {
                            while (!stopped && !queue.offer(event, 100, TimeUnit.MILLISECONDS)) {
                                // wait for the evaluator
                            }
                        }
                    }
                } else if (batch instanceof EventBatch.Failure f) {
                    failure = f.error();
                    break;
                } else if (batch instanceof EventBatch.EndOfStream) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // the end marker must not be dropped: wait for room unless the run is over
            try {
                while (!stopped && !queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
                    // wait
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void notice(long drops) {
        PipelineStats s = stats();
        Map<String, Optional<Object>> fields = new LinkedHashMap<>();
        fields.put("n_evts", Optional.of(s.events() + s.sourceDrops()));
        fields.put("n_drops", Optional.of(drops));
        fields.put("n_drops_buffer", Optional.of(s.sourceDrops()));
        fields.put("n_drops_queue", Optional.of(s.queueDrops()));
        Instant now = Instant.now();
        String text = "Falco internal: syscall event drop. " + drops + " system calls dropped in last run"
                + " (n_evts=" + (s.events() + s.sourceDrops()) + " n_drops_buffer=" + s.sourceDrops()
                + " n_drops_queue=" + s.queueDrops() + ")";
        onDrop.accept(new Alert(now, DROP_RULE, Priority.DEBUG, now + ": " + Priority.DEBUG.falcoName() + " " + text,
                fields, List.of(), "syscall", hostname));
    }

    /**
     * Returns the counters now.
     *
     * @return the counters
     */
    public PipelineStats stats() {
        long source = 0;
        long malformed = 0;
        if (stream instanceof CountingStream c) {
            source = c.sourceDrops();
            malformed = c.malformedInputs();
        }
        return new PipelineStats(events.get(), evaluated.get(), queueDrops.get(), source, malformed, alerts.get());
    }

    /**
     * Returns the ancestry cache the pipeline completes events with, for its size and eviction count.
     *
     * @return the cache, or empty when the builder turned it off
     */
    public Optional<ProcessAncestryCache> ancestryCache() {
        return Optional.ofNullable(ancestry);
    }

    /** Asks a running {@link #run(Duration)} to return soon. Safe from any thread. */
    public void stop() {
        stopped = true;
    }

    /** Stops the run; does not close the stream. */
    @Override
    public void close() {
        stop();
    }

    /** Builds an {@link EventPipeline}. */
    public static final class Builder {
        private final EventStream stream;
        private final RuleSet rules;
        private int capacity = 16_384;
        private OverflowPolicy policy = OverflowPolicy.BLOCK;
        private Consumer<Alert> onAlert = a -> { };
        private Consumer<Alert> onDrop = a -> { };
        private Consumer<RuntimeEvent> onEvent = e -> { };
        private final List<Function<? super RuntimeEvent, ? extends Collection<Alert>>> detectors = new ArrayList<>();
        private Duration noticeInterval = Duration.ofSeconds(30);
        private String hostname = "localhost";
        private ProcessAncestryCache ancestry;
        private boolean noAncestry;
        private ContainerResolverRegistry resolvers = ContainerResolverRegistry.none();

        private Builder(EventStream stream, RuleSet rules) {
            this.stream = Objects.requireNonNull(stream, "stream");
            this.rules = Objects.requireNonNull(rules, "rules");
        }

        /**
         * Sets the queue's capacity between source and rules.
         *
         * @param capacity events, 1..16,777,216
         * @return this builder
         * @throws IllegalArgumentException naming the value and the range
         */
        public Builder capacity(int capacity) {
            if (capacity < 1 || capacity > (1 << 24)) {
                throw new IllegalArgumentException("capacity must be in 1..16777216, was " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /**
         * Sets what happens when the queue is full.
         *
         * @param policy {@link OverflowPolicy#BLOCK} (the default) or {@link OverflowPolicy#DROP}
         * @return this builder
         */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets who receives the alerts of rules (on the thread that runs the pipeline).
         *
         * @param onAlert the consumer, e.g. {@code sink::publish}
         * @return this builder
         */
        public Builder onAlert(Consumer<Alert> onAlert) {
            this.onAlert = Objects.requireNonNull(onAlert, "onAlert");
            return this;
        }

        /**
         * Sets who receives drop notices (alerts of the rule {@link EventPipeline#DROP_RULE}).
         *
         * @param onDrop the consumer
         * @return this builder
         */
        public Builder onDrop(Consumer<Alert> onDrop) {
            this.onDrop = Objects.requireNonNull(onDrop, "onDrop");
            return this;
        }

        /**
         * Sets who sees every evaluated event, before its alerts (to record them, for instance).
         *
         * @param onEvent the consumer
         * @return this builder
         */
        public Builder onEvent(Consumer<RuntimeEvent> onEvent) {
            this.onEvent = Objects.requireNonNull(onEvent, "onEvent");
            return this;
        }

        /**
         * Adds a detector that runs beside the rules on every (completed) event, such as
         * {@code BaselineProfiler::accept}, or {@code DriftDetector::check} and {@code EgressMonitor::check}
         * adapted to a list; its alerts go to {@link #onAlert(Consumer)} after the rules' alerts of the same
         * event and count in {@link PipelineStats#alerts()}.
         *
         * @param detector the detector, called on the evaluating thread
         * @return this builder
         */
        public Builder detector(Function<? super RuntimeEvent, ? extends Collection<Alert>> detector) {
            detectors.add(Objects.requireNonNull(detector, "detector"));
            return this;
        }

        /**
         * Sets the least time between two drop notices (Falco's default rate is one per 30 s).
         *
         * @param interval the interval, not negative
         * @return this builder
         */
        public Builder dropNoticeInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("dropNoticeInterval must not be negative, was " + interval);
            }
            this.noticeInterval = interval;
            return this;
        }

        /**
         * Sets the host name drop notices carry.
         *
         * @param hostname the host name, not blank
         * @return this builder
         */
        public Builder hostname(String hostname) {
            if (hostname.isBlank()) {
                throw new IllegalArgumentException("hostname must not be blank");
            }
            this.hostname = hostname;
            return this;
        }

        /**
         * Sets the ancestry cache that completes events' ancestry (for example one shared with a benchmark,
         * or of another size).
         *
         * @param cache the cache; the pipeline alone calls it while it runs
         * @return this builder
         */
        public Builder ancestryCache(ProcessAncestryCache cache) {
            this.ancestry = Objects.requireNonNull(cache, "cache");
            this.noAncestry = false;
            return this;
        }

        /**
         * Turns the ancestry cache off: events keep the ancestry their source gave.
         *
         * @return this builder
         */
        public Builder withoutAncestryCache() {
            this.ancestry = null;
            this.noAncestry = true;
            return this;
        }

        /**
         * Sets who tells which image a container runs ({@link ContainerResolverRegistry#fromServiceLoader()}
         * for the providers on the path); none by default.
         *
         * @param resolvers the resolvers, asked in order for each container not seen before
         * @return this builder
         */
        public Builder containerResolvers(ContainerResolverRegistry resolvers) {
            this.resolvers = Objects.requireNonNull(resolvers, "resolvers");
            return this;
        }

        /**
         * Builds the pipeline.
         *
         * @return the pipeline
         */
        public EventPipeline build() {
            return new EventPipeline(this);
        }
    }
}
