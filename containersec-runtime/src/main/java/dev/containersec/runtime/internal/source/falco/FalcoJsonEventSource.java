package dev.containersec.runtime.internal.source.falco;

import dev.containersec.api.EventStream;
import dev.containersec.runtime.internal.source.ParameterizedEventSource;
import java.util.Map;

/**
 * The {@code falco-json} event source: reads Falco's JSON output lines ({@code json_output: true}) from
 * a file or standard input and turns each alert's {@code output_fields} back into an event, so Falco's
 * detections can be re-evaluated by containersec's rules. Only what the rule's output printed is known:
 * fields Falco did not print take their defaults. Lines that are not JSON objects are counted and
 * skipped. Stateless and thread-safe.
 */
public final class FalcoJsonEventSource extends ParameterizedEventSource {

    /** Creates the provider; does no I/O. */
    public FalcoJsonEventSource() {
        super("falco-json", "Falco's JSON alert output, mapped back to events",
                Map.of("path", "a file of Falco JSON output lines, or - for standard input"));
    }

    @Override
    protected EventStream openChecked(Map<String, String> parameters) {
        return openLines(parameters, 1 << 20, FalcoJsonMapper::map);
    }
}
