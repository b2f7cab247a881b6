package dev.containersec.policy;

import java.util.List;
import java.util.Objects;

/**
 * One ingress or egress rule. It allows traffic when some peer matches the other end (an empty peer list
 * matches every source or destination, including external addresses) and some port matches (an empty port
 * list matches every port of every protocol).
 *
 * @param peers the {@code from} (ingress) or {@code to} (egress) list
 * @param ports the {@code ports} list
 */
public record NetpolRule(List<NetpolPeer> peers, List<NetpolPort> ports) {

    /** Copies the lists. */
    public NetpolRule {
        peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
        ports = List.copyOf(Objects.requireNonNull(ports, "ports"));
    }

    /**
     * Returns the rule {@code {}}, which allows everything.
     *
     * @return a rule with no peers and no ports
     */
    public static NetpolRule allowAll() {
        return new NetpolRule(List.of(), List.of());
    }
}
