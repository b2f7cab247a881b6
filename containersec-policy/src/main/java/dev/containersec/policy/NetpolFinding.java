package dev.containersec.policy;

import java.util.Objects;

/**
 * A weakness or mistake found by the analysis.
 *
 * @param kind what was found
 * @param subject the workload ({@code namespace/name}), policy ({@code namespace/name}) or peer
 *     ({@code namespace/policy ingress[0].from[1]}) concerned
 * @param message one line for people
 */
public record NetpolFinding(Kind kind, String subject, String message) {

    /** Checks for nulls. */
    public NetpolFinding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
    }

    /** The kinds of finding. */
    public enum Kind {
        /** No policy selects the workload for Ingress: every source may reach it on every port. */
        INGRESS_NOT_ISOLATED,
        /** No policy selects the workload for Egress: it may reach every destination on every port. */
        EGRESS_NOT_ISOLATED,
        /**
         * The workload may reach every public IPv4 address on every TCP port: egress is not isolated, or a
         * rule allows all ports to all destinations or to an ipBlock covering the internet (0.0.0.0/0 with at
         * most private ranges excepted).
         */
        UNRESTRICTED_INTERNET_EGRESS,
        /**
         * The workload is isolated for ingress, but a rule admits every pod of every namespace (a rule without
         * {@code from}, or a peer with {@code namespaceSelector: {}} and no or an empty {@code podSelector}),
         * including namespaces created later.
         */
        EXPOSED_TO_ALL_NAMESPACES,
        /** The workload is isolated for egress and no egress rule allows port 53 over UDP or TCP. */
        DNS_EGRESS_BLOCKED,
        /** The policy's podSelector matches no workload in its namespace. */
        POLICY_SELECTS_NOTHING,
        /** A peer's selectors match no workload (ipBlock peers are not checked). */
        PEER_MATCHES_NOTHING
    }

    @Override
    public String toString() {
        return kind + " " + subject + ": " + message;
    }
}
