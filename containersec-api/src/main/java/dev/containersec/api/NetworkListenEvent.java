package dev.containersec.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A process put a bound socket into the listening state ({@code listen}).
 *
 * @param timestamp when the listen returned
 * @param process the listening process
 * @param protocol the socket's protocol
 * @param local the address and port listened on
 * @param backlog the requested backlog, {@code >= 0}
 */
public record NetworkListenEvent(Instant timestamp, ProcessContext process, NetworkProtocol protocol,
                                 SocketEndpoint local, int backlog) implements NetworkEvent {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the backlog is negative
     */
    public NetworkListenEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(local, "local");
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must be >= 0, was " + backlog);
        }
    }

    /**
     * Returns {@code listen}.
     *
     * @return {@code listen}
     */
    @Override
    public String eventType() {
        return "listen";
    }
}
