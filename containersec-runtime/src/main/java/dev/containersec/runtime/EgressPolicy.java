package dev.containersec.runtime;

import dev.containersec.api.NetworkProtocol;
import java.net.InetAddress;

/**
 * Decides whether a workload may connect to a destination; {@link EgressMonitor} raises an alert for
 * connections a policy does not allow. Implementations: {@link EgressAllowlist}, or a bridge to Kubernetes
 * NetworkPolicies (the CLI's {@code --netpol}). Implementations must be thread-safe.
 */
public interface EgressPolicy {

    /**
     * Tells whether the connection is allowed.
     *
     * @param workload the workload name the caller gave the monitor (e.g. {@code shop/checkout})
     * @param destination the remote address
     * @param port the remote port
     * @param protocol the protocol
     * @return true if allowed
     */
    boolean allows(String workload, InetAddress destination, int port, NetworkProtocol protocol);

    /**
     * Returns a short description, put in alerts (e.g. {@code allowlist 10.0.0.0/8:443}).
     *
     * @return the description
     */
    String description();
}
