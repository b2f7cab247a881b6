package dev.containersec.policy;

import dev.containersec.api.Finding;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import dev.containersec.api.Severity;
import dev.containersec.policy.internal.k8s.ManifestDocument;
import dev.containersec.policy.internal.k8s.ManifestLoader;
import dev.containersec.policy.internal.vuln.FindingsReport;
import dev.containersec.policy.internal.vuln.KevList;
import dev.containersec.policy.internal.vuln.VulnGateRules;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The built-in {@code vuln-gate} pack over vulnerability findings (what {@code containersec scan} or
 * {@code VulnerabilityScanner} report for an image). Three rules, each judging every finding on its own:
 * <ul>
 *   <li>{@code vuln-known-exploited}: the finding's ID or one of its aliases is in the Known Exploited
 *       Vulnerabilities list ({@link #kev(Path)}); fails whatever the severity and whether or not a fix is
 *       known.</li>
 *   <li>{@code vuln-severity}: the severity is at or above the threshold ({@link #severity(Severity)}, default
 *       {@link Severity#HIGH}; {@link Severity#UNKNOWN} is below every band); with {@link #fixableOnly(boolean)}
 *       only findings with a known fixed version count.</li>
 *   <li>{@code vuln-fix-overdue} (only with {@link #maxAgeDays(int)}): the finding has a known fixed version and
 *       its advisory was published more than N days before the check date: a fix has been available for longer
 *       than the grace period and the image still carries the vulnerable version. Any severity counts; findings
 *       without a publication date are not judged by this rule.</li>
 * </ul>
 *
 * <p>Waivers apply as to the other packs: the finding's {@code image} is the image (or scan target), its
 * {@code value} the vulnerability ID (the advisory's own ID, e.g. {@code GHSA-jfh8-c2jp-5v3q}; aliases are
 * listed in the message).
 *
 * <pre>{@code
 * VulnGate gate = VulnGate.defaults().severity(Severity.CRITICAL).maxAgeDays(30).kev(Path.of("kev.json"));
 * PolicyPackResult r = gate.evaluate(report.findings(), "registry.example/app:1.0", LocalDate.now());
 * }</pre>
 *
 * <p>Immutable and thread-safe; the configuring methods return new instances.
 */
public final class VulnGate {

    private final Severity threshold;
    private final boolean fixableOnly;
    private final OptionalInt maxAgeDays;
    private final Set<String> kev;
    private final ScanLimits limits;

    private VulnGate(Severity threshold, boolean fixableOnly, OptionalInt maxAgeDays, Set<String> kev,
                     ScanLimits limits) {
        this.threshold = threshold;
        this.fixableOnly = fixableOnly;
        this.maxAgeDays = maxAgeDays;
        this.kev = Set.copyOf(kev);
        this.limits = limits;
    }

    /**
     * Returns the gate with threshold {@link Severity#HIGH}, all findings (fixable or not), no age rule, an empty
     * KEV list and {@link ScanLimits#defaults()}.
     *
     * @return the gate
     */
    public static VulnGate defaults() {
        return new VulnGate(Severity.HIGH, false, OptionalInt.empty(), Set.of(), ScanLimits.defaults());
    }

    /**
     * Returns every rule of the pack.
     *
     * @return the rules, in evaluation order
     */
    public static List<PolicyPackRule> rules() {
        return VulnGateRules.RULES;
    }

    /**
     * Returns a gate with another severity threshold.
     *
     * @param value the lowest failing band
     * @return a new gate
     */
    public VulnGate severity(Severity value) {
        return new VulnGate(Objects.requireNonNull(value, "value"), fixableOnly, maxAgeDays, kev, limits);
    }

    /**
     * Returns a gate whose severity rule counts only findings with a known fixed version (or all findings).
     *
     * @param value true for fixable findings only
     * @return a new gate
     */
    public VulnGate fixableOnly(boolean value) {
        return new VulnGate(threshold, value, maxAgeDays, kev, limits);
    }

    /**
     * Returns a gate with the {@code vuln-fix-overdue} rule: fixable findings published more than {@code days}
     * days before the check date fail.
     *
     * @param days the grace period, 0 or more
     * @return a new gate
     * @throws IllegalArgumentException if days is negative
     */
    public VulnGate maxAgeDays(int days) {
        if (days < 0) {
            throw new IllegalArgumentException("max age must be 0 or more days, was " + days);
        }
        return new VulnGate(threshold, fixableOnly, OptionalInt.of(days), kev, limits);
    }

    /**
     * Returns a gate with a Known Exploited Vulnerabilities list given as IDs.
     *
     * @param ids vulnerability IDs, e.g. {@code CVE-2021-44228} (compared ignoring case)
     * @return a new gate
     */
    public VulnGate kev(Set<String> ids) {
        Set<String> upper = ids.stream().map(s -> Objects.requireNonNull(s, "id").toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        return new VulnGate(threshold, fixableOnly, maxAgeDays, upper, limits);
    }

    /**
     * Returns a gate with a Known Exploited Vulnerabilities list read from a file: CISA's catalog JSON
     * ({@code {"vulnerabilities":[{"cveID":...}]}}) or plain text, one or more IDs per line, {@code #} comments.
     *
     * @param file the list
     * @return a new gate
     * @throws InvalidInputException if the file cannot be read or an entry is not a vulnerability ID
     */
    public VulnGate kev(Path file) {
        Objects.requireNonNull(file, "file");
        return kev(KevList.parse(new ManifestLoader(limits).read(file), file.toString(), limits));
    }

    /**
     * Returns a gate that reads files within other limits.
     *
     * @param value the limits
     * @return a new gate
     */
    public VulnGate limits(ScanLimits value) {
        return new VulnGate(threshold, fixableOnly, maxAgeDays, kev, Objects.requireNonNull(value, "value"));
    }

    /**
     * Returns the severity threshold.
     *
     * @return the lowest failing band
     */
    public Severity severity() {
        return threshold;
    }

    /**
     * Tells whether the severity rule counts only fixable findings.
     *
     * @return true for fixable only
     */
    public boolean fixableOnly() {
        return fixableOnly;
    }

    /**
     * Returns the grace period of the {@code vuln-fix-overdue} rule.
     *
     * @return the days, empty when the rule is off
     */
    public OptionalInt maxAgeDays() {
        return maxAgeDays;
    }

    /**
     * Returns the Known Exploited Vulnerabilities list.
     *
     * @return the IDs, upper case
     */
    public Set<String> kev() {
        return kev;
    }

    /**
     * Judges findings in {@link PolicyMode#DENY}.
     *
     * @param findings the findings of one image
     * @param image the image (or scan target), the result's {@code input} and {@code name}
     * @param today the date ages are measured to
     * @return the result (kind {@code Image})
     */
    public PolicyPackResult evaluate(List<Finding> findings, String image, LocalDate today) {
        Objects.requireNonNull(image, "image");
        return new PolicyPackResult(image, 0, 1, "Image", image, Optional.empty(),
                check(findings, image, today, PolicyMode.DENY), new TreeMap<>());
    }

    List<PolicyPackFinding> check(List<Finding> findings, String image, LocalDate today, PolicyMode mode) {
        Objects.requireNonNull(findings, "findings");
        Objects.requireNonNull(today, "today");
        return VulnGateRules.check(findings, image, threshold, fixableOnly, maxAgeDays, kev, today, mode);
    }

    /**
     * Reads the findings of a report written by {@code containersec scan --format json} (suppressed findings
     * are not included).
     *
     * @param content the report's bytes
     * @param source a name for messages
     * @return the findings, in report order
     * @throws InvalidInputException if it is not such a report or a finding is malformed (the message names it)
     */
    public List<Finding> readFindings(byte[] content, String source) {
        List<ManifestDocument> docs = new ManifestLoader(limits).load(content, source);
        if (docs.size() != 1) {
            throw new InvalidInputException(source, "a scan report is one JSON object, found " + docs.size()
                    + " documents");
        }
        return FindingsReport.findings(docs.get(0).content(), source);
    }

    /**
     * Returns a description of the configuration.
     *
     * @return e.g. {@code VulnGate[severity=HIGH, fixableOnly=false, maxAgeDays=30, kev=1250 ids]}
     */
    @Override
    public String toString() {
        return "VulnGate[severity=" + threshold + ", fixableOnly=" + fixableOnly + ", maxAgeDays="
                + (maxAgeDays.isPresent() ? String.valueOf(maxAgeDays.getAsInt()) : "off") + ", kev=" + kev.size()
                + " ids]";
    }
}
