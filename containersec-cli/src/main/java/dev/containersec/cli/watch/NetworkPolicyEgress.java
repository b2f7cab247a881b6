package dev.containersec.cli.watch;

import dev.containersec.api.NetworkProtocol;
import dev.containersec.policy.NetpolProtocol;
import dev.containersec.policy.NetworkPolicyAnalysis;
import dev.containersec.runtime.EgressPolicy;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Bridges Kubernetes NetworkPolicies to the runtime's {@link EgressPolicy}: a connection is allowed when
 * {@link NetworkPolicyAnalysis#isAllowed} allows the workload to reach the destination IP. Kept in the CLI
 * so that containersec-runtime does not depend on the large, shaded policy module.
 */
final class NetworkPolicyEgress implements EgressPolicy {
    private final NetworkPolicyAnalysis analysis;
    private final String description;

    NetworkPolicyEgress(NetworkPolicyAnalysis analysis, String description) {
        this.analysis = Objects.requireNonNull(analysis, "analysis");
        this.description = description;
    }

    @Override
    public boolean allows(String workload, InetAddress destination, int port, NetworkProtocol protocol) {
        NetpolProtocol p = switch (protocol) {
            case TCP -> NetpolProtocol.TCP;
            case UDP -> NetpolProtocol.UDP;
            default -> null;
        };
        if (p == null || port < 1 || port > 65535) {
            return true; // NetworkPolicies cover TCP, UDP and SCTP ports only
        }
        return analysis.isAllowed(workload, destination.getHostAddress(), port, p);
    }

    @Override
    public String description() {
        return description;
    }
}
