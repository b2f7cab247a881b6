package dev.containersec.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * A container port of a workload, used to resolve named ports in policies.
 *
 * @param name the port's name, if it has one
 * @param port the port number
 * @param protocol the protocol (TCP when not written)
 */
public record NetpolContainerPort(Optional<String> name, int port, NetpolProtocol protocol) {

    /**
     * Validates the port number.
     *
     * @throws IllegalArgumentException if the port is not within 1-65535
     */
    public NetpolContainerPort {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        if (port < NetpolPort.MIN_PORT || port > NetpolPort.MAX_PORT) {
            throw new IllegalArgumentException("containerPort " + port + " is not within 1-65535");
        }
    }

    /**
     * Returns a named TCP container port.
     *
     * @param name the name
     * @param port the number
     * @return the container port
     */
    public static NetpolContainerPort tcp(String name, int port) {
        return new NetpolContainerPort(Optional.of(name), port, NetpolProtocol.TCP);
    }
}
