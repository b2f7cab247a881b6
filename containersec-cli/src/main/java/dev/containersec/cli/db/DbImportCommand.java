package dev.containersec.cli.db;

import dev.containersec.cli.ExitCode;
import dev.containersec.cli.Text;
import dev.containersec.cli.VersionProvider;
import dev.containersec.sbom.VulnerabilityDb;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code containersec db import PATH...}. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Import OSV advisories: JSON files, OSV's per-ecosystem all.zip archives, or directories",
            "of them. Withdrawn advisories are skipped; unsafe archive entries and malformed records are",
            "ignored and reported on stderr. The database keeps its advisories unless --replace is given."})
public final class DbImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DbOptions db;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "OSV JSON files, .zip archives or directories.")
    List<Path> paths;

    @Option(names = "--replace", description = "Hold only these advisories; drop the ones imported before.")
    boolean replace;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        VulnerabilityDb.Importer importer = VulnerabilityDb.importer(db.dir()).keepExisting(!replace);
        paths.forEach(importer::add);
        VulnerabilityDb.ImportResult r = importer.run();
        for (String ignored : r.ignored()) {
            err.println("containersec: warning: ignored " + Text.printable(ignored));
        }
        if (r.ignoredCount() > r.ignored().size()) {
            err.println("containersec: warning: " + (r.ignoredCount() - r.ignored().size()) + " more ignored");
        }
        double seconds = Math.max(r.elapsed().toNanos() / 1e9, 1e-9);
        out.printf(Locale.ROOT, "imported %d advisories in %.2f s (%.0f/s): %d withdrawn skipped, %d older versions"
                        + " skipped, %d ignored, %d kept from before%n", r.imported(), seconds, r.imported() / seconds,
                r.withdrawn(), r.keptNewer(), r.ignoredCount(), r.previous());
        out.println("database " + r.status().file() + ": " + r.status().advisories() + " advisories");
        out.flush();
        return ExitCode.OK;
    }
}
