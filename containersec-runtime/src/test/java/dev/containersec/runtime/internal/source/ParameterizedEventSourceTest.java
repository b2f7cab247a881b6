package dev.containersec.runtime.internal.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.EventSource;
import dev.containersec.api.InvalidInputException;
import dev.containersec.runtime.internal.source.ebpf.EbpfEventSource;
import dev.containersec.runtime.internal.source.falco.FalcoJsonEventSource;
import dev.containersec.runtime.internal.source.procfs.ProcfsEventSource;
import dev.containersec.runtime.internal.source.replay.ReplayEventSource;
import dev.containersec.runtime.internal.source.tetragon.TetragonJsonEventSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterizedEventSourceTest {

    private static final List<EventSource> SOURCES = List.of(new TetragonJsonEventSource(),
            new FalcoJsonEventSource(), new ReplayEventSource(), new ProcfsEventSource(), new EbpfEventSource());

    @Test
    void everySource_refusesAnUnknownParameter_beforeOpeningAnything() {
        for (EventSource source : SOURCES) {
            assertThatThrownBy(() -> source.open(Map.of("no-such-parameter", "1")))
                    .as(source.id()).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(source.id() + " source parameters")
                    .hasMessageContaining("unknown parameter 'no-such-parameter'");
        }
    }

    @Test
    void everySource_listsItsParameters_andDescribesItself() {
        for (EventSource source : SOURCES) {
            assertThat(source.parameters()).as(source.id()).isNotEmpty();
            assertThat(source.description()).as(source.id()).isNotBlank();
        }
        assertThat(SOURCES.stream().map(EventSource::id).toList())
                .containsExactly("tetragon-json", "falco-json", "replay", "procfs", "ebpf");
    }

    @Test
    void fileSources_withoutPath_areInvalidInput() {
        for (EventSource source : SOURCES.subList(0, 3)) {
            assertThat(source.parameters()).as(source.id()).containsOnlyKeys("path");
            assertThatThrownBy(() -> source.open(Map.of())).as(source.id())
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("parameter 'path' is required");
        }
    }

    @Test
    void procfsInterval_outsideItsRangeOrNotANumber_isInvalidInput_namingTheParameter() {
        for (String bad : List.of("9", "60001", "-1", "soon", "")) {
            assertThatThrownBy(() -> new ProcfsEventSource().open(Map.of("interval", bad))).as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("procfs source parameter interval")
                    .hasMessageContaining("is not a number in 10..60000");
        }
    }
}
