package dev.containersec.policy;

import java.util.Optional;

/**
 * The kinds of CEL policy document {@link CelPolicyEngine} reads, and so the kinds of input each evaluates.
 * All share ValidatingAdmissionPolicy's {@code spec} shape ({@code matchConstraints}, {@code matchConditions},
 * {@code variables}, {@code validations}, {@code auditAnnotations}, {@code failurePolicy}); the containersec
 * kinds bind {@code object} to a map form of their input (see {@link CelInput}).
 */
public enum CelPolicyKind {
    /** {@code admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy}: Kubernetes manifests. */
    VALIDATING_ADMISSION_POLICY("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy"),
    /** {@code policy.containersec.dev/v1alpha1 ImagePolicy}: image configurations. */
    IMAGE_POLICY(CelPolicyKind.CONTAINERSEC_API_VERSION, "ImagePolicy"),
    /** {@code policy.containersec.dev/v1alpha1 SbomPolicy}: SBOMs. */
    SBOM_POLICY(CelPolicyKind.CONTAINERSEC_API_VERSION, "SbomPolicy"),
    /** {@code policy.containersec.dev/v1alpha1 FindingsPolicy}: vulnerability findings of one subject. */
    FINDINGS_POLICY(CelPolicyKind.CONTAINERSEC_API_VERSION, "FindingsPolicy"),
    /** {@code policy.containersec.dev/v1alpha1 NetworkPolicyCheck}: one workload's network facts. */
    NETWORK_POLICY_CHECK(CelPolicyKind.CONTAINERSEC_API_VERSION, "NetworkPolicyCheck"),
    /** {@code policy.containersec.dev/v1alpha1 SignaturePolicy}: one image's signature and attestation facts. */
    SIGNATURE_POLICY(CelPolicyKind.CONTAINERSEC_API_VERSION, "SignaturePolicy");

    /** The {@code apiVersion} of containersec's own policy kinds. */
    public static final String CONTAINERSEC_API_VERSION = "policy.containersec.dev/v1alpha1";

    private final String apiVersion;
    private final String kind;

    CelPolicyKind(String apiVersion, String kind) {
        this.apiVersion = apiVersion;
        this.kind = kind;
    }

    /**
     * Returns the documents' {@code apiVersion}.
     *
     * @return e.g. {@code admissionregistration.k8s.io/v1}
     */
    public String apiVersion() {
        return apiVersion;
    }

    /**
     * Returns the documents' {@code kind}.
     *
     * @return e.g. {@code ValidatingAdmissionPolicy}
     */
    public String kind() {
        return kind;
    }

    /**
     * Finds the policy kind a document declares.
     *
     * @param apiVersion the document's {@code apiVersion}
     * @param kind the document's {@code kind}
     * @return the policy kind, or empty when the pair is not a CEL policy
     */
    public static Optional<CelPolicyKind> of(String apiVersion, String kind) {
        for (CelPolicyKind k : values()) {
            if (k.kind.equals(kind) && (k.apiVersion.equals(apiVersion)
                    || k == VALIDATING_ADMISSION_POLICY && "admissionregistration.k8s.io/v1beta1".equals(apiVersion))) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
