package dev.containersec.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The verdict on one input document (or image) under every pack and policy {@link PolicyPackCheck} ran,
 * with waivers applied. {@link #toPolicyResult()} gives the generic {@link PolicyResult} (waived violations
 * left out, so they never deny); {@link #asMap()} the JSON entry {@code policy check} prints.
 *
 * @param input the file path or image as given
 * @param document the 0-based document index in the file (0 for an image)
 * @param line the 1-based line where the document starts (1 for an image)
 * @param kind the input's kind, e.g. {@code Deployment} or {@code Image}; empty when unknown
 * @param name the input's name; empty when it has none
 * @param namespace {@code metadata.namespace}, when set
 * @param findings every violation, waived or not, in pack then rule order
 * @param annotations audit annotations CEL policies produced, keyed {@code <policy>/<key>}
 */
public record PolicyPackResult(String input, int document, int line, String kind, String name,
                               Optional<String> namespace, List<PolicyPackFinding> findings,
                               SortedMap<String, String> annotations) {

    /**
     * Validates the fields and copies the collections.
     *
     * @throws NullPointerException if a field is null
     * @throws IllegalArgumentException if document is negative or line not positive
     */
    public PolicyPackResult {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        findings = List.copyOf(findings);
        annotations = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
        if (document < 0 || line < 1) {
            throw new IllegalArgumentException("document must be >= 0 and line >= 1, were " + document + ", " + line);
        }
    }

    /**
     * Tells whether no unwaived violation denies the input.
     *
     * @return true when allowed
     */
    public boolean allowed() {
        return findings.stream().noneMatch(f -> !f.waived() && f.violation().mode() == PolicyMode.DENY);
    }

    /**
     * Returns the generic result: the unwaived violations only.
     *
     * @return the result, {@code input} being the file or image as given
     */
    public PolicyResult toPolicyResult() {
        List<PolicyViolation> violations = new ArrayList<>();
        for (PolicyPackFinding f : findings) {
            if (!f.waived()) {
                violations.add(f.violation());
            }
        }
        return PolicyResult.of(input, kind, name, violations, annotations);
    }

    /**
     * Returns a copy with other findings.
     *
     * @param newFindings the findings
     * @return the copy
     */
    public PolicyPackResult withFindings(List<PolicyPackFinding> newFindings) {
        return new PolicyPackResult(input, document, line, kind, name, namespace, newFindings, annotations);
    }

    /**
     * Returns the JSON entry: {@link PolicyResult#asMap()} ({@code input}, {@code kind}, {@code name},
     * {@code allowed}, {@code violations}, {@code annotations}) where {@code violations} lists every finding
     * ({@link PolicyPackFinding#asMap()}, waived ones with {@code waived: true}), plus {@code document},
     * {@code line} and {@code namespace} ({@code null} when unset).
     *
     * @return an unmodifiable map
     */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>(toPolicyResult().asMap());
        m.put("violations", findings.stream().map(PolicyPackFinding::asMap).toList());
        m.put("document", document);
        m.put("line", line);
        m.put("namespace", namespace.orElse(null));
        return java.util.Collections.unmodifiableMap(m);
    }
}
