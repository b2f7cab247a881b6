package dev.containersec.signature;

import dev.containersec.api.Digest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link ImageVerifier#verify(String)} found: every signature and attestation stored for the image,
 * each verified or rejected with a reason. A result is a value, not a verdict: {@link #signed()} says
 * whether at least one signature verified under a given key.
 *
 * @param image the image location as given
 * @param digest the image manifest digest the signatures must name
 * @param signatures the signatures found, in storage order
 * @param attestations the attestations found (empty unless asked for)
 */
public record VerificationResult(String image, Digest digest, List<SignatureCheck> signatures,
        List<AttestationCheck> attestations) {

    /** Copies the lists. */
    public VerificationResult {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(digest, "digest");
        signatures = List.copyOf(signatures);
        attestations = List.copyOf(attestations);
    }

    /**
     * Tells whether at least one signature verified under a given key.
     *
     * @return true when signed
     */
    public boolean signed() {
        return signatures.stream().anyMatch(SignatureCheck::verified);
    }

    /**
     * Returns the result as plain JDK values, for policy input (CEL):
     * {@code {image, digest, signed, signatures: [{keyId, algorithm, dockerReference, verified, reason}],
     * attestations: [{predicateType, keyId, verified, reason}]}}.
     *
     * @return an unmodifiable map of strings, booleans, lists and maps
     */
    public Map<String, Object> toFacts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", image);
        m.put("digest", digest.toString());
        m.put("signed", signed());
        m.put("signatures", signatures.stream().map(SignatureCheck::toFacts).toList());
        m.put("attestations", attestations.stream().map(AttestationCheck::toFacts).toList());
        return Collections.unmodifiableMap(m);
    }
}
