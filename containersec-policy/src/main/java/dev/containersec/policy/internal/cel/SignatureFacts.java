package dev.containersec.policy.internal.cel;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a signature facts map has the shape {@code SignaturePolicy} inputs promise: {@code image},
 * {@code digest} (strings), {@code signed} (boolean), {@code signatures} and {@code attestations} (lists of maps
 * with their own keys). Strings may be null; booleans and lists may not; no other keys are allowed, so that a
 * renamed fact fails at once instead of making policies silently read {@code null}.
 */
public final class SignatureFacts {

    private static final Set<String> TOP = Set.of("image", "digest", "signed", "signatures", "attestations");
    private static final Set<String> SIGNATURE = Set.of("keyId", "algorithm", "dockerReference", "verified", "reason");
    private static final Set<String> ATTESTATION = Set.of("predicateType", "keyId", "verified", "reason");

    private SignatureFacts() {
    }

    /**
     * Checks a facts map.
     *
     * @param facts the map
     * @throws IllegalArgumentException naming the first key that is missing, unknown or of the wrong type
     */
    public static void check(Map<String, ?> facts) {
        keys(facts, TOP, "facts");
        string(facts, "image", "facts");
        string(facts, "digest", "facts");
        bool(facts, "signed", "facts");
        entries(facts, "signatures", SIGNATURE);
        entries(facts, "attestations", ATTESTATION);
    }

    private static void entries(Map<String, ?> facts, String key, Set<String> fields) {
        if (!(facts.get(key) instanceof List<?> list)) {
            throw new IllegalArgumentException("facts." + key + " must be a list");
        }
        for (int i = 0; i < list.size(); i++) {
            String at = "facts." + key + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(at + " must be a map");
            }
            keys(m, fields, at);
            for (String f : fields) {
                if (f.equals("verified")) {
                    bool(m, f, at);
                } else {
                    string(m, f, at);
                }
            }
        }
    }

    private static void keys(Map<?, ?> m, Set<String> expected, String at) {
        for (String k : expected) {
            if (!m.containsKey(k)) {
                throw new IllegalArgumentException(at + " has no '" + k + "'; expected keys " + expected);
            }
        }
        for (Object k : m.keySet()) {
            if (!expected.contains(k)) {
                throw new IllegalArgumentException(at + " has an unknown key '" + k + "'; expected keys " + expected);
            }
        }
    }

    private static void string(Map<?, ?> m, String key, String at) {
        Object v = m.get(key);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException(at + "." + key + " must be a string or null");
        }
    }

    private static void bool(Map<?, ?> m, String key, String at) {
        if (!(m.get(key) instanceof Boolean)) {
            throw new IllegalArgumentException(at + "." + key + " must be a boolean");
        }
    }
}
