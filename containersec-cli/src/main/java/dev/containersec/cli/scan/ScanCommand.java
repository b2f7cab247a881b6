package dev.containersec.cli.scan;

import dev.containersec.api.Sbom;
import dev.containersec.api.Severity;
import dev.containersec.cli.ContainersecCommand;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.Progress;
import dev.containersec.cli.VersionProvider;
import dev.containersec.cli.db.DbOptions;
import dev.containersec.sbom.VulnerabilityDb;
import dev.containersec.sbom.VulnerabilityReport;
import dev.containersec.sbom.VulnerabilityScanner;
import java.io.PrintWriter;
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
            description = "Output format: table or json (default: ${DEFAULT-VALUE}).")
    ScanFormat format;

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
                sbom = ScanTarget.load(target, Progress.forCommand(ContainersecCommand.of(spec), err));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e, null, target);
            }
            VulnerabilityReport report = VulnerabilityScanner.of(opened).scan(sbom);
            if (format == ScanFormat.JSON) {
                ScanRenderer.json(out, target, opened.status(), report);
            } else {
                out.print(ScanRenderer.table(target, report));
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
