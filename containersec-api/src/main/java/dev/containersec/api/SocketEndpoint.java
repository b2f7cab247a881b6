package dev.containersec.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One end of a network connection: an IP address and a port.
 *
 * @param address the IPv4 or IPv6 address (a literal: never resolved through DNS)
 * @param port the port, {@code 0..65535}; {@code 0} when the protocol has no ports (ICMP, raw)
 */
public record SocketEndpoint(InetAddress address, int port) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the port is outside {@code 0..65535}
     */
    public SocketEndpoint {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
    }

    /**
     * Returns the address as a literal, without any host name: {@code 10.0.0.1} or {@code ::1}.
     *
     * @return the address literal
     */
    public String addressLiteral() {
        return address.getHostAddress();
    }

    /**
     * Returns {@code address:port}, with IPv6 addresses in brackets ({@code [::1]:443}).
     *
     * @return the endpoint as text
     */
    @Override
    public String toString() {
        return (address instanceof Inet6Address ? "[" + addressLiteral() + "]" : addressLiteral()) + ":" + port;
    }
}
