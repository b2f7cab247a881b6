package dev.containersec.policy;

import java.util.List;
import java.util.Objects;

/**
 * Why a connection is allowed or denied. Traffic is allowed only when both the source's egress and the
 * destination's ingress allow it; each side lists the policies and rules that allow it (as
 * {@code namespace/policy egress[0]}) or the reason it is denied.
 *
 * @param source the source asked about
 * @param destination the destination asked about
 * @param protocol the protocol asked about
 * @param port the port asked about
 * @param egressAllowed whether the source's egress allows it
 * @param egressReasons the allowing rules or the denial reason for egress
 * @param ingressAllowed whether the destination's ingress allows it
 * @param ingressReasons the allowing rules or the denial reason for ingress
 */
public record NetpolExplanation(String source, String destination, NetpolProtocol protocol, int port,
                                boolean egressAllowed, List<String> egressReasons,
                                boolean ingressAllowed, List<String> ingressReasons) {

    /** Checks for nulls and copies the lists. */
    public NetpolExplanation {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(protocol, "protocol");
        egressReasons = List.copyOf(egressReasons);
        ingressReasons = List.copyOf(ingressReasons);
    }

    /**
     * Tells whether the connection is allowed.
     *
     * @return true if both sides allow it
     */
    public boolean allowed() {
        return egressAllowed && ingressAllowed;
    }

    /**
     * Formats the explanation on several lines.
     *
     * @return for example {@code ALLOWED a/x => b/y TCP 80} followed by egress and ingress reasons
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(allowed() ? "ALLOWED " : "DENIED ").append(source).append(" => ").append(destination)
                .append(' ').append(protocol).append(' ').append(port).append('\n');
        sb.append("  egress ").append(egressAllowed ? "allowed" : "denied").append(":\n");
        egressReasons.forEach(r -> sb.append("    ").append(r).append('\n'));
        sb.append("  ingress ").append(ingressAllowed ? "allowed" : "denied").append(":\n");
        ingressReasons.forEach(r -> sb.append("    ").append(r).append('\n'));
        return sb.toString();
    }
}
