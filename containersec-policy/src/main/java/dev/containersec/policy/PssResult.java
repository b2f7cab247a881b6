package dev.containersec.policy;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of evaluating one pod (a Pod, or a workload's pod template) at one level and version.
 *
 * @param document where the pod came from
 * @param level the level evaluated
 * @param version the version evaluated, as requested
 * @param checks every check that applied, allowed or not, in PSA's order (baseline checks, then restricted,
 *     each by check ID)
 */
public record PssResult(PssDocument document, PssLevel level, PssVersion version, List<PssCheckResult> checks) {

    /**
     * Validates the fields and copies the list.
     *
     * @throws NullPointerException if a field is null
     */
    public PssResult {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(version, "version");
        checks = List.copyOf(checks);
    }

    /**
     * Tells whether every check allowed the pod.
     *
     * @return true when the pod meets the level
     */
    public boolean allowed() {
        for (PssCheckResult check : checks) {
            if (!check.allowed()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the checks that failed.
     *
     * @return the failed checks, in order
     */
    public List<PssCheckResult> failures() {
        return checks.stream().filter(c -> !c.allowed()).collect(Collectors.toUnmodifiableList());
    }

    /**
     * Returns every offending field of every failed check.
     *
     * @return the violations, in check order
     */
    public List<PssViolation> violations() {
        return checks.stream().flatMap(c -> c.violations().stream()).collect(Collectors.toUnmodifiableList());
    }

    /**
     * Returns the message Pod Security Admission gives for this pod, e.g. {@code violates PodSecurity
     * "restricted:latest": allowPrivilegeEscalation != false (container "app" must set
     * securityContext.allowPrivilegeEscalation=false)}; empty when allowed.
     *
     * @return the message
     */
    public String admissionMessage() {
        if (allowed()) {
            return "";
        }
        return "violates PodSecurity \"" + level.label() + ":" + version + "\": "
                + failures().stream().map(PssCheckResult::message).collect(Collectors.joining(", "));
    }
}
