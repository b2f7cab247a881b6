package dev.containersec.cli.scan;

import dev.containersec.api.Sbom;
import dev.containersec.api.Severity;
import dev.containersec.cli.ContainersecCommand;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.Progress;
import dev.containersec.cli.VersionProvider;
import dev.containersec.cli.db.DbOptions;
import dev.containersec.sbom.IgnoreRule;
import dev.containersec.sbom.SuppressionResult;
import dev.containersec.sbom.Suppressions;
import dev.containersec.sbom.VulnerabilityDb;
import dev.containersec.sbom.VulnerabilityReport;
import dev.containersec.sbom.VulnerabilityReportWriter;
import dev.containersec.sbom.VulnerabilityScanner;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code containersec scan IMAGE|SBOM}. */
@Command(
        name = "scan",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Find known vulnerabilities: catalog an image (or read a CycloneDX or SPDX JSON SBOM)",
            "and match its packages against the local database (see 'containersec db import').",
            "OS packages are matched against their distribution release's advisories only."})
public final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE|SBOM",
            description = "An image (oci:DIR[:TAG|@DIGEST], oci-archive:FILE, docker-archive:FILE, or a path),"
                    + " or a CycloneDX / SPDX JSON file (*.json).")
    String target;

    @Mixin
    DbOptions db;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = ScanFormat.Converter.class,
            description = "Output format: table, json, sarif or cyclonedx-vex (default: ${DEFAULT-VALUE}).")
    ScanFormat format;

    @Option(names = "--vex", paramLabel = "FILE",
            description = "An OpenVEX or CycloneDX VEX JSON document; not_affected statements with a justification"
                    + " suppress the matching findings. Repeatable.")
    List<Path> vex = new ArrayList<>();

    @Option(names = "--ignore", paramLabel = "FILE",
            description = "An ignore file (YAML: entries with id, optional package and path, reason, expires)."
                    + " Expired entries stop applying and are reported.")
    Path ignore;

    @Option(names = "--show-suppressed",
            description = "With --format table: list the suppressed findings (VEX, ignore file) and why, after the "
                    + "findings. JSON, SARIF and CycloneDX VEX always carry them.")
    boolean showSuppressed;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", converter = SeverityConverter.class,
            description = "Exit 1 when a finding at or above SEVERITY remains: critical, high, medium or low.")
    Severity failOn;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (VulnerabilityDb opened = VulnerabilityDb.open(db.dir())) {
            Sbom sbom;
            try {
                sbom = ScanTarget.load(target, Progress.forCommand(ContainersecCommand.of(spec), err),
                        dev.containersec.cli.image.RegistryOptions.readerBuilder(spec).build());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e, null, target);
            }
            Suppressions.Builder suppressions = Suppressions.builder();
            for (Path v : vex) {
                suppressions.addVex(v);
            }
            if (ignore != null) {
                suppressions.addIgnoreFile(ignore);
            }
            SuppressionResult result = suppressions.build()
                    .apply(VulnerabilityScanner.of(opened).scan(sbom), LocalDate.now());
            VulnerabilityReport report = result.report();
            for (IgnoreRule r : result.expiredIgnores()) {
                err.println("containersec: warning: ignore entry " + r.id()
                        + r.pkg().map(p -> " for " + p).orElse("") + " expired on " + r.expires().orElseThrow()
                        + " and no longer applies");
            }
            switch (format) {
                case JSON -> ScanRenderer.json(out, target, opened.status(), result);
                case SARIF -> out.print(new String(VulnerabilityReportWriter.sarif(result, target,
                        VersionProvider.version()), StandardCharsets.UTF_8) + "\n");
                case CYCLONEDX_VEX -> out.print(new String(VulnerabilityReportWriter.cycloneDxVex(result, target,
                        VersionProvider.version()), StandardCharsets.UTF_8) + "\n");
                default -> out.print(ScanRenderer.table(target, result, showSuppressed));
            }
            out.flush();
            if (failOn != null && report.hasFindingAtLeast(failOn)) {
                long n = report.findings().stream().filter(f -> f.severity().isAtLeast(failOn)).count();
                err.println("containersec: " + n + (n == 1 ? " finding" : " findings") + " at or above " + failOn);
                return ExitCode.GATE_FAILED;
            }
            return ExitCode.OK;
        }
    }
}
