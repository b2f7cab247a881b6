package dev.containersec.cli.scan;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.containersec.api.Finding;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Severity;
import dev.containersec.cli.Json;
import dev.containersec.cli.Text;
import dev.containersec.sbom.IgnoreRule;
import dev.containersec.sbom.SuppressedFinding;
import dev.containersec.sbom.SuppressionResult;
import dev.containersec.sbom.VulnerabilityDb;
import dev.containersec.sbom.VulnerabilityReport;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link VulnerabilityReport} as a table or as the JSON of the command-line contract. */
public final class ScanRenderer {
    private ScanRenderer() {
    }

    /**
     * Renders a table of a report without suppressions.
     *
     * @param target what was scanned
     * @param report the report
     * @return the text
     */
    public static String table(String target, VulnerabilityReport report) {
        return table(target, unsuppressed(report));
    }

    /**
     * Renders the JSON of a report without suppressions.
     *
     * @param w where to write
     * @param target what was scanned
     * @param status the database used
     * @param report the report
     * @throws IOException on write failure
     */
    public static void json(Writer w, String target, VulnerabilityDb.Status status, VulnerabilityReport report)
            throws IOException {
        json(w, target, status, unsuppressed(report));
    }

    private static SuppressionResult unsuppressed(VulnerabilityReport report) {
        return new SuppressionResult(report, List.of(), List.of());
    }

    /**
     * Renders a table: one row per finding, then a summary line.
     *
     * @param target what was scanned
     * @param result the report after suppressions
     * @return the text
     */
    public static String table(String target, SuppressionResult result) {
        return table(target, result, false);
    }

    /**
     * Renders a table: one row per finding, then, when asked, a section listing the suppressed findings
     * with the reason of each, then a summary line.
     *
     * @param target what was scanned
     * @param result the report after suppressions
     * @param showSuppressed true to list the suppressed findings
     * @return the text
     */
    public static String table(String target, SuppressionResult result, boolean showSuppressed) {
        VulnerabilityReport report = result.report();
        StringBuilder b = new StringBuilder();
        b.append("TARGET ").append(Text.printable(target));
        report.osEcosystem().ifPresent(os -> b.append(" (").append(os).append(')'));
        b.append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SEVERITY", "ID", "ALIASES", "PACKAGE", "VERSION", "FIXED IN", "LAYER", "PATH"});
        for (Finding f : report.findings()) {
            PackageLocation loc = f.pkg().locations().isEmpty() ? null : f.pkg().locations().get(0);
            rows.add(new String[] {f.severity().name(), f.vulnerability().id(),
                String.join(",", f.vulnerability().aliases()), f.packageName(), f.pkg().version(),
                f.fixedVersions().isEmpty() ? "-" : String.join(",", f.fixedVersions()),
                loc == null ? "-" : loc.layerDigest().map(d -> shortDigest(d.toString())).orElse("#" + loc.layerIndex()),
                loc == null ? "-" : loc.path()});
        }
        columns(b, rows);
        if (showSuppressed && !result.suppressed().isEmpty()) {
            b.append('\n').append("SUPPRESSED (").append(result.suppressed().size()).append(")\n");
            List<String[]> hidden = new ArrayList<>();
            hidden.add(new String[] {"SEVERITY", "ID", "ALIASES", "PACKAGE", "VERSION", "REASON"});
            for (SuppressedFinding sf : result.suppressed()) {
                Finding f = sf.finding();
                hidden.add(new String[] {f.severity().name(), f.vulnerability().id(),
                    String.join(",", f.vulnerability().aliases()), f.packageName(), f.pkg().version(), sf.reason()});
            }
            columns(b, hidden);
        }
        b.append(summary(result));
        if (!showSuppressed && !result.suppressed().isEmpty()) {
            b.append(" (--show-suppressed lists them)");
        }
        b.append('\n');
        return b.toString();
    }

    private static void columns(StringBuilder b, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                r[i] = Text.printable(r[i]);
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /**
     * The summary line.
     *
     * @param result the report after suppressions
     * @return for example {@code 2 findings (CRITICAL 2) in 11 packages; 0 not evaluable, 0 suppressed}
     */
    public static String summary(SuppressionResult result) {
        VulnerabilityReport report = result.report();
        Map<Severity, Long> counts = counts(report);
        String bySeverity = counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        int n = report.findings().size();
        return n + (n == 1 ? " finding" : " findings") + (bySeverity.isEmpty() ? "" : " (" + bySeverity + ")")
                + " in " + report.packagesMatched() + " packages matched; " + report.packagesNotMatched()
                + " packages without advisories to match, " + report.notEvaluable() + " ranges not evaluable, "
                + result.suppressed().size() + " suppressed";
    }

    private static Map<Severity, Long> counts(VulnerabilityReport report) {
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            counts.put(s, 0L);
        }
        report.findings().forEach(f -> counts.merge(f.severity(), 1L, Long::sum));
        return counts;
    }

    /**
     * Writes the JSON object: {@code target}, {@code os}, {@code database}, {@code findings} (each with
     * {@code id}, {@code aliases}, {@code summary}, {@code severity}, {@code severitySource}, {@code published}
     * (ISO-8601, omitted when the advisory does not say), {@code package}
     * ({@code name}, {@code version}, {@code type}, {@code purl}, {@code locations}), {@code ecosystem},
     * {@code packageName}, {@code affectedRange}, {@code fixedVersions}, {@code evidence},
     * {@code suppressed}), {@code suppressed} (the count), {@code suppressedFindings} (the same fields plus
     * {@code reason}), {@code expiredIgnores} (each with {@code id}, {@code package}, {@code path},
     * {@code reason}, {@code expires}) and {@code summary}.
     *
     * @param w where to write
     * @param target what was scanned
     * @param status the database used
     * @param result the report after suppressions
     * @throws IOException on write failure
     */
    public static void json(Writer w, String target, VulnerabilityDb.Status status, SuppressionResult result)
            throws IOException {
        VulnerabilityReport report = result.report();
        try (JsonGenerator g = Json.generator(w, true)) {
            g.writeStartObject();
            g.writeStringField("target", target);
            Json.optional(g, "os", report.osEcosystem());
            g.writeObjectFieldStart("database");
            g.writeStringField("file", status.file().toString());
            g.writeNumberField("schemaVersion", status.schemaVersion());
            g.writeNumberField("advisories", status.advisories());
            Json.optional(g, "importedAt", status.importedAt().map(Object::toString));
            g.writeEndObject();
            g.writeArrayFieldStart("findings");
            for (Finding f : report.findings()) {
                g.writeStartObject();
                findingFields(g, f);
                g.writeNumberField("suppressed", 0);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("suppressed", result.suppressed().size());
            g.writeArrayFieldStart("suppressedFindings");
            for (SuppressedFinding s : result.suppressed()) {
                g.writeStartObject();
                findingFields(g, s.finding());
                g.writeNumberField("suppressed", 1);
                g.writeStringField("reason", s.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("expiredIgnores");
            for (IgnoreRule r : result.expiredIgnores()) {
                g.writeStartObject();
                g.writeStringField("id", r.id());
                Json.optional(g, "package", r.pkg());
                Json.optional(g, "path", r.path());
                g.writeStringField("reason", r.reason());
                Json.optional(g, "expires", r.expires().map(Object::toString));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("summary");
            g.writeNumberField("findings", report.findings().size());
            g.writeNumberField("packagesMatched", report.packagesMatched());
            g.writeNumberField("packagesNotMatched", report.packagesNotMatched());
            g.writeNumberField("notEvaluable", report.notEvaluable());
            g.writeObjectFieldStart("bySeverity");
            for (Map.Entry<Severity, Long> e : counts(report).entrySet()) {
                g.writeNumberField(e.getKey().name(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }
        w.write('\n');
    }

    private static void findingFields(JsonGenerator g, Finding f) throws IOException {
        g.writeStringField("id", f.vulnerability().id());
        Json.strings(g, "aliases", f.vulnerability().aliases());
        g.writeStringField("summary", f.vulnerability().summary());
        g.writeStringField("severity", f.severity().name());
        g.writeStringField("severitySource", f.vulnerability().severitySource());
        if (f.vulnerability().published().isPresent()) {
            g.writeStringField("published", f.vulnerability().published().get().toString());
        }
        g.writeObjectFieldStart("package");
        g.writeStringField("name", f.pkg().name());
        g.writeStringField("version", f.pkg().version());
        g.writeStringField("type", f.pkg().type());
        g.writeStringField("purl", f.pkg().purl().toString());
        g.writeArrayFieldStart("locations");
        for (PackageLocation l : f.pkg().locations()) {
            g.writeStartObject();
            g.writeStringField("path", l.path());
            g.writeNumberField("layerIndex", l.layerIndex());
            Json.optional(g, "layerDigest", l.layerDigest().map(Object::toString));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeStringField("ecosystem", f.ecosystem());
        g.writeStringField("packageName", f.packageName());
        g.writeStringField("affectedRange", f.affectedRange());
        Json.strings(g, "fixedVersions", f.fixedVersions());
        g.writeStringField("evidence", f.evidence());
    }

    private static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        return colon > 0 && digest.length() > colon + 13 ? digest.substring(0, colon + 13) : digest;
    }
}
