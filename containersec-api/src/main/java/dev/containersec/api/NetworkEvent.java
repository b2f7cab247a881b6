package dev.containersec.api;

/**
 * A socket event on an IP socket: a connection made ({@link NetworkConnectEvent}), accepted
 * ({@link NetworkAcceptEvent}) or a socket put into the listening state ({@link NetworkListenEvent}).
 */
public sealed interface NetworkEvent extends RuntimeEvent
        permits NetworkConnectEvent, NetworkAcceptEvent, NetworkListenEvent {

    /**
     * Returns the socket's layer-4 protocol.
     *
     * @return the protocol
     */
    NetworkProtocol protocol();

    /**
     * Returns the local end of the socket.
     *
     * @return the local address and port
     */
    SocketEndpoint local();
}
