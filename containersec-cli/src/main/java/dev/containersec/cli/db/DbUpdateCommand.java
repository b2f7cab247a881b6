package dev.containersec.cli.db;

import dev.containersec.cli.ContainersecCommand;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.Progress;
import dev.containersec.cli.Text;
import dev.containersec.cli.VersionProvider;
import dev.containersec.sbom.OsvMirror;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code containersec db update [--source URL] [--ecosystem NAME]...}. */
@Command(
        name = "update",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Download OSV's per-ecosystem all.zip archives ({source}/{ecosystem}/all.zip) into the database.",
            "Conditional requests (ETag, Last-Modified): an unchanged archive is not downloaded again. Each archive",
            "is verified (complete zip, within the import's bounds, every advisory parsed or skipped with a reason)",
            "before a new database file is built and swapped in; an ecosystem that fails keeps its old advisories.",
            "Exit 3 when any ecosystem failed (the others were applied)."})
public final class DbUpdateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DbOptions db;

    @Option(names = "--source", paramLabel = "URL",
            description = "An OSV-style http(s) base URL (default: " + OsvMirror.DEFAULT_SOURCE + ").")
    String source;

    @Option(names = "--ecosystem", paramLabel = "NAME",
            description = "An OSV ecosystem to download, e.g. Go, PyPI, Maven, npm, crates.io, Debian, AlmaLinux "
                    + "(repeatable; default: the ecosystems this database was updated from before).")
    List<String> ecosystems = List.of();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OsvMirror.Builder builder = OsvMirror.builder();
        try {
            if (source != null) {
                builder.source(URI.create(source));
            }
            builder.ecosystems(ecosystems);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (ecosystems.isEmpty() && OsvMirror.mirroredEcosystems(db.dir()).isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name at least one --ecosystem (e.g. Go,"
                    + " PyPI, Maven, npm, Debian): the database in " + db.dir() + " was never updated from a mirror");
        }
        Progress progress = Progress.forCommand(ContainersecCommand.of(spec), err);
        OsvMirror.UpdateResult r;
        try {
            r = builder.progress(progress).build().update(db.dir());
        } finally {
            progress.finish();
        }
        for (OsvMirror.EcosystemUpdate u : r.ecosystems()) {
            String name = Text.printable(u.ecosystem());
            switch (u.status()) {
                case UPDATED -> out.printf(Locale.ROOT, "%-14s updated    %d advisories, %d skipped, %s%n", name,
                        u.advisories(), u.skipped(), Text.bytes(u.bytes()));
                case UNCHANGED -> out.printf(Locale.ROOT, "%-14s unchanged%n", name);
                default -> {
                    OsvMirror.Failure f = u.failure().orElseThrow();
                    out.printf(Locale.ROOT, "%-14s failed     %s%n", name, f.reason().name().toLowerCase(Locale.ROOT));
                    err.println("containersec: " + name + ": " + Text.printable(f.message()));
                }
            }
            for (String skipped : u.skippedReasons()) {
                err.println("containersec: warning: skipped " + Text.printable(skipped));
            }
            if (u.skipped() > u.skippedReasons().size()) {
                err.println("containersec: warning: " + (u.skipped() - u.skippedReasons().size()) + " more skipped");
            }
        }
        r.database().ifPresent(s -> out.println("database " + s.file() + ": " + s.advisories() + " advisories"
                + (r.databaseReplaced() ? "" : " (file unchanged)")));
        out.flush();
        err.flush();
        return r.anyFailed() ? ExitCode.BAD_INPUT : ExitCode.OK;
    }
}
