package dev.containersec.runtime;

import dev.containersec.api.EventSource;
import dev.containersec.api.NotFoundException;
import dev.containersec.runtime.internal.spi.Providers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The {@link EventSource}s available to a runtime, by id: found with {@link ServiceLoader}, given
 * explicitly, or both. Two sources with one id are an error ({@link DuplicateProviderException}),
 * never a silent choice. Immutable and thread-safe.
 */
public final class EventSourceRegistry {

    private final Map<String, EventSource> sources;

    private EventSourceRegistry(List<? extends EventSource> sources) {
        this.sources = Providers.index(EventSource.class, sources, EventSource::id);
    }

    /**
     * Returns a registry of the given sources only.
     *
     * @param sources the sources, in order of preference for listing
     * @return the registry
     * @throws DuplicateProviderException if two sources share an id
     * @throws dev.containersec.api.ContainerSecException if an id is malformed
     */
    public static EventSourceRegistry of(List<? extends EventSource> sources) {
        return new EventSourceRegistry(List.copyOf(sources));
    }

    /**
     * Returns a registry of the sources that {@link ServiceLoader} finds through this module's
     * {@code uses} declaration (on the module path) or the class path.
     *
     * @return the registry
     * @throws DuplicateProviderException if two sources share an id
     * @throws dev.containersec.api.ContainerSecException if a provider cannot be instantiated
     */
    public static EventSourceRegistry fromServiceLoader() {
        return of(Providers.load(ServiceLoader.load(EventSource.class), EventSource.class));
    }

    /**
     * Returns a registry of the sources that {@link ServiceLoader} finds through a class loader.
     *
     * @param loader the class loader to search
     * @return the registry
     * @throws DuplicateProviderException if two sources share an id
     */
    public static EventSourceRegistry fromServiceLoader(ClassLoader loader) {
        return of(Providers.load(ServiceLoader.load(EventSource.class, loader), EventSource.class));
    }

    /**
     * Returns a registry with these sources and one more.
     *
     * @param source the source to add
     * @return a new registry
     * @throws DuplicateProviderException if its id is taken
     */
    public EventSourceRegistry with(EventSource source) {
        List<EventSource> all = new ArrayList<>(sources.values());
        all.add(Objects.requireNonNull(source, "source"));
        return new EventSourceRegistry(all);
    }

    /**
     * Finds a source by id.
     *
     * @param id the id
     * @return the source, or empty
     */
    public Optional<EventSource> find(String id) {
        return Optional.ofNullable(sources.get(Objects.requireNonNull(id, "id")));
    }

    /**
     * Returns a source by id.
     *
     * @param id the id
     * @return the source
     * @throws NotFoundException naming the ids that are registered
     */
    public EventSource get(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("event sources", "event source", id, ids()));
    }

    /**
     * Returns the registered ids, in registration order.
     *
     * @return the ids
     */
    public List<String> ids() {
        return List.copyOf(sources.keySet());
    }
}
