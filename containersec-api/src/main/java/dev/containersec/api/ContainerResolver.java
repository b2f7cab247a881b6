package dev.containersec.api;

import java.util.Optional;

/**
 * Service provider interface: tells which image a container runs, so that runtime events (which know a
 * container only by the id in its cgroup path) can be matched by image ({@code container.image.repository}
 * and the other {@code container.*} fields of Falco's rules).
 *
 * <p>Providers are found through {@link java.util.ServiceLoader} (module-info {@code provides}, or
 * {@code META-INF/services}) or passed explicitly; each has a unique {@link #id()}, and a duplicate id is
 * an error where they are collected ({@code dev.containersec.runtime.ContainerResolverRegistry}).
 *
 * <p>Contract: {@link #resolve(String)} is called by one thread at a time, for containers the pipeline has
 * not seen before or whose earlier answer expired, so a provider may read files but must not block on
 * the network; it answers empty for a container it does not know and never throws for one. Information
 * it reads is untrusted: bound what it reads. Implementations that read container runtimes' state files
 * need no daemon.
 */
public interface ContainerResolver {

    /**
     * Returns the provider's unique id, e.g. {@code podman}.
     *
     * @return the id: lower case letters, digits, {@code -} and {@code .}
     */
    String id();

    /**
     * Looks a container up.
     *
     * @param containerId the id as events carry it: the first 12 hex characters of the runtime's id
     * @return what the runtime recorded about the container, or empty when this provider does not know it
     */
    Optional<ContainerInfo> resolve(String containerId);
}
