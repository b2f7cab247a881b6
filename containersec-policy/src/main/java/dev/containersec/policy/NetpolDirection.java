package dev.containersec.policy;

/** The two directions a NetworkPolicy can isolate, as named in {@code spec.policyTypes}. */
public enum NetpolDirection {
    /** Traffic into the selected pods ({@code policyTypes: [Ingress]}). */
    INGRESS,
    /** Traffic out of the selected pods ({@code policyTypes: [Egress]}). */
    EGRESS;

    /**
     * Returns the name Kubernetes uses in {@code policyTypes}.
     *
     * @return {@code Ingress} or {@code Egress}
     */
    public String kubernetesName() {
        return this == INGRESS ? "Ingress" : "Egress";
    }
}
