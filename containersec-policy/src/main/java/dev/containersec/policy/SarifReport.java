package dev.containersec.policy;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders policy results as SARIF 2.1.0, the format GitHub code scanning uploads: one run whose
 * {@code tool.driver} lists every rule that fired ({@code id}, {@code name}, {@code shortDescription},
 * {@code fullDescription}, {@code help} with the remediation, {@code properties.aliases},
 * {@code properties.security-severity}), and one result per violation ({@code ruleId}, {@code ruleIndex},
 * {@code level}, {@code message.text}, {@code locations[].physicalLocation.artifactLocation.uri} with the
 * document's start line). Waived violations carry an external {@code suppression} with the waiver's reason.
 *
 * @see <a href="https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html">SARIF 2.1.0</a>
 * @see <a href="https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning">SARIF support for code scanning</a>
 */
public final class SarifReport {

    /** The schema URI written into {@code $schema}. */
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private SarifReport() {
    }

    /**
     * Returns the SARIF log as JSON-like maps and lists.
     *
     * @param results the results
     * @param toolVersion the version of containersec, for {@code tool.driver.version}
     * @return the SARIF log
     */
    public static Map<String, Object> of(List<PolicyPackResult> results, String toolVersion) {
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(toolVersion, "toolVersion");
        Map<String, PolicyPackRule> known = new LinkedHashMap<>();
        for (PolicyPackRule r : K8sHardening.rules()) {
            known.put(r.id(), r);
        }
        for (PolicyPackRule r : ImageHardening.rules()) {
            known.put(r.id(), r);
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        List<Map<String, Object>> rules = new ArrayList<>();
        List<Map<String, Object>> sarifResults = new ArrayList<>();
        for (PolicyPackResult result : results) {
            for (PolicyPackFinding f : result.findings()) {
                PolicyViolation v = f.violation();
                Integer ruleIndex = index.get(v.rule());
                if (ruleIndex == null) {
                    ruleIndex = rules.size();
                    index.put(v.rule(), ruleIndex);
                    rules.add(rule(v, f, known.get(v.rule())));
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("ruleId", v.rule());
                r.put("ruleIndex", ruleIndex);
                r.put("level", level(v.severity()));
                String where = result.kind().isEmpty() ? "" : " [" + result.kind()
                        + (result.name().isEmpty() ? "" : " " + result.namespace().map(n -> n + "/").orElse("")
                        + result.name()) + "]";
                r.put("message", Map.of("text", v.message() + (v.path().isEmpty() ? "" : " at " + v.path()) + where));
                Map<String, Object> physical = new LinkedHashMap<>();
                physical.put("artifactLocation", Map.of("uri", uri(result)));
                physical.put("region", Map.of("startLine", result.line()));
                r.put("locations", List.of(Map.of("physicalLocation", physical)));
                Map<String, Object> props = new LinkedHashMap<>();
                props.put("severity", v.severity().name().toLowerCase(Locale.ROOT));
                props.put("mode", v.mode().name().toLowerCase(Locale.ROOT));
                props.put("path", v.path());
                props.put("input", result.input());
                r.put("properties", props);
                f.waiver().ifPresent(w -> r.put("suppressions", List.of(Map.of("kind", "external",
                        "justification", w.reason() + " (waiver " + w.source() + ", expires " + w.expires() + ")"))));
                sarifResults.add(r);
            }
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "containersec");
        driver.put("informationUri", "https://github.com/containersec/containersec");
        driver.put("version", toolVersion);
        driver.put("rules", rules);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("results", sarifResults);
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        log.put("runs", List.of(run));
        return log;
    }

    private static Map<String, Object> rule(PolicyViolation v, PolicyPackFinding f, PolicyPackRule known) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.rule());
        m.put("name", name(v.rule()));
        String description = known != null ? known.description() : "Policy rule " + v.rule();
        m.put("shortDescription", Map.of("text", description));
        m.put("fullDescription", Map.of("text", description));
        if (known != null) {
            m.put("help", Map.of("text", known.remediation()));
        }
        m.put("defaultConfiguration", Map.of("level", level(v.severity())));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("aliases", known != null ? known.aliases() : f.aliases());
        props.put("security-severity", securitySeverity(known != null ? known.severity() : v.severity()));
        props.put("tags", List.of("security"));
        m.put("properties", props);
        return m;
    }

    /** SARIF rule names are PascalCase identifiers. */
    private static String name(String id) {
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (char c : id.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        return sb.length() == 0 ? "Rule" : sb.toString();
    }

    private static String level(PolicySeverity s) {
        switch (s) {
            case CRITICAL:
            case HIGH:
                return "error";
            case MEDIUM:
                return "warning";
            default:
                return "note";
        }
    }

    private static String securitySeverity(PolicySeverity s) {
        switch (s) {
            case CRITICAL:
                return "9.5";
            case HIGH:
                return "8.0";
            case MEDIUM:
                return "5.5";
            case LOW:
                return "3.0";
            default:
                return "0.0";
        }
    }

    /**
     * The artifact URI: a manifest's path as given (forward slashes; a {@code file:} URI when absolute), an image's
     * file or directory without its transport prefix and tag.
     */
    private static String uri(PolicyPackResult result) {
        String input = result.input();
        if ("Image".equals(result.kind())) {
            for (String prefix : List.of("oci-archive:", "docker-archive:", "oci:")) {
                if (input.startsWith(prefix)) {
                    input = input.substring(prefix.length());
                    int slash = input.lastIndexOf('/');
                    int cut = input.indexOf(':', slash + 1);
                    int at = input.indexOf('@', slash + 1);
                    if (at >= 0 && (cut < 0 || at < cut)) {
                        cut = at;
                    }
                    if (cut > 0) {
                        input = input.substring(0, cut);
                    }
                    break;
                }
            }
        }
        try {
            Path p = Path.of(input);
            if (p.isAbsolute()) {
                return p.toUri().toString();
            }
        } catch (InvalidPathException e) {
            // not a path: fall through and use the text
        }
        String rel = input.replace('\\', '/');
        while (rel.startsWith("./")) {
            rel = rel.substring(2);
        }
        return rel.replace(" ", "%20");
    }
}
