package dev.containersec.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a rule's {@code from} or {@code to} list. Within one peer a {@code namespaceSelector} and a
 * {@code podSelector} must both match (AND); separate peers of a rule are alternatives (OR). A peer with only a
 * {@code podSelector} selects pods in the policy's own namespace; one with only a {@code namespaceSelector}
 * selects every pod of the matching namespaces.
 *
 * @param namespaceSelector the namespaces, if given
 * @param podSelector the pods, if given
 * @param ipBlock the external addresses, if given (then neither selector may be)
 */
public record NetpolPeer(Optional<NetpolSelector> namespaceSelector, Optional<NetpolSelector> podSelector,
                         Optional<NetpolIpBlock> ipBlock) {

    /**
     * Validates as the Kubernetes API server does.
     *
     * @throws IllegalArgumentException if the peer is empty, or mixes {@code ipBlock} with a selector
     */
    public NetpolPeer {
        Objects.requireNonNull(namespaceSelector, "namespaceSelector");
        Objects.requireNonNull(podSelector, "podSelector");
        Objects.requireNonNull(ipBlock, "ipBlock");
        boolean selectors = namespaceSelector.isPresent() || podSelector.isPresent();
        if (ipBlock.isPresent() && selectors) {
            throw new IllegalArgumentException("a peer may not combine ipBlock with namespaceSelector or podSelector");
        }
        if (ipBlock.isEmpty() && !selectors) {
            throw new IllegalArgumentException("a peer needs a podSelector, a namespaceSelector or an ipBlock");
        }
    }

    /**
     * Returns a peer of pods in the policy's own namespace.
     *
     * @param pods the pod selector
     * @return the peer
     */
    public static NetpolPeer pods(NetpolSelector pods) {
        return new NetpolPeer(Optional.empty(), Optional.of(pods), Optional.empty());
    }

    /**
     * Returns a peer of all pods in the matching namespaces.
     *
     * @param namespaces the namespace selector
     * @return the peer
     */
    public static NetpolPeer namespaces(NetpolSelector namespaces) {
        return new NetpolPeer(Optional.of(namespaces), Optional.empty(), Optional.empty());
    }

    /**
     * Returns a peer of the matching pods in the matching namespaces.
     *
     * @param namespaces the namespace selector
     * @param pods the pod selector
     * @return the peer
     */
    public static NetpolPeer podsInNamespaces(NetpolSelector namespaces, NetpolSelector pods) {
        return new NetpolPeer(Optional.of(namespaces), Optional.of(pods), Optional.empty());
    }

    /**
     * Returns an ipBlock peer.
     *
     * @param block the addresses
     * @return the peer
     */
    public static NetpolPeer ipBlock(NetpolIpBlock block) {
        return new NetpolPeer(Optional.empty(), Optional.empty(), Optional.of(block));
    }

    @Override
    public String toString() {
        if (ipBlock.isPresent()) {
            return "ipBlock " + ipBlock.get();
        }
        StringBuilder sb = new StringBuilder();
        namespaceSelector.ifPresent(s -> sb.append("namespaceSelector ").append(s));
        podSelector.ifPresent(s -> sb.append(sb.length() == 0 ? "" : " AND ").append("podSelector ").append(s));
        return sb.toString();
    }
}
