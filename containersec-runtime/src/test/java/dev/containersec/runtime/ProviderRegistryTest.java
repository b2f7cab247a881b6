package dev.containersec.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.Alert;
import dev.containersec.api.AlertSink;
import dev.containersec.api.ContainerSecException;
import dev.containersec.api.EventBatch;
import dev.containersec.api.EventSource;
import dev.containersec.api.EventStream;
import dev.containersec.api.NotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

    record Source(String id) implements EventSource {
        @Override
        public EventStream open(Map<String, String> parameters) {
            return new EventStream() {
                @Override
                public EventBatch nextBatch(Duration timeout) {
                    return EventBatch.endOfStream();
                }

                @Override
                public void close() {
                }
            };
        }
    }

    record Sink(String id) implements AlertSink {
        @Override
        public void publish(Alert alert) {
        }
    }

    @Test
    void explicitSources_areFoundById() {
        EventSourceRegistry r = EventSourceRegistry.of(List.of(new Source("replay"), new Source("procfs")));
        assertThat(r.ids()).containsExactly("replay", "procfs");
        assertThat(r.get("replay").open(Map.of()).nextBatch(Duration.ofMillis(1)))
                .isInstanceOf(EventBatch.EndOfStream.class);
        assertThatThrownBy(() -> r.get("ebpf")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("replay, procfs");
    }

    @Test
    void duplicateIds_areAnError_namingBothProviders() {
        assertThatThrownBy(() -> EventSourceRegistry.of(List.of(new Source("replay"), new Source("replay"))))
                .isInstanceOf(DuplicateProviderException.class).hasMessageContaining("'replay'")
                .satisfies(e -> assertThat(((DuplicateProviderException) e).id()).isEqualTo("replay"));
        AlertSinkRegistry sinks = AlertSinkRegistry.of(List.of(new Sink("stdout")));
        assertThatThrownBy(() -> sinks.with(new Sink("stdout"))).isInstanceOf(DuplicateProviderException.class);
    }

    @Test
    void malformedIds_areRejected() {
        assertThatThrownBy(() -> EventSourceRegistry.of(List.of(new Source("Bad Id"))))
                .isInstanceOf(ContainerSecException.class).hasMessageContaining("invalid id");
    }

    @Test
    void serviceLoader_findsTheRuntimesOwnSources_withoutError() {
        assertThat(EventSourceRegistry.fromServiceLoader().ids()).contains("ebpf");
        assertThat(AlertSinkRegistry.fromServiceLoader().ids()).isEmpty();
    }
}
