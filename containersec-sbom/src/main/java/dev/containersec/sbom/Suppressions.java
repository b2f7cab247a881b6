package dev.containersec.sbom;

import dev.containersec.api.Finding;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Purl;
import dev.containersec.api.ScanLimits;
import dev.containersec.sbom.internal.document.BoundedJson;
import dev.containersec.sbom.internal.vex.IgnoreFiles;
import dev.containersec.sbom.internal.vex.VexDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Suppresses findings of a {@link VulnerabilityReport}: VEX statements ({@code not_affected} with a
 * justification, from OpenVEX or CycloneDX VEX documents) and the entries of ignore files.
 *
 * <p>A VEX statement matches a finding when one of its {@link VexStatement#ids() ids} is the advisory's id or
 * one of its aliases, and one of its products is the package's purl: type, namespace and name equal, the
 * version equal when the statement's purl has one, and every qualifier the statement's purl has present with
 * the same value (qualifiers the statement leaves out are ignored). An {@link IgnoreRule} matches by id or
 * alias, then by package (purl as above, or name) and path when it names them; rules whose
 * {@link IgnoreRule#expires() date} has passed stop applying and are reported.
 *
 * <pre>{@code
 * Suppressions s = Suppressions.builder().addVex(Path.of("vex.json")).addIgnoreFile(Path.of(".containersec-ignore.yaml")).build();
 * SuppressionResult r = s.apply(VulnerabilityScanner.of(db).scan(sbom), LocalDate.now());
 * }</pre>
 *
 * <p>Documents are untrusted input read within {@link ScanLimits}: duplicate JSON keys, unknown statuses
 * and ignore-file keys are refused with an {@link InvalidInputException} naming the field. Instances are
 * immutable and thread-safe.
 *
 * @see <a href="https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md">OpenVEX specification</a>
 * @see <a href="https://cyclonedx.org/docs/1.6/json/#vulnerabilities_items_analysis">CycloneDX 1.6 analysis</a>
 */
public final class Suppressions {
    private final List<VexStatement> statements;
    private final List<IgnoreRule> rules;

    private Suppressions(List<VexStatement> statements, List<IgnoreRule> rules) {
        this.statements = List.copyOf(statements);
        this.rules = List.copyOf(rules);
    }

    /**
     * Returns suppressions that suppress nothing.
     *
     * @return the empty instance
     */
    public static Suppressions none() {
        return new Suppressions(List.of(), List.of());
    }

    /**
     * Starts a builder reading documents with {@link ScanLimits#defaults()}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder(ScanLimits.defaults());
    }

    /**
     * Starts a builder reading documents within the given limits.
     *
     * @param limits the bounds for each document
     * @return a builder
     */
    public static Builder builder(ScanLimits limits) {
        return new Builder(Objects.requireNonNull(limits, "limits"));
    }

    /**
     * Returns the VEX statements read.
     *
     * @return all statements, whatever their status
     */
    public List<VexStatement> statements() {
        return statements;
    }

    /**
     * Returns the ignore rules read.
     *
     * @return all rules, expired or not
     */
    public List<IgnoreRule> ignoreRules() {
        return rules;
    }

    /**
     * Applies the suppressions.
     *
     * @param report the report of a scan
     * @param today the date that decides which ignore rules have expired
     * @return the remaining report, the suppressed findings with their reasons, and the expired rules
     */
    public SuppressionResult apply(VulnerabilityReport report, LocalDate today) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(today, "today");
        List<IgnoreRule> active = new ArrayList<>();
        List<IgnoreRule> expired = new ArrayList<>();
        for (IgnoreRule r : rules) {
            (r.isExpired(today) ? expired : active).add(r);
        }
        List<Finding> kept = new ArrayList<>();
        List<SuppressedFinding> suppressed = new ArrayList<>();
        for (Finding f : report.findings()) {
            Optional<SuppressedFinding> reason = reason(f, active);
            if (reason.isPresent()) {
                suppressed.add(reason.get());
            } else {
                kept.add(f);
            }
        }
        VulnerabilityReport remaining = new VulnerabilityReport(kept, report.packagesMatched(),
                report.packagesNotMatched(), report.notEvaluable(), report.osEcosystem());
        return new SuppressionResult(remaining, suppressed, expired);
    }

    private Optional<SuppressedFinding> reason(Finding f, List<IgnoreRule> active) {
        for (VexStatement s : statements) {
            if (s.suppresses() && s.ids().stream().anyMatch(f.vulnerability()::isKnownAs)
                    && s.products().stream().anyMatch(p -> purlMatches(p, f.pkg().purl()))) {
                return Optional.of(new SuppressedFinding(f, "VEX not_affected (" + s.justification().orElseThrow()
                        + ") in " + s.source(), s.justification()));
            }
        }
        for (IgnoreRule r : active) {
            if (!f.vulnerability().isKnownAs(r.id())) {
                continue;
            }
            if (r.pkg().isPresent()) {
                String p = r.pkg().get();
                boolean match = p.startsWith("pkg:") ? purlMatches(p, f.pkg().purl())
                        : p.equals(f.pkg().name()) || p.equals(f.packageName());
                if (!match) {
                    continue;
                }
            }
            if (r.path().isPresent()
                    && f.pkg().locations().stream().map(PackageLocation::path).noneMatch(r.path().get()::equals)) {
                continue;
            }
            return Optional.of(new SuppressedFinding(f, "ignored: "
                    + (r.reason().isEmpty() ? "(no reason given)" : r.reason())
                    + r.expires().map(d -> " (until " + d + ")").orElse(""), Optional.empty()));
        }
        return Optional.empty();
    }

    /**
     * Tells whether a VEX or ignore-file purl names a package's purl.
     *
     * @param pattern the purl of the statement; an unparsable purl matches nothing
     * @param actual the package's purl
     * @return true when type, namespace, name (and version and qualifiers, when the pattern has them) agree
     */
    static boolean purlMatches(String pattern, Purl actual) {
        Purl p;
        try {
            p = Purl.parse(pattern);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!p.type().equals(actual.type()) || !p.namespace().equals(actual.namespace())
                || !p.name().equals(actual.name())) {
            return false;
        }
        if (p.version().isPresent() && !p.version().equals(actual.version())) {
            return false;
        }
        for (Map.Entry<String, String> q : p.qualifiers().entrySet()) {
            if (!q.getValue().equals(actual.qualifiers().get(q.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Collects VEX documents and ignore files; not thread-safe. */
    public static final class Builder {
        private final ScanLimits limits;
        private final List<VexStatement> statements = new ArrayList<>();
        private final List<IgnoreRule> rules = new ArrayList<>();

        private Builder(ScanLimits limits) {
            this.limits = limits;
        }

        /**
         * Reads an OpenVEX or CycloneDX VEX JSON document.
         *
         * @param file the document
         * @return this builder
         * @throws IOException if the file cannot be read
         * @throws InvalidInputException naming the field when the document is malformed
         * @throws LimitExceededException when it exceeds the limits
         */
        public Builder addVex(Path file) throws IOException {
            return addVex(read(file), file.toString());
        }

        /**
         * Parses an OpenVEX or CycloneDX VEX JSON document.
         *
         * @param document the bytes
         * @param subject its name, for messages and reasons
         * @return this builder
         * @throws InvalidInputException naming the field when the document is malformed
         */
        public Builder addVex(byte[] document, String subject) {
            statements.addAll(VexDocuments.parse(Objects.requireNonNull(document, "document"),
                    Objects.requireNonNull(subject, "subject"), limits));
            return this;
        }

        /**
         * Reads an ignore file (YAML).
         *
         * @param file the file
         * @return this builder
         * @throws IOException if the file cannot be read
         * @throws InvalidInputException naming the line and field when the file is malformed
         */
        public Builder addIgnoreFile(Path file) throws IOException {
            return addIgnoreFile(read(file), file.toString());
        }

        /**
         * Parses an ignore file (YAML).
         *
         * @param document the bytes, UTF-8
         * @param subject its name, for messages
         * @return this builder
         * @throws InvalidInputException naming the line and field when the file is malformed
         */
        public Builder addIgnoreFile(byte[] document, String subject) {
            rules.addAll(IgnoreFiles.parse(Objects.requireNonNull(document, "document"),
                    Objects.requireNonNull(subject, "subject"), limits));
            return this;
        }

        /**
         * Adds statements directly.
         *
         * @param more the statements
         * @return this builder
         */
        public Builder addStatements(List<VexStatement> more) {
            statements.addAll(List.copyOf(more));
            return this;
        }

        /**
         * Adds ignore rules directly.
         *
         * @param more the rules
         * @return this builder
         */
        public Builder addIgnoreRules(List<IgnoreRule> more) {
            rules.addAll(List.copyOf(more));
            return this;
        }

        /**
         * Builds the immutable suppressions.
         *
         * @return the suppressions
         */
        public Suppressions build() {
            return new Suppressions(statements, rules);
        }

        private byte[] read(Path file) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                return new BoundedJson(limits).readAll(in, file.toString());
            }
        }
    }
}
