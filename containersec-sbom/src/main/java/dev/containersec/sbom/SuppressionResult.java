package dev.containersec.sbom;

import java.util.List;
import java.util.Objects;

/**
 * A {@link VulnerabilityReport} after {@link Suppressions} were applied.
 *
 * @param report the report with the remaining findings only (counts unchanged)
 * @param suppressed the findings removed, in report order, each with its reason
 * @param expiredIgnores ignore rules that no longer apply because their date passed
 */
public record SuppressionResult(VulnerabilityReport report, List<SuppressedFinding> suppressed,
                                List<IgnoreRule> expiredIgnores) {

    /** Copies the lists and checks for nulls. */
    public SuppressionResult {
        Objects.requireNonNull(report, "report");
        suppressed = List.copyOf(suppressed);
        expiredIgnores = List.copyOf(expiredIgnores);
    }
}
