package dev.containersec.runtime.internal.source.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.EventBatch;
import dev.containersec.api.EventStream;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.runtime.RuntimeEventJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayEventSourceTest {

    @Test
    void recordedEvents_replayInOrder(@TempDir Path dir) throws Exception {
        ProcessContext p = ProcessContext.builder().pid(7).comm("cat").args("cat", "/etc/shadow").build();
        List<RuntimeEvent> recorded = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            recorded.add(i % 2 == 0 ? new ProcessExecEvent(Instant.ofEpochSecond(i), p)
                    : new FileOpenEvent(Instant.ofEpochSecond(i), p, "/etc/shadow", 0, 0));
        }
        Path file = dir.resolve("rec.jsonl");
        Files.write(file, recorded.stream().map(RuntimeEventJson::write).toList());
        List<RuntimeEvent> replayed = new ArrayList<>();
        try (EventStream s = new ReplayEventSource().open(Map.of("path", file.toString()))) {
            EventBatch b;
            while (!((b = s.nextBatch(Duration.ofSeconds(5))) instanceof EventBatch.EndOfStream)) {
                if (b instanceof EventBatch.Events e) {
                    replayed.addAll(e.events());
                }
            }
            assertThat(s.nextBatch(Duration.ofMillis(1))).isInstanceOf(EventBatch.EndOfStream.class);
        }
        assertThat(replayed).isEqualTo(recorded);
    }
}
