package dev.containersec.runtime;

import dev.containersec.api.ContainerSecException;
import java.util.Objects;

/**
 * Two providers of one service interface claimed the same id. containersec never picks one of them
 * silently: remove one, or register providers explicitly.
 */
public final class DuplicateProviderException extends ContainerSecException {
    private static final long serialVersionUID = 1L;

    private final String service;
    private final String id;
    private final String firstProvider;
    private final String secondProvider;

    /**
     * Creates the exception.
     *
     * @param service the service interface, e.g. {@code dev.containersec.api.EventSource}
     * @param id the duplicated id
     * @param firstProvider the class name of the provider registered first
     * @param secondProvider the class name of the provider that claimed the id again
     */
    public DuplicateProviderException(String service, String id, String firstProvider, String secondProvider) {
        super("two " + service + " providers have the id '" + id + "': " + firstProvider + " and " + secondProvider);
        this.service = Objects.requireNonNull(service, "service");
        this.id = Objects.requireNonNull(id, "id");
        this.firstProvider = Objects.requireNonNull(firstProvider, "firstProvider");
        this.secondProvider = Objects.requireNonNull(secondProvider, "secondProvider");
    }

    /**
     * Returns the service interface's name.
     *
     * @return for example {@code dev.containersec.api.EventSource}
     */
    public String service() {
        return service;
    }

    /**
     * Returns the duplicated id.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * Returns the class name of the provider registered first.
     *
     * @return the class name
     */
    public String firstProvider() {
        return firstProvider;
    }

    /**
     * Returns the class name of the provider that claimed the id again.
     *
     * @return the class name
     */
    public String secondProvider() {
        return secondProvider;
    }
}
