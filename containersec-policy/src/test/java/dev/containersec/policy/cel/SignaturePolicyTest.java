package dev.containersec.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.policy.CelInput;
import dev.containersec.policy.CelPolicy;
import dev.containersec.policy.CelPolicyKind;
import dev.containersec.policy.PolicyResult;
import dev.containersec.policy.PolicyViolation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SignaturePolicy over hand-built signature facts maps, in the shape the signature verifier reports. */
class SignaturePolicyTest {

    static final String TRUSTED_KEYS = """
            apiVersion: policy.containersec.dev/v1alpha1
            kind: SignaturePolicy
            metadata: {name: trusted-signers}
            spec:
              paramKind: {apiVersion: policy.containersec.dev/v1alpha1, kind: TrustedKeys}
              variables:
                - name: trusted
                  expression: "object.signatures.filter(s, s.verified && s.keyId in params.keyIds)"
              validations:
                - expression: "object.signed && size(variables.trusted) > 0"
                  messageExpression: >-
                    'image ' + object.image + ' is not signed by a trusted key (' + params.keyIds.join(', ') + ')'
                    + (object.signatures.exists(s, !s.verified)
                       ? ': ' + object.signatures.filter(s, !s.verified).map(s, s.reason).join('; ') : '')
                - expression: "object.attestations.exists(a, a.verified && a.predicateType == 'https://slsa.dev/provenance/v1')"
                  message: "no verified SLSA provenance attestation"
            """;

    private static Map<String, Object> signature(String keyId, boolean verified, String reason) {
        Map<String, Object> s = new HashMap<>();
        s.put("keyId", keyId);
        s.put("algorithm", "ecdsa-p256-sha256");
        s.put("dockerReference", "registry.example/app");
        s.put("verified", verified);
        s.put("reason", reason);
        return s;
    }

    private static Map<String, Object> facts(List<Map<String, Object>> signatures, boolean provenance) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("image", "registry.example/app:1.0");
        f.put("digest", "sha256:" + "ab".repeat(32));
        f.put("signed", signatures.stream().anyMatch(s -> Boolean.TRUE.equals(s.get("verified"))));
        f.put("signatures", signatures);
        Map<String, Object> attestation = new HashMap<>();
        attestation.put("predicateType", "https://slsa.dev/provenance/v1");
        attestation.put("keyId", "ci-key");
        attestation.put("verified", provenance);
        attestation.put("reason", provenance ? null : "signature does not verify");
        f.put("attestations", List.of(attestation));
        return f;
    }

    private static CelPolicy policy() {
        CelPolicy p = Engines.DEFAULT.parse(TRUSTED_KEYS, "sig.yaml").get(0);
        CelInput params = CelInput.of(CelPolicyKind.SIGNATURE_POLICY, "params", "TrustedKeys", "keys",
                Map.of("keyIds", List.of("ci-key", "release-key")));
        return p.withParams(params);
    }

    private static PolicyResult check(Map<String, Object> facts) {
        return policy().evaluate(CelInput.ofSignatures("registry.example/app:1.0", facts));
    }

    @Test
    void signedByATrustedKey_withProvenance_isAllowed() {
        PolicyResult r = check(facts(List.of(signature("release-key", true, null)), true));
        assertThat(r.kind()).isEqualTo("ImageSignatures");
        assertThat(r.name()).isEqualTo("registry.example/app:1.0");
        assertThat(r.violations()).isEmpty();
        assertThat(r.allowed()).isTrue();
    }

    @Test
    void signedOnlyByAnUntrustedKey_isDenied() {
        PolicyResult r = check(facts(List.of(signature("someone-else", true, null)), true));
        assertThat(r.allowed()).isFalse();
        assertThat(r.violations()).extracting(PolicyViolation::message).containsExactly(
                "image registry.example/app:1.0 is not signed by a trusted key (ci-key, release-key)");
    }

    @Test
    void trustedKeyWhoseSignatureDoesNotVerify_isDenied_withTheReason() {
        PolicyResult r = check(facts(List.of(signature("ci-key", false, "digest mismatch")), true));
        assertThat(r.violations()).extracting(PolicyViolation::message).containsExactly(
                "image registry.example/app:1.0 is not signed by a trusted key (ci-key, release-key): digest mismatch");
    }

    @Test
    void unsigned_andUnverifiedProvenance_giveBothViolations() {
        PolicyResult r = check(facts(new ArrayList<>(), false));
        assertThat(r.violations()).hasSize(2);
        assertThat(r.violations().get(1).message()).isEqualTo("no verified SLSA provenance attestation");
    }

    @Test
    void policyOfAnotherKind_doesNotApplyToSignatureInputs() {
        CelPolicy image = Engines.DEFAULT.parse(ContainersecPolicyKindsTest.IMAGE_POLICY, "image.yaml").get(0);
        CelInput in = CelInput.ofSignatures("i", facts(List.of(), true));
        assertThat(image.matches(in)).isFalse();
        assertThat(policy().matches(in)).isTrue();
    }

    @Test
    void factsOfAnotherShape_areRejectedNamingTheKey() {
        Map<String, Object> missing = facts(List.of(), true);
        missing.remove("digest");
        assertThatThrownBy(() -> CelInput.ofSignatures("i", missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'digest'");
        Map<String, Object> badBool = facts(List.of(signature("k", true, null)), true);
        ((List<Map<String, Object>>) badBool.get("signatures")).get(0).put("verified", "yes");
        assertThatThrownBy(() -> CelInput.ofSignatures("i", badBool)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("facts.signatures[0].verified");
        Map<String, Object> extra = facts(List.of(), true);
        extra.put("issuer", "x");
        assertThatThrownBy(() -> CelInput.ofSignatures("i", extra)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key 'issuer'");
    }
}
