package dev.containersec.signature;

import dev.containersec.api.Digest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One signature found for an image (one layer of its {@code sha256-<hex>.sig} manifest) and what checking
 * it gave. A rejected signature says why in {@link #reason()}.
 *
 * @param layer the digest of the signature layer (the payload blob)
 * @param keyId the id of the given key that verified it; empty when none did
 * @param algorithm the algorithm of that key; empty when none verified it
 * @param dockerReference the signed {@code docker-reference} claim; empty when it was not read
 * @param verified true when a given key verified the signature and the payload names this image
 * @param reason empty when verified, otherwise why it was rejected
 */
public record SignatureCheck(Digest layer, Optional<String> keyId, Optional<SignatureAlgorithm> algorithm,
        Optional<String> dockerReference, boolean verified, String reason) {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when a verified check has a reason or a rejected one lacks it
     */
    public SignatureCheck {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(dockerReference, "dockerReference");
        Objects.requireNonNull(reason, "reason");
        if (verified == !reason.isEmpty()) {
            throw new IllegalArgumentException("a verified signature has no reason; a rejected one must have one");
        }
    }

    /**
     * Returns the check as plain values: {@code keyId}, {@code algorithm}, {@code dockerReference} (empty
     * strings when absent), {@code verified} and {@code reason}.
     *
     * @return an immutable-ordered map of JDK values
     */
    public Map<String, Object> toFacts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keyId", keyId.orElse(""));
        m.put("algorithm", algorithm.map(SignatureAlgorithm::id).orElse(""));
        m.put("dockerReference", dockerReference.orElse(""));
        m.put("verified", verified);
        m.put("reason", reason);
        return java.util.Collections.unmodifiableMap(m);
    }
}
