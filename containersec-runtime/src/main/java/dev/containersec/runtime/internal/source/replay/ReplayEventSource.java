package dev.containersec.runtime.internal.source.replay;

import dev.containersec.api.EventStream;
import dev.containersec.runtime.RuntimeEventJson;
import dev.containersec.runtime.internal.source.ParameterizedEventSource;
import java.util.List;
import java.util.Map;

/**
 * The {@code replay} event source: reads the JSON lines {@code containersec watch --record} writes
 * ({@link RuntimeEventJson}) from a file or standard input. A line that is not such an event is counted
 * and skipped. Stateless and thread-safe.
 */
public final class ReplayEventSource extends ParameterizedEventSource {

    /** Creates the provider; does no I/O. */
    public ReplayEventSource() {
        super("replay", "events recorded by watch --record (containersec JSON lines)",
                Map.of("path", "the recorded file (JSON lines of RuntimeEventJson), or - for standard input"));
    }

    @Override
    protected EventStream openChecked(Map<String, String> parameters) {
        return openLines(parameters, RuntimeEventJson.MAX_LINE_CHARS, line -> List.of(RuntimeEventJson.read(line)));
    }
}
