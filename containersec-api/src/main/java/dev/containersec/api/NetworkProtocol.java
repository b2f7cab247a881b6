package dev.containersec.api;

import java.util.Locale;

/** The layer-4 protocol of a socket, as Falco's {@code fd.l4proto} names it. */
public enum NetworkProtocol {
    /** Transmission Control Protocol. */
    TCP,
    /** User Datagram Protocol. */
    UDP,
    /** Internet Control Message Protocol (v4 or v6). */
    ICMP,
    /** A raw IP socket. */
    RAW;

    /**
     * Returns the lower-case name Falco uses in {@code fd.l4proto}.
     *
     * @return {@code tcp}, {@code udp}, {@code icmp} or {@code raw}
     */
    public String falcoName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
