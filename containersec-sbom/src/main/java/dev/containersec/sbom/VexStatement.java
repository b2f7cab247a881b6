package dev.containersec.sbom;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One statement of a VEX document (OpenVEX statement, or one CycloneDX vulnerability with its analysis).
 *
 * @param ids the vulnerability's ids: its name or id first, then its aliases (never empty)
 * @param products the package URLs the statement is about (never empty); a finding's package matches when
 *     type, namespace and name are equal, the version too when the statement's purl has one, and each
 *     qualifier the statement's purl has
 * @param status the status
 * @param justification the justification label, e.g. {@code vulnerable_code_not_present}, when given
 * @param source where the statement was read, e.g. the file name
 */
public record VexStatement(List<String> ids, List<String> products, VexStatus status, Optional<String> justification,
                           String source) {

    /** Copies the lists and checks for nulls and emptiness. */
    public VexStatement {
        ids = List.copyOf(ids);
        products = List.copyOf(products);
        if (ids.isEmpty() || products.isEmpty()) {
            throw new IllegalArgumentException("a VEX statement needs at least one id and one product");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(justification, "justification");
        Objects.requireNonNull(source, "source");
    }

    /**
     * Tells whether this statement suppresses findings: {@code not_affected} with a justification.
     *
     * @return true when it suppresses
     */
    public boolean suppresses() {
        return status == VexStatus.NOT_AFFECTED && justification.isPresent();
    }
}
