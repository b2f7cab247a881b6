package dev.containersec.sbom;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of an ignore file: suppresses the findings of an advisory (by id or alias), optionally only
 * for one package and one path, until an optional expiry date.
 *
 * @param id the advisory id or alias, e.g. {@code CVE-2021-44228}
 * @param pkg a package URL (matched as {@link VexStatement#products()} are) or a package name (matched
 *     against the package's name and the name looked up in the advisory ecosystem), when given
 * @param path a location path of the package, e.g. {@code /app/lib/x.jar}, when given
 * @param reason why it is ignored (may be empty)
 * @param expires the last day the entry applies, when given
 */
public record IgnoreRule(String id, Optional<String> pkg, Optional<String> path, String reason,
                         Optional<LocalDate> expires) {

    /** Checks for nulls and an empty id. */
    public IgnoreRule {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("an ignore rule needs a non-empty id");
        }
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expires, "expires");
    }

    /**
     * Tells whether the entry has expired.
     *
     * @param today the current date
     * @return true when {@code expires} is before {@code today}
     */
    public boolean isExpired(LocalDate today) {
        return expires.map(e -> e.isBefore(today)).orElse(false);
    }
}
