package dev.containersec.policy;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one Pod Security Standards check on one pod, as Pod Security Admission reports it.
 *
 * @param checkId the PSA check ID, e.g. {@code hostNamespaces}
 * @param level the level that defines the check ({@link PssLevel#BASELINE} or {@link PssLevel#RESTRICTED})
 * @param allowed whether the pod passes the check
 * @param forbiddenReason PSA's {@code ForbiddenReason}; empty when allowed
 * @param forbiddenDetail PSA's {@code ForbiddenDetail} covering every offending field; empty when allowed
 * @param violations the offending fields, one per field; empty exactly when allowed
 */
public record PssCheckResult(String checkId, PssLevel level, boolean allowed, String forbiddenReason,
                             String forbiddenDetail, List<PssViolation> violations) {

    /**
     * Validates the fields and copies the list.
     *
     * @throws NullPointerException if a field is null
     * @throws IllegalArgumentException if {@code allowed} disagrees with the violations or the reason
     */
    public PssCheckResult {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(forbiddenReason, "forbiddenReason");
        Objects.requireNonNull(forbiddenDetail, "forbiddenDetail");
        violations = List.copyOf(violations);
        if (allowed != violations.isEmpty() || allowed != forbiddenReason.isEmpty()) {
            throw new IllegalArgumentException("check " + checkId
                    + ": allowed must hold exactly when there are no violations and no reason");
        }
    }

    /**
     * Returns a passing result.
     *
     * @param checkId the check ID
     * @param level the level defining the check
     * @return an allowed result
     */
    public static PssCheckResult pass(String checkId, PssLevel level) {
        return new PssCheckResult(checkId, level, true, "", "", List.of());
    }

    /**
     * Returns {@code forbiddenReason (forbiddenDetail)} as PSA prints a failure; empty when allowed.
     *
     * @return the message
     */
    public String message() {
        if (allowed) {
            return "";
        }
        return forbiddenDetail.isEmpty() ? forbiddenReason : forbiddenReason + " (" + forbiddenDetail + ")";
    }
}
