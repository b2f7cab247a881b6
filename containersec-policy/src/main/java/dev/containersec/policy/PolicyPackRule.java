package dev.containersec.policy;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One rule of a built-in pack ({@code k8s-hardening}, {@code image-hardening}): its stable ID, the IDs other
 * tools use for the same control (Trivy's {@code KSV-0014}, the CIS Docker Benchmark's {@code CIS-DI-0001},
 * Dockle's {@code DKL-DI-0001}, hadolint's {@code DL3002}, ...), so that waivers written against either keep
 * matching, and what to tell people.
 *
 * @param id the rule ID, e.g. {@code k8s-read-only-root-fs}
 * @param aliases other IDs for the same control, e.g. {@code [KSV-0014, KSV014, AVD-KSV-0014]}
 * @param severity how serious a violation is
 * @param advisory true when a violation is advice only: it never denies, whatever the pack's mode
 *     (e.g. "prefer a digest to a tag")
 * @param description what the rule checks, one sentence
 * @param remediation how to fix a violation, one sentence
 */
public record PolicyPackRule(String id, List<String> aliases, PolicySeverity severity, boolean advisory,
                             String description, String remediation) {

    /**
     * Validates the fields and copies the aliases.
     *
     * @throws NullPointerException if a field is null
     * @throws IllegalArgumentException if the ID is empty
     */
    public PolicyPackRule {
        Objects.requireNonNull(id, "id");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(remediation, "remediation");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("rule id must not be empty");
        }
    }

    /**
     * Tells whether a name is this rule's ID or one of its aliases, ignoring case.
     *
     * @param name an ID or alias
     * @return true when it names this rule
     */
    public boolean isNamed(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (id.toLowerCase(Locale.ROOT).equals(n)) {
            return true;
        }
        for (String a : aliases) {
            if (a.toLowerCase(Locale.ROOT).equals(n)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the mode a violation of this rule gets in a pack running in {@code packMode}: the pack's mode,
     * but never stronger than {@link PolicyMode#WARN} for an advisory rule.
     *
     * @param packMode the pack's mode
     * @return the violation's mode
     */
    public PolicyMode modeIn(PolicyMode packMode) {
        Objects.requireNonNull(packMode, "packMode");
        return advisory && packMode == PolicyMode.DENY ? PolicyMode.WARN : packMode;
    }
}
