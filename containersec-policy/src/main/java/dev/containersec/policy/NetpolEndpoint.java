package dev.containersec.policy;

import java.util.List;
import java.util.Objects;

/**
 * One end of a connection: a workload, or a range of external addresses.
 *
 * <p>External ranges are the smallest pieces into which all {@code ipBlock} CIDRs and exceptions of the
 * analysed policies cut the IPv4 and IPv6 spaces, so every address of one range is treated alike by every
 * policy. A range that is one CIDR is named by it ({@code 10.0.0.0/8}); otherwise by its first and last
 * address ({@code 0.0.0.0-9.255.255.255}).
 *
 * @param kind workload or external range
 * @param name {@code namespace/name} of a workload, or the range text
 * @param cidrs for an external range, the CIDRs that together cover exactly the range; empty for a workload
 */
public record NetpolEndpoint(Kind kind, String name, List<NetpolCidr> cidrs) {

    /** Checks for nulls and copies the list. */
    public NetpolEndpoint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        cidrs = List.copyOf(Objects.requireNonNull(cidrs, "cidrs"));
    }

    /**
     * Returns a workload endpoint.
     *
     * @param id {@code namespace/name}
     * @return the endpoint
     */
    public static NetpolEndpoint workload(String id) {
        return new NetpolEndpoint(Kind.WORKLOAD, id, List.of());
    }

    /**
     * Tells whether this is a workload.
     *
     * @return true for a workload, false for an external range
     */
    public boolean isWorkload() {
        return kind == Kind.WORKLOAD;
    }

    @Override
    public String toString() {
        return name;
    }

    /** What an endpoint is. */
    public enum Kind {
        /** A workload in the cluster. */
        WORKLOAD,
        /** A range of addresses outside the cluster. */
        EXTERNAL
    }
}
