package dev.containersec.policy;

import dev.containersec.api.InvalidInputException;
import java.util.Locale;

/**
 * The transport protocols a Kubernetes NetworkPolicy port can name
 * (<a href="https://kubernetes.io/docs/concepts/services-networking/network-policies/">networking.k8s.io/v1</a>).
 */
public enum NetpolProtocol {
    /** TCP, the default when a policy port or container port names no protocol. */
    TCP,
    /** UDP. */
    UDP,
    /** SCTP. */
    SCTP;

    /**
     * Parses a protocol name, ignoring case.
     *
     * @param text {@code TCP}, {@code UDP} or {@code SCTP}
     * @return the protocol
     * @throws InvalidInputException naming the value and the allowed ones
     */
    public static NetpolProtocol parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException("protocol", "'" + text + "' is not one of TCP, UDP, SCTP", e);
        }
    }
}
