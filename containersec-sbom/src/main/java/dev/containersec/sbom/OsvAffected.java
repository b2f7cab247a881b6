package dev.containersec.sbom;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import dev.containersec.sbom.internal.version.OsvJson;
import dev.containersec.sbom.internal.version.RangeEvaluator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of an OSV advisory's {@code affected} list: a package, its affected ranges and its
 * explicitly listed affected versions, with {@link #evaluate(String)} to judge one package version.
 *
 * <p>Evaluation follows the OSV schema's algorithm: a version is affected if it is listed in
 * {@code versions} (by exact text or by equality in the ecosystem's scheme), or if any {@code SEMVER}
 * or {@code ECOSYSTEM} range contains it. A range is read by sorting its events by version (stable, so
 * ties keep document order; {@code introduced "0"} first) and walking them: {@code introduced} at or
 * below the version switches "affected" on, {@code fixed} at or below it and {@code last_affected} below
 * it switch it off; {@code limit} events additionally require the version to be below some limit.
 * {@code SEMVER} ranges use {@link VersionScheme#SEMVER} ({@link VersionScheme#GO} for Go, whose
 * package versions carry a {@code v}); {@code ECOSYSTEM} ranges use the ecosystem's scheme.
 *
 * <p>{@code GIT} ranges are never evaluated against a package version. An entry whose only
 * information is {@code GIT} ranges, whose ecosystem is unknown, or where the package version or an
 * event version is invalid in the scheme is {@link RangeMatch.NotEvaluable}; when the {@code versions}
 * list or another range could be evaluated, {@code GIT} ranges alone do not make the result
 * not-evaluable (osv.dev enumerates {@code GIT} ranges into {@code versions}).
 *
 * @param ecosystem the ecosystem exactly as the advisory names it, e.g. {@code "Debian:12"}; may be
 *     empty when the advisory names no package
 * @param name the package name, may be empty
 * @param ranges the ranges
 * @param versions the explicitly listed affected versions
 * @see <a href="https://ossf.github.io/osv-schema/#evaluation">OSV schema: evaluation</a>
 */
public record OsvAffected(String ecosystem, String name, List<OsvRange> ranges, List<String> versions) {

    /** Validates and copies the components. */
    public OsvAffected {
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(name, "name");
        ranges = List.copyOf(Objects.requireNonNull(ranges, "ranges"));
        versions = List.copyOf(Objects.requireNonNull(versions, "versions"));
    }

    /**
     * Returns the ecosystem, if containersec knows it.
     *
     * @return the ecosystem named by {@link #ecosystem()}, or empty
     */
    public Optional<Ecosystem> knownEcosystem() {
        return Ecosystem.find(ecosystem);
    }

    /**
     * Judges whether a version of this package is affected.
     *
     * @param version the package version, in the ecosystem's scheme
     * @return affected, not affected, or not evaluable (with the reason)
     */
    public RangeMatch evaluate(String version) {
        Objects.requireNonNull(version, "version");
        return RangeEvaluator.evaluate(this, version);
    }

    /**
     * Reads the {@code affected} entries of one OSV advisory (JSON), within {@link ScanLimits#defaults()}.
     *
     * @param advisoryJson the advisory document
     * @return its affected entries, in document order
     * @throws InvalidInputException if the document is not valid JSON, not an OSV record, or exceeds the
     *     document size or nesting limits
     */
    public static List<OsvAffected> fromAdvisoryJson(String advisoryJson) {
        return fromAdvisoryJson(advisoryJson, ScanLimits.defaults());
    }

    /**
     * Reads the {@code affected} entries of one OSV advisory (JSON).
     *
     * @param advisoryJson the advisory document
     * @param limits bounds on document size and nesting
     * @return its affected entries, in document order
     * @throws InvalidInputException if the document is not valid JSON, not an OSV record, or exceeds the
     *     limits ({@link dev.containersec.api.LimitExceededException})
     */
    public static List<OsvAffected> fromAdvisoryJson(String advisoryJson, ScanLimits limits) {
        Objects.requireNonNull(advisoryJson, "advisoryJson");
        Objects.requireNonNull(limits, "limits");
        return OsvJson.readAffected(advisoryJson, limits);
    }
}
