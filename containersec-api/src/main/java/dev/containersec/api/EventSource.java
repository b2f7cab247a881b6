package dev.containersec.api;

import java.util.Map;

/**
 * Service provider interface: a kind of runtime event input (eBPF, procfs polling, Falco's JSON output,
 * Tetragon's JSON export, a replay file). Modelled on the event-sourcing capability of Falco's plugin
 * API: a provider has a unique {@link #id()}, and {@link #open(Map)} returns an {@link EventStream}
 * instance that is read batch by batch.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Identity.</b> {@link #id()} is unique: registering two sources with the same id is an error,
 *       never a silent choice of one of them.</li>
 *   <li><b>Registration.</b> Providers are found with {@link java.util.ServiceLoader} (declare
 *       {@code provides dev.containersec.api.EventSource with ...} in module-info and list the class in
 *       {@code META-INF/services/dev.containersec.api.EventSource}; a public no-argument constructor),
 *       or passed explicitly to the runtime module's registry.</li>
 *   <li><b>Threads.</b> A provider is stateless and thread-safe: {@link #open(Map)} may be called
 *       concurrently, and each stream it returns is independent. Streams themselves are confined (see
 *       {@link EventStream}).</li>
 *   <li><b>Lifecycle.</b> {@code open} → {@code nextBatch}* → {@code close}. Creating a provider does no
 *       I/O; {@code open} acquires resources and fails at once if it cannot.</li>
 *   <li><b>Trust.</b> The events of a stream are untrusted input: sources bound what they read and
 *       report hostile input as {@link InvalidInputException}s or {@link EventBatch.Failure}s.</li>
 * </ul>
 */
public interface EventSource {

    /**
     * Returns the source's unique id: lower-case letters, digits, {@code .}, {@code _} and {@code -},
     * starting with a letter, e.g. {@code ebpf}, {@code procfs}, {@code falco-json}. It is the scheme of
     * the CLI's {@code --source} argument.
     *
     * @return the id
     */
    String id();

    /**
     * Returns a one-line description for help texts. The default is empty.
     *
     * @return the description
     */
    default String description() {
        return "";
    }

    /**
     * Returns the name of the event source the events belong to, as a Falco rule's {@code source} key
     * names it. The default is {@code syscall}, the source of every {@link RuntimeEvent}.
     *
     * @return the event source name
     */
    default String eventSourceName() {
        return "syscall";
    }

    /**
     * Returns the open parameters this source understands and what each means, for help texts and
     * validation. The default is none.
     *
     * @return parameter names mapped to one-line descriptions
     */
    default Map<String, String> parameters() {
        return Map.of();
    }

    /**
     * Opens a new stream of events.
     *
     * @param parameters the open parameters (e.g. {@code path} for a replay file), never null
     * @return a new stream, owned by the caller, who closes it
     * @throws InvalidInputException if a parameter is unknown or invalid (naming it)
     * @throws ContainerSecException if the stream cannot be opened (missing privileges, no such file)
     */
    EventStream open(Map<String, String> parameters);
}
