package dev.containersec.api;

import java.util.List;
import java.util.Objects;

/**
 * One vulnerability found in one package: the result of matching an SBOM against advisories. A finding is
 * a value, never an exception.
 *
 * @param vulnerability the advisory (one finding per advisory; advisories that alias each other are merged
 *     into one, their ids kept in {@link Vulnerability#aliases()})
 * @param pkg the affected package, with its locations and the layer of each
 * @param ecosystem the advisory ecosystem matched, e.g. {@code Maven} or {@code Debian:12}
 * @param packageName the name looked up in that ecosystem, e.g. {@code org.apache.logging.log4j:log4j-core},
 *     or a Debian source package name
 * @param affectedRange the range (or listed version) that contains the package version, as text
 * @param fixedVersions the versions that fix it, empty when no fix is known
 * @param evidence why it matched, in words
 */
public record Finding(Vulnerability vulnerability, Package pkg, String ecosystem, String packageName,
                      String affectedRange, List<String> fixedVersions, String evidence) {

    /** Checks for nulls and copies the list. */
    public Finding {
        Objects.requireNonNull(vulnerability, "vulnerability");
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(affectedRange, "affectedRange");
        fixedVersions = List.copyOf(fixedVersions);
        Objects.requireNonNull(evidence, "evidence");
    }

    /**
     * Returns the severity of the vulnerability.
     *
     * @return {@code vulnerability().severity()}
     */
    public Severity severity() {
        return vulnerability.severity();
    }
}
