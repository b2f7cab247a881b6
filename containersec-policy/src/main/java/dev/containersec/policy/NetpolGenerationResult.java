package dev.containersec.policy;

import java.util.List;
import java.util.Objects;

/**
 * Generated NetworkPolicies and the proof that they allow exactly the observed flows plus DNS.
 *
 * <p>The proof analyses the cluster with only the generated policies (parsed back from their YAML) and compares,
 * port by port, every allowed connection that has a workload of a generated namespace at one end with the
 * expected set: the flows, plus UDP and TCP port 53 from each workload of those namespaces to each DNS
 * workload ({@code k8s-app=kube-dns} in {@code kube-system}) outside them.
 *
 * @param policies the generated policies, ordered by namespace and name
 * @param proof the analysis of the generated policies
 * @param missing expected connections the generated policies do not allow (empty when verified)
 * @param unexpected allowed connections that were not expected (empty when verified)
 */
public record NetpolGenerationResult(List<NetpolGeneratedPolicy> policies, NetworkPolicyAnalysis proof,
                                     List<String> missing, List<String> unexpected) {

    /** Checks for nulls and copies the lists. */
    public NetpolGenerationResult {
        policies = List.copyOf(policies);
        Objects.requireNonNull(proof, "proof");
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
    }

    /**
     * Tells whether the allowed set equals the expected set.
     *
     * @return true if nothing is missing or unexpected
     */
    public boolean verified() {
        return missing.isEmpty() && unexpected.isEmpty();
    }

    /**
     * Returns all policies as one multi-document YAML text.
     *
     * @return the documents separated by {@code ---}
     */
    public String yaml() {
        StringBuilder sb = new StringBuilder();
        for (NetpolGeneratedPolicy p : policies) {
            String y = p.yaml();
            if (!y.startsWith("---")) {
                sb.append("---\n");
            }
            sb.append(y);
            if (!y.endsWith("\n")) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
