package dev.containersec.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A Service. NetworkPolicies act on pods, not Services, so Services do not change reachability; they are kept
 * so that callers can name a Service where a workload is expected ({@link NetpolCluster#workloadsBehind}).
 *
 * @param namespace the namespace
 * @param name the name
 * @param selector the pod selector ({@code spec.selector}); empty for a Service without selector
 * @param ports the Service's ports, with the port name, the Service port and the protocol
 */
public record NetpolService(String namespace, String name, Map<String, String> selector,
                            List<NetpolContainerPort> ports) {

    /** Checks for nulls and copies the collections. */
    public NetpolService {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        selector = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(selector, "selector")));
        ports = List.copyOf(Objects.requireNonNull(ports, "ports"));
    }

    /**
     * Returns {@code namespace/name}.
     *
     * @return the identifier
     */
    public String id() {
        return namespace + "/" + name;
    }
}
