package dev.containersec.cli.demo;

import dev.containersec.api.Finding;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Sbom;
import dev.containersec.cli.ContainersecCommand;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.Progress;
import dev.containersec.cli.Text;
import dev.containersec.cli.VersionProvider;
import dev.containersec.cli.scan.ScanRenderer;
import dev.containersec.cli.scan.ScanTarget;
import dev.containersec.sbom.VulnerabilityDb;
import dev.containersec.sbom.VulnerabilityReport;
import dev.containersec.sbom.VulnerabilityScanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code containersec demo}: builds a two-layer OCI image from real artifacts bundled with the CLI (a
 * Debian 12 package database excerpt and os-release; the log4j-core 2.14.1 jar from Maven Central),
 * imports a bundled snapshot of real OSV advisories into a private database, scans the image and prints
 * the report, Log4Shell first. Needs no network and leaves the user's database alone.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Show what containersec does, offline: assemble a small image from real artifacts",
            "(a Debian 12 package database, the log4j-core 2.14.1 jar), scan it against a bundled snapshot",
            "of real OSV advisories and report Log4Shell (CVE-2021-44228) with the layer it came from."})
public final class DemoCommand implements Callable<Integer> {
    static final String JAR = "log4j-core-2.14.1.jar";
    static final String JAR_PATH = "opt/app/lib/" + JAR;
    private static final List<String> ADVISORIES = List.of("GHSA-jfh8-c2jp-5v3q.json", "GHSA-7rjr-3q55-vv33.json",
            "GHSA-36p3-wjmg-h94x.json", "GHSA-599f-7c49-w659.json");

    @Spec
    CommandSpec spec;

    @Option(names = "--keep", paramLabel = "DIR",
            description = "Write the image and the database into DIR (created) and keep them, instead of a "
                    + "temporary directory that is deleted afterwards.")
    Path keep;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path work = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("containersec-demo-");
        try {
            return run(work, out, err);
        } finally {
            if (keep == null) {
                deleteTree(work);
            }
        }
    }

    private int run(Path work, PrintWriter out, PrintWriter err) throws IOException {
        byte[] dpkg = resource("dpkg-status");
        OciLayoutWriter.Written image = OciLayoutWriter.write(work.resolve("image"), "demo", List.of(
                new OciLayoutWriter.Layer("debian:12 base (os-release and a dpkg status excerpt)")
                        .file("etc/os-release", resource("os-release"))
                        .file("var/lib/dpkg/status", dpkg),
                new OciLayoutWriter.Layer("COPY " + JAR + " /" + JAR_PATH)
                        .file(JAR_PATH, resource(JAR))));
        Path osv = Files.createDirectories(work.resolve("osv"));
        for (String name : ADVISORIES) {
            Files.write(osv.resolve(name), resource("osv/" + name));
        }
        Path dbDir = work.resolve("db");
        VulnerabilityDb.ImportResult imported = VulnerabilityDb.importer(dbDir).keepExisting(false).add(osv).run();
        String target = "oci:" + image.layout() + ":" + image.tag();

        out.println("containersec demo: scanning an image assembled just now from real artifacts");
        out.println();
        out.println("image     " + Text.printable(target));
        out.println("  layer 1 " + image.layers().get(0) + "  Debian 12: /etc/os-release, /var/lib/dpkg/status");
        out.println("  layer 2 " + image.layers().get(1) + "  /" + JAR_PATH + " (Maven Central)");
        out.println("database  " + imported.status().advisories() + " real OSV advisories (github/advisory-database snapshot), "
                + "imported into " + Text.printable(dbDir.toString()));

        Sbom sbom = ScanTarget.load(target, Progress.forCommand(ContainersecCommand.of(spec), err),
                        dev.containersec.cli.image.RegistryOptions.readerBuilder(spec).build());
        VulnerabilityReport report;
        try (VulnerabilityDb db = VulnerabilityDb.open(dbDir)) {
            report = VulnerabilityScanner.of(db).scan(sbom);
        }
        out.println("catalog   " + sbom.packages().size() + " packages; OS advisories looked up as "
                + report.osEcosystem().orElse("(none)"));
        out.println();
        out.print(ScanRenderer.table(target, report));
        out.println();
        Finding log4shell = report.findings().stream()
                .filter(f -> f.vulnerability().isKnownAs("CVE-2021-44228")).findFirst().orElse(null);
        if (log4shell == null) {
            out.flush();
            err.println("containersec: error: the demo did not find Log4Shell (CVE-2021-44228); this is a bug");
            return ExitCode.INTERNAL;
        }
        out.println("Log4Shell: CVE-2021-44228 (" + log4shell.vulnerability().id() + "), " + log4shell.severity());
        out.println("  " + Text.printable(log4shell.vulnerability().summary()));
        out.println("  package   " + log4shell.packageName() + " " + log4shell.pkg().version()
                + "  (" + log4shell.pkg().purl() + ")");
        for (PackageLocation l : log4shell.pkg().locations()) {
            out.println("  found at  " + Text.printable(l.path()));
            out.println("  layer     " + (l.layerIndex() + 1) + " of " + sbom.subject().layers().size() + ", "
                    + l.layerDigest().map(Object::toString).orElse("(unknown digest)"));
        }
        out.println("  affected  " + log4shell.affectedRange());
        out.println("  fixed in  " + (log4shell.fixedVersions().isEmpty() ? "-" : String.join(", ", log4shell.fixedVersions())));
        out.println("  severity  " + log4shell.severity() + " from " + log4shell.vulnerability().severitySource());
        out.println();
        out.println("Next: containersec db update --ecosystem Maven (or db import <OSV all.zip or directory>), then containersec scan IMAGE|SBOM.");
        out.flush();
        return ExitCode.OK;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) {
                throw new IllegalStateException("demo resource /demo/" + name + " is missing from the CLI build"
                        + " (the log4j-core jar is copied in by maven-dependency-plugin at generate-resources)");
            }
            return in.readAllBytes();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: a temporary directory left behind is harmless.
                }
            });
        } catch (IOException ignored) {
            // Same as above.
        }
    }
}
