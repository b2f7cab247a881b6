package dev.containersec.policy;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of evaluating every pod of a manifest at one level and version.
 *
 * @param source the file or name the manifest was read from
 * @param level the level evaluated
 * @param version the version evaluated
 * @param results one result per pod, in document order
 * @param notApplicable documents that carry no pod and so were not evaluated (not errors)
 */
public record PodSecurityReport(String source, PssLevel level, PssVersion version, List<PssResult> results,
                                List<PssDocument> notApplicable) {

    /**
     * Validates the fields and copies the lists.
     *
     * @throws NullPointerException if a field is null
     */
    public PodSecurityReport {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(version, "version");
        results = List.copyOf(results);
        notApplicable = List.copyOf(notApplicable);
    }

    /**
     * Tells whether every pod meets the level.
     *
     * @return true when no pod failed a check
     */
    public boolean allowed() {
        return results.stream().allMatch(PssResult::allowed);
    }

    /**
     * Returns the results of the pods that failed.
     *
     * @return the failed results, in document order
     */
    public List<PssResult> failures() {
        return results.stream().filter(r -> !r.allowed()).collect(Collectors.toUnmodifiableList());
    }
}
