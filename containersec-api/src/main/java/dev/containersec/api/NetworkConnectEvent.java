package dev.containersec.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A process connected a socket to a remote endpoint ({@code connect}); the process is the client and
 * the remote end the server (Falco's {@code fd.cip}/{@code fd.sip}).
 *
 * @param timestamp when the connect returned
 * @param process the connecting process
 * @param protocol the socket's protocol
 * @param local the local (client) end
 * @param remote the remote (server) end
 */
public record NetworkConnectEvent(Instant timestamp, ProcessContext process, NetworkProtocol protocol,
                                  SocketEndpoint local, SocketEndpoint remote) implements NetworkEvent {

    /** Checks for nulls. */
    public NetworkConnectEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
    }

    /**
     * Returns {@code connect}.
     *
     * @return {@code connect}
     */
    @Override
    public String eventType() {
        return "connect";
    }
}
