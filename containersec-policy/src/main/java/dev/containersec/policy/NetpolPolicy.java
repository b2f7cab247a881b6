package dev.containersec.policy;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@code networking.k8s.io/v1} NetworkPolicy, with {@code policyTypes} already defaulted.
 *
 * <p>A pod is isolated for a direction only when some policy in its namespace selects it and lists that
 * direction in {@link #policyTypes()}; the rules of a direction not listed are ignored, as in Kubernetes.
 *
 * @param namespace the policy's namespace (it selects pods there only)
 * @param name the policy's name
 * @param podSelector the pods the policy applies to ({@code {}} selects every pod of the namespace)
 * @param policyTypes the directions the policy isolates
 * @param ingress the ingress rules (an empty list allows no ingress)
 * @param egress the egress rules (an empty list allows no egress)
 */
public record NetpolPolicy(String namespace, String name, NetpolSelector podSelector, Set<NetpolDirection> policyTypes,
                           List<NetpolRule> ingress, List<NetpolRule> egress) {

    /** Checks for nulls and copies the collections. */
    public NetpolPolicy {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(podSelector, "podSelector");
        Objects.requireNonNull(policyTypes, "policyTypes");
        policyTypes = policyTypes.isEmpty() ? Set.of()
                : java.util.Collections.unmodifiableSet(EnumSet.copyOf(policyTypes));
        ingress = List.copyOf(Objects.requireNonNull(ingress, "ingress"));
        egress = List.copyOf(Objects.requireNonNull(egress, "egress"));
    }

    /**
     * Builds a policy whose {@code policyTypes} were not written, applying the Kubernetes default: Ingress
     * always, plus Egress when there is at least one egress rule.
     *
     * @param namespace the namespace
     * @param name the name
     * @param podSelector the selected pods
     * @param ingress the ingress rules
     * @param egress the egress rules
     * @return the policy
     */
    public static NetpolPolicy withDefaultPolicyTypes(String namespace, String name, NetpolSelector podSelector,
                                                      List<NetpolRule> ingress, List<NetpolRule> egress) {
        Set<NetpolDirection> types = egress.isEmpty() ? EnumSet.of(NetpolDirection.INGRESS)
                : EnumSet.of(NetpolDirection.INGRESS, NetpolDirection.EGRESS);
        return new NetpolPolicy(namespace, name, podSelector, types, ingress, egress);
    }

    /**
     * Returns {@code namespace/name}.
     *
     * @return the policy's identifier
     */
    public String id() {
        return namespace + "/" + name;
    }

    /**
     * Tells whether the policy isolates a direction.
     *
     * @param direction the direction
     * @return true if {@link #policyTypes()} lists it
     */
    public boolean isolates(NetpolDirection direction) {
        return policyTypes.contains(direction);
    }

    /**
     * Returns the rules of a direction.
     *
     * @param direction the direction
     * @return {@link #ingress()} or {@link #egress()}
     */
    public List<NetpolRule> rules(NetpolDirection direction) {
        return direction == NetpolDirection.INGRESS ? ingress : egress;
    }
}
