package dev.containersec.runtime.internal.source.tetragon;

import dev.containersec.api.EventBatch;
import dev.containersec.api.EventStream;
import dev.containersec.api.StreamProgress;
import dev.containersec.runtime.internal.source.CountingStream;
import dev.containersec.runtime.internal.source.LineEventStream;
import dev.containersec.runtime.internal.source.ParameterizedEventSource;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tetragon-json} event source: reads Tetragon's JSON export (its log file, or {@code tetra
 * getevents -o json} on standard input), one event object per line, and maps process executions and
 * exits and the kprobe and tracepoint events our events can express (see {@link TetragonJsonMapper}).
 * Lines longer than 1 MiB, lines that are not JSON objects holding an event, and unsupported event kinds
 * are counted as skipped inputs; the unsupported kinds are logged by name when the stream closes.
 * Stateless and thread-safe.
 */
public final class TetragonJsonEventSource extends ParameterizedEventSource {

    private static final Logger LOG = LoggerFactory.getLogger(TetragonJsonEventSource.class);
    static final int MAX_LINE_BYTES = 1 << 20;

    /** Creates the provider; does no I/O. */
    public TetragonJsonEventSource() {
        super("tetragon-json",
                "Tetragon's JSON export (process_exec, process_exit, process_kprobe, process_tracepoint)",
                Map.of("path", "a file of Tetragon JSON export lines, or - for standard input"));
    }

    @Override
    protected EventStream openChecked(Map<String, String> parameters) {
        TetragonJsonMapper mapper = new TetragonJsonMapper();
        return new Stream(openLines(parameters, MAX_LINE_BYTES, mapper::map), mapper);
    }

    /** A line stream that also counts the unsupported event kinds its mapper skipped. */
    static final class Stream implements EventStream, CountingStream {
        private final LineEventStream lines;
        private final TetragonJsonMapper mapper;

        Stream(LineEventStream lines, TetragonJsonMapper mapper) {
            this.lines = lines;
            this.mapper = mapper;
        }

        @Override
        public EventBatch nextBatch(Duration timeout) {
            return lines.nextBatch(timeout);
        }

        @Override
        public Optional<StreamProgress> progress() {
            return lines.progress();
        }

        @Override
        public long sourceDrops() {
            return 0;
        }

        @Override
        public long malformedInputs() {
            return lines.malformedInputs() + mapper.skippedTotal();
        }

        /** Unsupported event kinds skipped so far, by name. */
        Map<String, Long> skippedKinds() {
            return mapper.skippedKinds();
        }

        @Override
        public void close() {
            lines.close();
            if (mapper.skippedTotal() > 0) {
                LOG.info("tetragon-json: skipped {} events of kinds containersec does not map: {}",
                        mapper.skippedTotal(), mapper.skippedKinds());
            }
        }
    }
}
