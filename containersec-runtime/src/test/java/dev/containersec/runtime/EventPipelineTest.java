package dev.containersec.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.Alert;
import dev.containersec.api.ContainerSecException;
import dev.containersec.api.EventBatch;
import dev.containersec.api.EventStream;
import dev.containersec.api.Priority;
import dev.containersec.api.RuntimeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EventPipelineTest {

    private static final String RULES = """
            - rule: Shell
              desc: shell
              condition: evt.type = execve and proc.name = bash
              output: shell %proc.name
              priority: NOTICE
            """;

    /** Delivers n events in batches of 100, then ends (or fails). */
    private static EventStream stream(int n, boolean fail) {
        return new EventStream() {
            int sent;

            @Override
            public EventBatch nextBatch(Duration timeout) {
                if (sent >= n) {
                    return fail ? EventBatch.failure(new ContainerSecException("boom")) : EventBatch.endOfStream();
                }
                List<RuntimeEvent> batch = new ArrayList<>();
                for (int i = 0; i < 100 && sent < n; i++, sent++) {
                    batch.add(Events.exec(Events.containerShell().build()));
                }
                return EventBatch.events(batch);
            }

            @Override
            public void close() {
            }
        };
    }

    private static RuleSet rules() {
        return RuleEngine.create().load(List.of(new RuleSource("r.yaml", RULES)));
    }

    @Test
    void blockPolicy_evaluatesEveryEvent() {
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        List<Alert> notices = new ArrayList<>();
        PipelineStats stats = EventPipeline.builder(stream(5000, false), rules()).capacity(8).onAlert(alerts::add)
                .onDrop(notices::add).build().run(Duration.ofSeconds(30));
        assertThat(stats.events()).isEqualTo(5000);
        assertThat(stats.evaluated()).isEqualTo(5000);
        assertThat(stats.drops()).isZero();
        assertThat(alerts).hasSize(5000);
        assertThat(notices).isEmpty();
    }

    @Test
    void dropPolicy_countsEveryDropExactly_andReportsThemLikeFalco() {
        List<Alert> notices = new ArrayList<>();
        PipelineStats stats = EventPipeline.builder(stream(20_000, false), rules()).capacity(4)
                .overflowPolicy(EventPipeline.OverflowPolicy.DROP).onAlert(a -> sleepMicros())
                .onDrop(notices::add).hostname("h").build().run(Duration.ofSeconds(30));
        assertThat(stats.queueDrops()).isPositive();
        assertThat(stats.evaluated() + stats.queueDrops()).isEqualTo(stats.events()).isEqualTo(20_000);
        assertThat(notices).isNotEmpty();
        Alert last = notices.get(notices.size() - 1);
        assertThat(last.rule()).isEqualTo(EventPipeline.DROP_RULE);
        assertThat(last.priority()).isEqualTo(Priority.DEBUG);
        assertThat(last.outputFields()).containsEntry("n_drops", Optional.of(stats.queueDrops()))
                .containsEntry("n_drops_queue", Optional.of(stats.queueDrops()))
                .containsEntry("n_evts", Optional.of(20_000L));
        assertThat(last.hostname()).isEqualTo("h");
    }

    @Test
    void failingStream_isRethrown_afterItsEventsWereEvaluated() {
        EventPipeline p = EventPipeline.builder(stream(10, true), rules()).build();
        assertThatThrownBy(() -> p.run(Duration.ofSeconds(30))).isInstanceOf(ContainerSecException.class)
                .hasMessage("boom");
        assertThat(p.stats().evaluated()).isEqualTo(10);
        assertThatThrownBy(() -> p.run(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void duration_boundsTheRun_ofAnEndlessStream() {
        EventStream endless = new EventStream() {
            @Override
            public EventBatch nextBatch(Duration timeout) {
                return EventBatch.timeout();
            }

            @Override
            public void close() {
            }
        };
        long start = System.nanoTime();
        EventPipeline.builder(endless, rules()).build().run(Duration.ofMillis(300));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    private static void sleepMicros() {
        long until = System.nanoTime() + 20_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
