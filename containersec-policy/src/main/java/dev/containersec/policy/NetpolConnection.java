package dev.containersec.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An allowed connection: the source may open connections to the destination on a range of ports of one
 * protocol, because the source's egress and the destination's ingress both allow it.
 *
 * @param source the initiating side
 * @param destination the accepting side
 * @param protocol the protocol
 * @param firstPort the first allowed port
 * @param lastPort the last allowed port, inclusive; 1-65535 means any port
 */
public record NetpolConnection(NetpolEndpoint source, NetpolEndpoint destination, NetpolProtocol protocol,
                               int firstPort, int lastPort) {

    /**
     * Validates the port range.
     *
     * @throws IllegalArgumentException if the range is empty or outside 1-65535
     */
    public NetpolConnection {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(protocol, "protocol");
        if (firstPort < NetpolPort.MIN_PORT || lastPort > NetpolPort.MAX_PORT || firstPort > lastPort) {
            throw new IllegalArgumentException("port range " + firstPort + "-" + lastPort + " is not within 1-65535");
        }
    }

    /**
     * Tells whether every port of the protocol is allowed.
     *
     * @return true for 1-65535
     */
    public boolean isAnyPort() {
        return firstPort == NetpolPort.MIN_PORT && lastPort == NetpolPort.MAX_PORT;
    }

    /**
     * Returns the port text: {@code 80}, {@code 8000-8080}, or {@code *} for any port.
     *
     * @return the text
     */
    public String port() {
        if (isAnyPort()) {
            return "*";
        }
        return firstPort == lastPort ? String.valueOf(firstPort) : firstPort + "-" + lastPort;
    }

    /**
     * Returns the connection as a plain map for JSON rendering and policy input: {@code src}, {@code dst},
     * {@code port} (text as in {@link #port()}), {@code protocol}, {@code firstPort}, {@code lastPort},
     * {@code srcKind}, {@code dstKind}.
     *
     * @return an unmodifiable map in that key order
     */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("src", source.name());
        m.put("dst", destination.name());
        m.put("port", port());
        m.put("protocol", protocol.name());
        m.put("firstPort", firstPort);
        m.put("lastPort", lastPort);
        m.put("srcKind", source.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("dstKind", destination.kind().name().toLowerCase(java.util.Locale.ROOT));
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        return source + " => " + destination + " " + protocol + " " + port();
    }
}
