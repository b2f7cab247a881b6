package dev.containersec.policy;

import java.util.List;
import java.util.Objects;

/**
 * A NetworkPolicy {@code ipBlock} peer: the addresses in {@code cidr} except those in any {@code except} block.
 *
 * <p>Only addresses outside the cluster are modelled: pods have no known IPs in manifests, so an
 * {@code ipBlock} never matches a workload in this analysis (Kubernetes leaves pod-IP matching of
 * {@code ipBlock} to the network plugin).
 *
 * @param cidr the block of allowed addresses
 * @param except sub-blocks that are not allowed; each must lie inside {@code cidr}
 */
public record NetpolIpBlock(NetpolCidr cidr, List<NetpolCidr> except) {

    /**
     * Validates as the Kubernetes API server does.
     *
     * @throws IllegalArgumentException if an {@code except} block is not inside {@code cidr}
     */
    public NetpolIpBlock {
        Objects.requireNonNull(cidr, "cidr");
        except = List.copyOf(Objects.requireNonNull(except, "except"));
        for (NetpolCidr e : except) {
            if (!cidr.contains(e)) {
                throw new IllegalArgumentException("ipBlock except " + e + " is not inside cidr " + cidr);
            }
        }
    }

    /**
     * Returns a block without exceptions.
     *
     * @param cidr the block
     * @return the ipBlock
     */
    public static NetpolIpBlock of(String cidr) {
        return new NetpolIpBlock(NetpolCidr.parse(cidr), List.of());
    }

    @Override
    public String toString() {
        return except.isEmpty() ? cidr.toString() : cidr + " except " + except;
    }
}
