package dev.containersec.runtime;

import dev.containersec.api.EventBatch;
import dev.containersec.api.EventStream;
import dev.containersec.api.RuntimeEvent;
import java.time.Duration;
import java.util.List;

/** Streams for pipeline tests. */
final class EventPipelineFixtures {
    private EventPipelineFixtures() {
    }

    /** Delivers the events in one batch, then ends. */
    static EventStream streamOf(List<? extends RuntimeEvent> events) {
        return new EventStream() {
            boolean sent;

            @Override
            public EventBatch nextBatch(Duration timeout) {
                if (sent || events.isEmpty()) {
                    return EventBatch.endOfStream();
                }
                sent = true;
                return EventBatch.events(events);
            }

            @Override
            public void close() {
            }
        };
    }
}
