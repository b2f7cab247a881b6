package dev.containersec.runtime.internal.source;

import dev.containersec.api.SocketEndpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Builds socket endpoints from the address and port texts the JSON sources read. */
public final class SocketEndpoints {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    private SocketEndpoints() {
    }

    /**
     * An endpoint for an IP literal and a port clamped to 0..65535; empty when the address is missing or
     * not an IP literal, so no name is ever resolved.
     */
    public static Optional<SocketEndpoint> of(Optional<String> address, long port) {
        if (address.isEmpty() || !IP_LITERAL.matcher(address.get()).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SocketEndpoint(InetAddress.getByName(address.get()),
                    (int) Math.max(0, Math.min(65535, port))));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The wildcard address of the same family as {@code e}, port 0: the local side a source did not report. */
    public static SocketEndpoint anyLike(SocketEndpoint e) {
        try {
            return new SocketEndpoint(InetAddress.getByName(e.address().getAddress().length == 16 ? "::" : "0.0.0.0"), 0);
        } catch (UnknownHostException x) {
            throw new IllegalStateException(x);
        }
    }
}
