package dev.containersec.runtime.internal.spi;

import dev.containersec.api.ContainerSecException;
import dev.containersec.runtime.DuplicateProviderException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Shared logic of the provider registries: id validation, duplicate detection, ServiceLoader errors. */
public final class Providers {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

    private Providers() {
    }

    /**
     * Indexes providers by id, in order.
     *
     * @throws DuplicateProviderException if two providers share an id
     * @throws ContainerSecException if an id is malformed
     */
    public static <T> Map<String, T> index(Class<T> service, List<? extends T> providers, Function<T, String> id) {
        Map<String, T> out = new LinkedHashMap<>();
        for (T p : providers) {
            Objects.requireNonNull(p, "provider");
            String key = id.apply(p);
            if (key == null || !ID.matcher(key).matches()) {
                throw new ContainerSecException(service.getName() + " provider " + p.getClass().getName()
                        + " has an invalid id '" + key + "': expected lower-case letters, digits, '.', '_' or '-',"
                        + " starting with a letter, at most 64 characters");
            }
            T previous = out.putIfAbsent(key, p);
            if (previous != null) {
                throw new DuplicateProviderException(service.getName(), key, previous.getClass().getName(),
                        p.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Instantiates every provider ServiceLoader finds.
     *
     * @throws ContainerSecException if a provider cannot be loaded
     */
    public static <T> List<T> load(ServiceLoader<T> loader, Class<T> service) {
        try {
            return loader.stream().map(ServiceLoader.Provider::get).toList();
        } catch (ServiceConfigurationError e) {
            throw new ContainerSecException("cannot load " + service.getName() + " providers: " + e.getMessage(), e);
        }
    }
}
