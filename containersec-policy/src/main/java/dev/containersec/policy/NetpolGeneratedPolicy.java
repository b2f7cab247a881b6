package dev.containersec.policy;

import java.util.Objects;

/**
 * A NetworkPolicy produced by {@link NetworkPolicyGenerator}, as a value and as YAML text.
 *
 * @param policy the policy
 * @param yaml the policy as a {@code networking.k8s.io/v1} manifest, one YAML document
 */
public record NetpolGeneratedPolicy(NetpolPolicy policy, String yaml) {

    /** Checks for nulls. */
    public NetpolGeneratedPolicy {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(yaml, "yaml");
    }

    /**
     * Returns a file name for the manifest.
     *
     * @return {@code namespace_name.yaml}
     */
    public String fileName() {
        return policy.namespace() + "_" + policy.name() + ".yaml";
    }
}
