package dev.containersec.runtime.internal.source;

import dev.containersec.api.SocketEndpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Builds socket endpoints from the address and port texts the JSON sources read. */
public final class SocketEndpoints {

    private static final SocketEndpoint ANY4 = literal("0.0.0.0");
    private static final SocketEndpoint ANY6 = literal("::");

    private SocketEndpoints() {
    }

    /**
     * An endpoint for an IP literal and a port clamped to 0..65535; empty when the address is missing or
     * not an IP literal, so no name is ever resolved.
     */
    public static Optional<SocketEndpoint> of(Optional<String> address, long port) {
        if (address.isEmpty() || !ipLiteral(address.get())) {
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
        return e.address().getAddress().length == 16 ? ANY6 : ANY4;
    }

    /** As {@code [0-9a-fA-F:.]{2,45}} matches, without a regex (this runs for every network event). */
    static boolean ipLiteral(String s) {
        int n = s.length();
        if (n < 2 || n > 45) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static SocketEndpoint literal(String address) {
        try {
            return new SocketEndpoint(InetAddress.getByName(address), 0);
        } catch (UnknownHostException x) {
            throw new IllegalStateException(x);
        }
    }
}
