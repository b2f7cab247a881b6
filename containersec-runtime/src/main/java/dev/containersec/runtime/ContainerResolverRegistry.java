package dev.containersec.runtime;

import dev.containersec.api.ContainerInfo;
import dev.containersec.api.ContainerResolver;
import dev.containersec.api.NotFoundException;
import dev.containersec.runtime.internal.container.ContainersStorageResolver;
import dev.containersec.runtime.internal.spi.Providers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The {@link ContainerResolver}s an {@link EventPipeline} asks which image a container runs: found
 * through {@link ServiceLoader} or given explicitly, each id at most once (a duplicate is a
 * {@link DuplicateProviderException}), asked in the order given.
 *
 * <p>This module provides {@code containers-storage}: it reads the state files that podman and CRI-O
 * keep in containers/storage ({@code <root>/<driver>-containers/containers.json} and
 * {@code <root>/<driver>-images/images.json}, default root {@code /var/lib/containers/storage}) and
 * needs no daemon. Immutable and thread-safe; the providers' own thread-safety is their contract's.
 */
public final class ContainerResolverRegistry {

    private final Map<String, ContainerResolver> resolvers;

    private ContainerResolverRegistry(List<? extends ContainerResolver> resolvers) {
        this.resolvers = Providers.index(ContainerResolver.class, resolvers, ContainerResolver::id);
    }

    /**
     * Creates a registry of the given resolvers, asked in this order.
     *
     * @param resolvers the resolvers
     * @return the registry
     * @throws DuplicateProviderException if two resolvers share an id
     */
    public static ContainerResolverRegistry of(List<? extends ContainerResolver> resolvers) {
        return new ContainerResolverRegistry(List.copyOf(resolvers));
    }

    /**
     * Creates a registry of no resolvers: containers keep only what their events say.
     *
     * @return the empty registry
     */
    public static ContainerResolverRegistry none() {
        return of(List.of());
    }

    /**
     * Creates a registry of the resolvers {@link ServiceLoader} finds on the module path or class path.
     *
     * @return the registry
     * @throws DuplicateProviderException if two resolvers share an id
     */
    public static ContainerResolverRegistry fromServiceLoader() {
        return of(Providers.load(ServiceLoader.load(ContainerResolver.class), ContainerResolver.class));
    }

    /**
     * Creates the {@code containers-storage} resolver over explicit storage roots (podman's
     * {@code --root}, CRI-O's {@code root} in {@code storage.conf}).
     *
     * @param storageRoots the roots, each holding {@code <driver>-containers/containers.json}
     * @return the resolver
     */
    public static ContainerResolver containersStorage(List<Path> storageRoots) {
        return new ContainersStorageResolver(storageRoots);
    }

    /**
     * Returns a registry with one more resolver, asked last.
     *
     * @param resolver the resolver
     * @return a new registry
     * @throws DuplicateProviderException if its id is taken
     */
    public ContainerResolverRegistry with(ContainerResolver resolver) {
        List<ContainerResolver> all = new ArrayList<>(resolvers.values());
        all.add(Objects.requireNonNull(resolver, "resolver"));
        return new ContainerResolverRegistry(all);
    }

    /**
     * Asks each resolver in order.
     *
     * @param containerId the container id as events carry it
     * @return the first answer, or empty when none knows the container
     */
    public Optional<ContainerInfo> resolve(String containerId) {
        Objects.requireNonNull(containerId, "containerId");
        for (ContainerResolver r : resolvers.values()) {
            Optional<ContainerInfo> info = r.resolve(containerId);
            if (info.isPresent()) {
                return info;
            }
        }
        return Optional.empty();
    }

    /**
     * Finds a resolver by id.
     *
     * @param id the id
     * @return the resolver, or empty
     */
    public Optional<ContainerResolver> find(String id) {
        return Optional.ofNullable(resolvers.get(Objects.requireNonNull(id, "id")));
    }

    /**
     * Returns a resolver by id.
     *
     * @param id the id
     * @return the resolver
     * @throws NotFoundException listing the ids there are
     */
    public ContainerResolver get(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("container resolvers", "container resolver", id, ids()));
    }

    /**
     * Returns the ids, in the order the resolvers are asked.
     *
     * @return the ids
     */
    public List<String> ids() {
        return List.copyOf(resolvers.keySet());
    }

    /**
     * Tells whether there is no resolver.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return resolvers.isEmpty();
    }
}
