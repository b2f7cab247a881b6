package dev.containersec.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A process accepted an incoming connection ({@code accept} or {@code accept4}); the process is the
 * server and the remote end the client.
 *
 * @param timestamp when the accept returned
 * @param process the accepting process
 * @param protocol the socket's protocol
 * @param local the local (server) end
 * @param remote the remote (client) end
 */
public record NetworkAcceptEvent(Instant timestamp, ProcessContext process, NetworkProtocol protocol,
                                 SocketEndpoint local, SocketEndpoint remote) implements NetworkEvent {

    /** Checks for nulls. */
    public NetworkAcceptEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
    }

    /**
     * Returns {@code accept}.
     *
     * @return {@code accept}
     */
    @Override
    public String eventType() {
        return "accept";
    }
}
