package dev.containersec.runtime.internal.source;

import dev.containersec.api.EventSource;
import dev.containersec.api.EventStream;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.RuntimeEvent;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The part the runtime's own event sources share: a fixed id, description and parameter table, and an
 * {@link #open(Map)} that rejects parameters outside that table before the source sees them. Subclasses
 * are stateless and thread-safe.
 */
public abstract class ParameterizedEventSource implements EventSource {

    private final String id;
    private final String description;
    private final Map<String, String> parameters;

    /**
     * Creates the provider; does no I/O.
     *
     * @param id          the source's id
     * @param description one line for listings
     * @param parameters  the parameters the source accepts, name to meaning
     */
    protected ParameterizedEventSource(String id, String description, Map<String, String> parameters) {
        this.id = id;
        this.description = description;
        this.parameters = Map.copyOf(parameters);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public final EventStream open(Map<String, String> parameters) {
        FileParameter.checkKnown(id, parameters, this.parameters.keySet());
        return openChecked(parameters);
    }

    /**
     * Opens a stream once every parameter is known to be one of {@link #parameters()}.
     *
     * @param parameters the caller's parameters, all of them known
     * @return the opened stream
     */
    protected abstract EventStream openChecked(Map<String, String> parameters);

    /**
     * Reads an integer parameter.
     *
     * @param parameters the caller's parameters
     * @param name       the parameter's name
     * @param dflt       the value when the parameter is absent
     * @param min        the smallest value accepted
     * @param max        the largest value accepted
     * @return the value
     * @throws InvalidInputException when the parameter is not a number in {@code min..max}
     */
    protected final int intParameter(Map<String, String> parameters, String name, int dflt, int min, int max) {
        String text = parameters.get(name);
        if (text == null) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(id + " source parameter " + name, "'" + text + "' is not a number in "
                + min + ".." + max);
    }

    /**
     * Opens the {@code path} parameter (a file, or {@code -} for standard input) as a stream of lines,
     * each converted to events on the reader thread.
     *
     * @param parameters   the caller's parameters
     * @param maxLineBytes longer lines are counted as malformed and skipped
     * @param convert      turns one line into its events (none for a line to ignore); throws
     *                     {@link IllegalArgumentException} or a {@code ContainerSecException} for a malformed line
     * @return the line stream
     */
    protected final LineEventStream openLines(Map<String, String> parameters, int maxLineBytes,
                                              Function<String, List<RuntimeEvent>> convert) {
        FileParameter.Input input = FileParameter.open(id, parameters);
        return new LineEventStream(input.name(), input.stream(), input.size(), maxLineBytes, 4096, convert);
    }
}
