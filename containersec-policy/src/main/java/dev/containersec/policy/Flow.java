package dev.containersec.policy;

import dev.containersec.api.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An observed connection: a source opened a connection to a destination port. Ends are workloads
 * ({@code namespace/name}; a bare name means namespace {@code default}) or external addresses (an IP address
 * or CIDR, stored in canonical CIDR form, {@code 203.0.113.7/32}).
 *
 * <p>The flow file {@link NetworkPolicyGenerator#parseFlows} reads is a JSON list of objects with
 * {@code src} (or {@code source}), {@code dst} (or {@code destination}), {@code port} and optionally
 * {@code protocol} (TCP by default).
 *
 * @param source the initiating side
 * @param destination the accepting side
 * @param port the destination port
 * @param protocol the protocol
 */
public record Flow(String source, String destination, int port, NetpolProtocol protocol) {

    /**
     * Normalises and validates the flow.
     *
     * @throws InvalidInputException if an end is empty or malformed, both ends are external, or the port is
     *     outside 1-65535
     */
    public Flow {
        source = normalise(Objects.requireNonNull(source, "source"));
        destination = normalise(Objects.requireNonNull(destination, "destination"));
        Objects.requireNonNull(protocol, "protocol");
        if (port < NetpolPort.MIN_PORT || port > NetpolPort.MAX_PORT) {
            throw new InvalidInputException("flow " + source + " => " + destination, "port " + port
                    + " is not within 1-65535");
        }
        if (NetpolCidr.isCidr(source) && NetpolCidr.isCidr(destination)) {
            throw new InvalidInputException("flow " + source + " => " + destination,
                    "both ends are external addresses; at least one must be a workload");
        }
    }

    /**
     * Returns a TCP flow.
     *
     * @param source the source
     * @param destination the destination
     * @param port the port
     * @return the flow
     */
    public static Flow tcp(String source, String destination, int port) {
        return new Flow(source, destination, port, NetpolProtocol.TCP);
    }

    private static String normalise(String end) {
        String t = end.trim();
        if (t.isEmpty()) {
            throw new InvalidInputException("flow", "an end is empty");
        }
        if (NetpolCidr.isCidr(t)) {
            return NetpolCidr.parse(t).toString();
        }
        String full = t.contains("/") ? t : "default/" + t;
        int slash = full.indexOf('/');
        if (slash == 0 || slash == full.length() - 1 || full.indexOf('/', slash + 1) >= 0) {
            throw new InvalidInputException("flow", "'" + end + "' is neither namespace/name nor an IP address");
        }
        return full;
    }

    /**
     * Tells whether the source is an external address.
     *
     * @return true for an IP or CIDR
     */
    public boolean isSourceExternal() {
        return NetpolCidr.isCidr(source);
    }

    /**
     * Tells whether the destination is an external address.
     *
     * @return true for an IP or CIDR
     */
    public boolean isDestinationExternal() {
        return NetpolCidr.isCidr(destination);
    }

    /**
     * Returns the flow as a plain map with {@code src}, {@code dst}, {@code port} and {@code protocol}.
     *
     * @return an unmodifiable map
     */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("src", source);
        m.put("dst", destination);
        m.put("port", port);
        m.put("protocol", protocol.name());
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        return source + " => " + destination + " " + protocol + " " + port;
    }
}
