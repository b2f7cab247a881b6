package dev.containersec.sbom;

import java.util.Objects;

/**
 * Whether one package version is affected by an {@link OsvAffected} entry. Three outcomes, so that a
 * version that cannot be judged is never silently reported as safe:
 *
 * <pre>{@code
 * RangeMatch match = affected.evaluate("2.14.1");
 * if (match instanceof RangeMatch.Affected a) {
 *     report(a.evidence());
 * } else if (match instanceof RangeMatch.NotEvaluable u) {
 *     warn(u.reason());
 * }
 * }</pre>
 */
public sealed interface RangeMatch permits RangeMatch.Affected, RangeMatch.NotAffected, RangeMatch.NotEvaluable {

    /**
     * Tells whether the version is affected.
     *
     * @return true only for {@link Affected}
     */
    default boolean isAffected() {
        return this instanceof Affected;
    }

    /**
     * The version is affected.
     *
     * @param evidence which range or list entry matched, e.g. {@code ECOSYSTEM[introduced 0, fixed 2.15.0]}
     */
    record Affected(String evidence) implements RangeMatch {
        /** Validates the evidence. */
        public Affected {
            Objects.requireNonNull(evidence, "evidence");
        }
    }

    /** The version is in none of the ranges and not in the versions list. */
    record NotAffected() implements RangeMatch {
    }

    /**
     * The entry cannot be judged for this version: only {@code GIT} ranges, an unknown ecosystem, or a
     * version (the package's or an event's) that is invalid in the scheme.
     *
     * @param reason why, in one line
     */
    record NotEvaluable(String reason) implements RangeMatch {
        /** Validates the reason. */
        public NotEvaluable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
