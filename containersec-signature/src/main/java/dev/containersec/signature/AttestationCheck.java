package dev.containersec.signature;

import dev.containersec.api.Digest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One attestation found for an image (one DSSE envelope layer of its {@code sha256-<hex>.att} manifest)
 * and what checking it gave.
 *
 * @param layer the digest of the envelope layer
 * @param predicateType the predicate type (from the verified statement, else the layer annotation; may be empty)
 * @param keyId the id of the given key that verified the envelope; empty when none did
 * @param verified true when a given key verified the envelope and the statement's subject is this image
 * @param reason empty when verified, otherwise why it was rejected
 * @param predicateJson the statement's predicate as JSON text, present only when verified
 */
public record AttestationCheck(Digest layer, String predicateType, Optional<String> keyId, boolean verified,
        String reason, Optional<String> predicateJson) {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when a verified check has a reason or a rejected one lacks it
     */
    public AttestationCheck {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(predicateType, "predicateType");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(predicateJson, "predicateJson");
        if (verified == !reason.isEmpty()) {
            throw new IllegalArgumentException("a verified attestation has no reason; a rejected one must have one");
        }
    }

    /**
     * Returns the check as plain values: {@code predicateType}, {@code keyId} (empty when absent),
     * {@code verified} and {@code reason}. The predicate itself is not included.
     *
     * @return a map of JDK values
     */
    public Map<String, Object> toFacts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("predicateType", predicateType);
        m.put("keyId", keyId.orElse(""));
        m.put("verified", verified);
        m.put("reason", reason);
        return Collections.unmodifiableMap(m);
    }
}
