package dev.containersec.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The verdict on one input (a manifest document, an image, an SBOM, a workload's network facts) under every
 * policy that applied to it, the one shape {@code containersec policy check} prints whatever produced it.
 *
 * <p>JSON ({@link #asDocument(List)}): {@code {"results": [ ... ]}} with one entry per input document:
 * {@code input} (where it came from, {@code <source>#<document index>} for manifests), {@code kind},
 * {@code name}, {@code allowed} (false exactly when some violation has mode {@code deny}), {@code violations}
 * (each {@link PolicyViolation#asMap()}: {@code rule}, {@code path}, {@code message}, {@code severity},
 * {@code mode}) and {@code annotations} (audit annotations, keyed {@code <policy>/<key>}). Fields are only
 * ever added.
 *
 * @param input where the input came from, e.g. {@code deploy.yaml#1} or an image name
 * @param kind the input's kind, e.g. {@code Deployment}, {@code Image}, {@code Sbom}; empty when unknown
 * @param name the input's name ({@code metadata.name} for Kubernetes objects); empty when it has none
 * @param allowed whether no violation denies the input
 * @param violations every violation, in policy then rule order
 * @param annotations audit annotations the policies produced, keyed {@code <policy>/<key>}, sorted
 */
public record PolicyResult(String input, String kind, String name, boolean allowed, List<PolicyViolation> violations,
                           SortedMap<String, String> annotations) {

    /**
     * Validates the fields and copies the collections.
     *
     * @throws NullPointerException if a field is null
     * @throws IllegalArgumentException if {@code allowed} disagrees with the violations' modes
     */
    public PolicyResult {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        violations = List.copyOf(violations);
        annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
        boolean denied = violations.stream().anyMatch(v -> v.mode() == PolicyMode.DENY);
        if (allowed == denied) {
            throw new IllegalArgumentException("allowed must be true exactly when no violation has mode DENY");
        }
    }

    /**
     * Creates a result, deriving {@code allowed} from the violations.
     *
     * @param input where the input came from
     * @param kind its kind
     * @param name its name
     * @param violations the violations
     * @param annotations the audit annotations
     * @return the result
     */
    public static PolicyResult of(String input, String kind, String name, List<PolicyViolation> violations,
                                  Map<String, String> annotations) {
        boolean denied = violations.stream().anyMatch(v -> v.mode() == PolicyMode.DENY);
        return new PolicyResult(input, kind, name, !denied, violations, new TreeMap<>(annotations));
    }

    /**
     * Adapts a Pod Security Standards report: one result per pod-carrying document, one violation per offending
     * field ({@code rule} = the PSA check ID, {@code path} = the field, {@code message} = PSA's
     * {@code reason (detail)}). Baseline checks are {@link PolicySeverity#HIGH}, restricted ones
     * {@link PolicySeverity#MEDIUM}. Documents that carry no pod are not listed.
     *
     * @param report the report
     * @param mode the mode to give every violation ({@link PolicyMode#DENY} for {@code enforce})
     * @return the results, in document order
     */
    public static List<PolicyResult> fromPodSecurity(PodSecurityReport report, PolicyMode mode) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(mode, "mode");
        List<PolicyResult> out = new ArrayList<>();
        for (PssResult r : report.results()) {
            List<PolicyViolation> violations = new ArrayList<>();
            for (PssCheckResult check : r.failures()) {
                PolicySeverity severity = check.level() == PssLevel.BASELINE ? PolicySeverity.HIGH
                        : PolicySeverity.MEDIUM;
                for (PssViolation v : check.violations()) {
                    violations.add(new PolicyViolation(v.checkId(), v.path(), v.message(), severity, mode));
                }
            }
            PssDocument d = r.document();
            out.add(of(d.source() + "#" + d.index(), d.kind(), d.name().orElse(""), violations, Map.of()));
        }
        return List.copyOf(out);
    }

    /**
     * Returns the result as its JSON object.
     *
     * @return an unmodifiable map with the documented fields in order
     */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input);
        m.put("kind", kind);
        m.put("name", name);
        m.put("allowed", allowed);
        m.put("violations", violations.stream().map(PolicyViolation::asMap).toList());
        m.put("annotations", annotations);
        return Collections.unmodifiableMap(m);
    }

    /**
     * Returns the document {@code policy check --format json} prints: {@code {"results": [...]}}.
     *
     * @param results the results
     * @return an unmodifiable map
     */
    public static Map<String, Object> asDocument(List<PolicyResult> results) {
        return Map.of("results", results.stream().map(PolicyResult::asMap).toList());
    }
}
