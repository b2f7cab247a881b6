package dev.containersec.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a rule's {@code ports} list: a protocol with either a range of port numbers or a named port.
 *
 * <p>"Any port" of a protocol (a policy port with a protocol and no {@code port}) is the range
 * {@value #MIN_PORT}-{@value #MAX_PORT}. A single {@code port} is a range of one; {@code port} with
 * {@code endPort} is the inclusive range. A named port ({@code port: http}) is resolved against the
 * container ports of each destination pod, matching both name and protocol; a destination without that
 * port (including any external address) is not matched.
 *
 * @param protocol the protocol (Kubernetes defaults it to TCP)
 * @param first the first port of the range, or 0 for a named port
 * @param last the last port of the range (inclusive), or 0 for a named port
 * @param name the port name, for a named port
 */
public record NetpolPort(NetpolProtocol protocol, int first, int last, Optional<String> name) {

    /** The lowest port number a policy can name. */
    public static final int MIN_PORT = 1;
    /** The highest port number. */
    public static final int MAX_PORT = 65535;

    /**
     * Validates the range or name.
     *
     * @throws IllegalArgumentException if the range is empty or outside 1-65535, or a name carries numbers
     */
    public NetpolPort {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(name, "name");
        if (name.isPresent()) {
            if (first != 0 || last != 0) {
                throw new IllegalArgumentException("named port " + name.get() + " cannot have a number or endPort");
            }
            if (name.get().isEmpty()) {
                throw new IllegalArgumentException("port name must not be empty");
            }
        } else if (first < MIN_PORT || last > MAX_PORT || first > last) {
            throw new IllegalArgumentException("port range " + first + "-" + last + " is not within 1-65535 with port <= endPort");
        }
    }

    /**
     * Returns every port of a protocol.
     *
     * @param protocol the protocol
     * @return the port 1-65535
     */
    public static NetpolPort any(NetpolProtocol protocol) {
        return new NetpolPort(protocol, MIN_PORT, MAX_PORT, Optional.empty());
    }

    /**
     * Returns a single port.
     *
     * @param protocol the protocol
     * @param port the port number
     * @return the port
     */
    public static NetpolPort of(NetpolProtocol protocol, int port) {
        return new NetpolPort(protocol, port, port, Optional.empty());
    }

    /**
     * Returns a port range ({@code port} with {@code endPort}).
     *
     * @param protocol the protocol
     * @param port the first port
     * @param endPort the last port, inclusive
     * @return the port range
     */
    public static NetpolPort range(NetpolProtocol protocol, int port, int endPort) {
        return new NetpolPort(protocol, port, endPort, Optional.empty());
    }

    /**
     * Returns a named port.
     *
     * @param protocol the protocol
     * @param name the container port name
     * @return the port
     */
    public static NetpolPort named(NetpolProtocol protocol, String name) {
        return new NetpolPort(protocol, 0, 0, Optional.of(name));
    }

    /**
     * Tells whether this is every port of its protocol.
     *
     * @return true for 1-65535
     */
    public boolean isAny() {
        return name.isEmpty() && first == MIN_PORT && last == MAX_PORT;
    }

    @Override
    public String toString() {
        if (name.isPresent()) {
            return protocol + " " + name.get();
        }
        if (isAny()) {
            return protocol + " *";
        }
        return protocol + " " + (first == last ? String.valueOf(first) : first + "-" + last);
    }
}
