package dev.containersec.runtime;

import dev.containersec.api.AlertSink;
import dev.containersec.api.NotFoundException;
import dev.containersec.runtime.internal.spi.Providers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The {@link AlertSink}s available to a runtime, by id: found with {@link ServiceLoader}, given
 * explicitly, or both. Two sinks with one id are an error ({@link DuplicateProviderException}),
 * never a silent choice. Immutable and thread-safe.
 */
public final class AlertSinkRegistry {

    private final Map<String, AlertSink> sinks;

    private AlertSinkRegistry(List<? extends AlertSink> sinks) {
        this.sinks = Providers.index(AlertSink.class, sinks, AlertSink::id);
    }

    /**
     * Returns a registry of the given sinks only.
     *
     * @param sinks the sinks, in order of preference for listing
     * @return the registry
     * @throws DuplicateProviderException if two sinks share an id
     * @throws dev.containersec.api.ContainerSecException if an id is malformed
     */
    public static AlertSinkRegistry of(List<? extends AlertSink> sinks) {
        return new AlertSinkRegistry(List.copyOf(sinks));
    }

    /**
     * Returns a registry of the sinks that {@link ServiceLoader} finds through this module's
     * {@code uses} declaration (on the module path) or the class path.
     *
     * @return the registry
     * @throws DuplicateProviderException if two sinks share an id
     * @throws dev.containersec.api.ContainerSecException if a provider cannot be instantiated
     */
    public static AlertSinkRegistry fromServiceLoader() {
        return of(Providers.load(ServiceLoader.load(AlertSink.class), AlertSink.class));
    }

    /**
     * Returns a registry of the sinks that {@link ServiceLoader} finds through a class loader.
     *
     * @param loader the class loader to search
     * @return the registry
     * @throws DuplicateProviderException if two sinks share an id
     */
    public static AlertSinkRegistry fromServiceLoader(ClassLoader loader) {
        return of(Providers.load(ServiceLoader.load(AlertSink.class, loader), AlertSink.class));
    }

    /**
     * Returns a registry with these sinks and one more.
     *
     * @param sink the sink to add
     * @return a new registry
     * @throws DuplicateProviderException if its id is taken
     */
    public AlertSinkRegistry with(AlertSink sink) {
        List<AlertSink> all = new ArrayList<>(sinks.values());
        all.add(Objects.requireNonNull(sink, "sink"));
        return new AlertSinkRegistry(all);
    }

    /**
     * Finds a sink by id.
     *
     * @param id the id
     * @return the sink, or empty
     */
    public Optional<AlertSink> find(String id) {
        return Optional.ofNullable(sinks.get(Objects.requireNonNull(id, "id")));
    }

    /**
     * Returns a sink by id.
     *
     * @param id the id
     * @return the sink
     * @throws NotFoundException naming the ids that are registered
     */
    public AlertSink get(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("alert sinks", "alert sink", id, ids()));
    }

    /**
     * Returns the registered ids, in registration order.
     *
     * @return the ids
     */
    public List<String> ids() {
        return List.copyOf(sinks.keySet());
    }
}
