package dev.containersec.policy.internal.vuln;

import dev.containersec.api.Finding;
import dev.containersec.api.Severity;
import dev.containersec.policy.PolicyMode;
import dev.containersec.policy.PolicyPackFinding;
import dev.containersec.policy.PolicyPackRule;
import dev.containersec.policy.PolicySeverity;
import dev.containersec.policy.PolicyViolation;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The {@code vuln-gate} rules over vulnerability findings. Each finding is judged by every rule on its own,
 * so one finding can fail several rules (a KEV entry that is also critical fails both); waivers name the
 * rule, and the vulnerability ID is the finding's value.
 */
public final class VulnGateRules {

    /** A finding at or above the severity threshold. */
    public static final PolicyPackRule SEVERITY = new PolicyPackRule("vuln-severity",
            List.of("vuln-gate-severity"), PolicySeverity.HIGH, false,
            "No vulnerability at or above the severity threshold (default HIGH); with fixable-only, only "
                    + "vulnerabilities with a known fixed version count.",
            "Upgrade the package to a fixed version (rebuild on a patched base image), or waive the ID with a "
                    + "reason and an expiry.");
    /** A fixable finding published longer ago than the grace period. */
    public static final PolicyPackRule FIX_OVERDUE = new PolicyPackRule("vuln-fix-overdue",
            List.of("vuln-gate-max-age"), PolicySeverity.MEDIUM, false,
            "No fixable vulnerability (one with a known fixed version) whose advisory was published more than "
                    + "the grace period (max age, in days) ago, whatever its severity.",
            "Upgrade the package to a fixed version; patches must land within the grace period.");
    /** A finding listed in the Known Exploited Vulnerabilities catalog. */
    public static final PolicyPackRule KEV = new PolicyPackRule("vuln-known-exploited",
            List.of("vuln-gate-kev", "CISA-KEV"), PolicySeverity.CRITICAL, false,
            "No vulnerability whose ID or alias is in the Known Exploited Vulnerabilities list, whatever its "
                    + "severity and whether or not a fix is known.",
            "Upgrade or remove the package now; if no fix exists, apply the vendor's mitigation and waive with "
                    + "a short expiry.");

    /** Every rule, in evaluation order. */
    public static final List<PolicyPackRule> RULES = List.of(KEV, SEVERITY, FIX_OVERDUE);

    private VulnGateRules() {
    }

    /**
     * Judges findings.
     *
     * @param findings the findings, e.g. of one image
     * @param image the image (or scan target) they belong to, the waiver scope {@code image}
     * @param threshold the severity threshold
     * @param fixableOnly whether the severity rule counts only findings with a fixed version
     * @param maxAgeDays the grace period in days, empty for no age rule
     * @param kev the known-exploited IDs, upper case
     * @param today the date ages are measured to
     * @param mode the pack's mode
     * @return the violations, in finding order, rules in {@link #RULES} order within a finding
     */
    public static List<PolicyPackFinding> check(List<Finding> findings, String image, Severity threshold,
                                                boolean fixableOnly, OptionalInt maxAgeDays, Set<String> kev,
                                                LocalDate today, PolicyMode mode) {
        List<PolicyPackFinding> out = new ArrayList<>();
        for (Finding f : findings) {
            boolean fixable = !f.fixedVersions().isEmpty();
            Optional<String> kevId = kevId(f, kev);
            if (kevId.isPresent()) {
                out.add(finding(KEV, f, image, mode, PolicySeverity.CRITICAL,
                        describe(f) + " is a known exploited vulnerability (" + kevId.get() + " is in the KEV list)"));
            }
            if (f.severity().isAtLeast(threshold) && (fixable || !fixableOnly)) {
                out.add(finding(SEVERITY, f, image, mode, severity(f.severity()),
                        describe(f) + " is " + f.severity().name().toLowerCase(Locale.ROOT) + ", at or above the "
                                + threshold.name().toLowerCase(Locale.ROOT) + " threshold"));
            }
            if (maxAgeDays.isPresent() && fixable && f.vulnerability().published().isPresent()) {
                LocalDate published = LocalDate.ofInstant(f.vulnerability().published().get(), ZoneOffset.UTC);
                long age = ChronoUnit.DAYS.between(published, today);
                if (age > maxAgeDays.getAsInt()) {
                    out.add(finding(FIX_OVERDUE, f, image, mode, severity(f.severity()),
                            describe(f) + " was published " + age + " days ago (" + published + "), more than the "
                                    + maxAgeDays.getAsInt() + "-day grace period, and a fix is available"));
                }
            }
        }
        return out;
    }

    private static Optional<String> kevId(Finding f, Set<String> kev) {
        if (kev.isEmpty()) {
            return Optional.empty();
        }
        String id = f.vulnerability().id();
        if (kev.contains(id.toUpperCase(Locale.ROOT))) {
            return Optional.of(id);
        }
        return f.vulnerability().aliases().stream().filter(a -> kev.contains(a.toUpperCase(Locale.ROOT))).findFirst();
    }

    private static PolicyPackFinding finding(PolicyPackRule rule, Finding f, String image, PolicyMode mode,
                                             PolicySeverity severity, String message) {
        String path = f.pkg().locations().isEmpty() ? "" : f.pkg().locations().get(0).path();
        return PolicyPackFinding.of(new PolicyViolation(rule.id(), path, message, severity, rule.modeIn(mode)),
                rule.aliases(), Optional.empty(), Optional.of(image), Optional.of(f.vulnerability().id()));
    }

    private static String describe(Finding f) {
        String aliases = f.vulnerability().aliases().isEmpty() ? ""
                : " (" + String.join(", ", f.vulnerability().aliases()) + ")";
        String fix = f.fixedVersions().isEmpty() ? "no fix known" : "fixed in " + String.join(", ", f.fixedVersions());
        return f.vulnerability().id() + aliases + " in " + f.packageName() + " " + f.pkg().version() + " [" + fix + "]";
    }

    private static PolicySeverity severity(Severity s) {
        return switch (s) {
            case CRITICAL -> PolicySeverity.CRITICAL;
            case HIGH -> PolicySeverity.HIGH;
            case MEDIUM -> PolicySeverity.MEDIUM;
            case LOW -> PolicySeverity.LOW;
            case UNKNOWN -> PolicySeverity.INFO;
        };
    }
}
