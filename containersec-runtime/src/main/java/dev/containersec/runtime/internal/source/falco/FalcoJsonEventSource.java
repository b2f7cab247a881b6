package dev.containersec.runtime.internal.source.falco;

import dev.containersec.api.EventSource;
import dev.containersec.api.EventStream;
import dev.containersec.runtime.internal.source.FileParameter;
import dev.containersec.runtime.internal.source.LineEventStream;
import java.util.Map;

/**
 * The {@code falco-json} event source: reads Falco's JSON output lines ({@code json_output: true}) from
 * a file or standard input and turns each alert's {@code output_fields} back into an event, so Falco's
 * detections can be re-evaluated by containersec's rules. Only what the rule's output printed is known:
 * fields Falco did not print take their defaults. Lines that are not JSON objects are counted and
 * skipped. Stateless and thread-safe.
 */
public final class FalcoJsonEventSource implements EventSource {

    private static final Map<String, String> PARAMETERS = Map.of("path",
            "a file of Falco JSON output lines, or - for standard input");

    /** Creates the provider; does no I/O. */
    public FalcoJsonEventSource() {
    }

    @Override
    public String id() {
        return "falco-json";
    }

    @Override
    public String description() {
        return "Falco's JSON alert output, mapped back to events";
    }

    @Override
    public Map<String, String> parameters() {
        return PARAMETERS;
    }

    @Override
    public EventStream open(Map<String, String> parameters) {
        FileParameter.checkKnown(id(), parameters, PARAMETERS.keySet());
        FileParameter.Input input = FileParameter.open(id(), parameters);
        return new LineEventStream(input.name(), input.stream(), input.size(), 1 << 20, 4096, FalcoJsonMapper::map);
    }
}
