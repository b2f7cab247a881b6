package dev.containersec.policy.internal.signature;

import dev.containersec.policy.PolicyMode;
import dev.containersec.policy.PolicyPackFinding;
import dev.containersec.policy.PolicyPackRule;
import dev.containersec.policy.PolicySeverity;
import dev.containersec.policy.PolicyViolation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code image-signature} pack: an image must carry a signature that verifies under one of the trusted
 * keys. It reads the signature facts ({@code signed}, {@code signatures[].reason}) the signature module
 * computes; with no keys to trust, nothing verifies and the rule fails, closed.
 */
public final class ImageSignatureRules {

    /** No signature of the image verifies under a trusted key. */
    public static final PolicyPackRule SIGNED = new PolicyPackRule("image-signature-missing",
            List.of("CIS-DI-0005", "CIS-4.5", "cosign-verify"), PolicySeverity.HIGH, false,
            "The image has a signature (cosign convention, sha256-<digest>.sig) that verifies under one of the "
                    + "trusted public keys and names the image's own digest.",
            "Sign the image (containersec sign IMAGE --key KEY.pem, or cosign sign --key) and pass the public key "
                    + "with --signature-key.");

    /** Every rule. */
    public static final List<PolicyPackRule> RULES = List.of(SIGNED);

    private ImageSignatureRules() {
    }

    /**
     * Judges one image's signature facts.
     *
     * @param facts the facts, shape-checked already
     * @param image the image as given, the waiver scope {@code image}
     * @param mode the pack's mode
     * @return one violation when the image is not signed by a trusted key, else none
     */
    public static List<PolicyPackFinding> check(Map<String, ?> facts, String image, PolicyMode mode) {
        if (Boolean.TRUE.equals(facts.get("signed"))) {
            return List.of();
        }
        List<?> signatures = facts.get("signatures") instanceof List<?> l ? l : List.of();
        String why = signatures.isEmpty() ? "no signature was found or no key was given"
                : signatures.size() + " signature(s) found, none verified: " + firstReason(signatures);
        Object digest = facts.get("digest");
        String message = "image " + image + (digest == null ? "" : " (" + digest + ")")
                + " is not signed by a trusted key: " + why;
        return List.of(PolicyPackFinding.of(new PolicyViolation(SIGNED.id(), "", message, SIGNED.severity(),
                        SIGNED.modeIn(mode)), SIGNED.aliases(), Optional.empty(), Optional.of(image),
                digest == null ? Optional.empty() : Optional.of(digest.toString())));
    }

    private static String firstReason(List<?> signatures) {
        for (Object s : signatures) {
            if (s instanceof Map<?, ?> m && m.get("reason") != null) {
                return String.valueOf(m.get("reason"));
            }
        }
        return "no reason given";
    }
}
