package dev.containersec.runtime.internal.source.replay;

import dev.containersec.api.EventSource;
import dev.containersec.api.EventStream;
import dev.containersec.runtime.RuntimeEventJson;
import dev.containersec.runtime.internal.source.FileParameter;
import dev.containersec.runtime.internal.source.LineEventStream;
import java.util.List;
import java.util.Map;

/**
 * The {@code replay} event source: reads the JSON lines {@code containersec watch --record} writes
 * ({@link RuntimeEventJson}) from a file or standard input. A line that is not such an event is counted
 * and skipped. Stateless and thread-safe.
 */
public final class ReplayEventSource implements EventSource {

    private static final Map<String, String> PARAMETERS = Map.of("path",
            "the recorded file (JSON lines of RuntimeEventJson), or - for standard input");

    /** Creates the provider; does no I/O. */
    public ReplayEventSource() {
    }

    @Override
    public String id() {
        return "replay";
    }

    @Override
    public String description() {
        return "events recorded by watch --record (containersec JSON lines)";
    }

    @Override
    public Map<String, String> parameters() {
        return PARAMETERS;
    }

    @Override
    public EventStream open(Map<String, String> parameters) {
        FileParameter.checkKnown(id(), parameters, PARAMETERS.keySet());
        FileParameter.Input input = FileParameter.open(id(), parameters);
        return new LineEventStream(input.name(), input.stream(), input.size(), RuntimeEventJson.MAX_LINE_CHARS, 4096,
                line -> List.of(RuntimeEventJson.read(line)));
    }
}
