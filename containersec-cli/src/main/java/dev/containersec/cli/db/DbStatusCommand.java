package dev.containersec.cli.db;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.Json;
import dev.containersec.cli.OutputFormat;
import dev.containersec.cli.VersionProvider;
import dev.containersec.sbom.VulnerabilityDb;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code containersec db status}. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Describe the vulnerability database: schema version, advisories per ecosystem, import time,",
            "and for each ecosystem 'db update' mirrors: the archive URL, its ETag and Last-Modified, when it was last",
            "downloaded and last checked (a 304 Not Modified counts as checked), and its advisory count."})
public final class DbStatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DbOptions db;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = OutputFormat.Converter.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--json", description = "The same as --format json (kept for scripts that use it).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        VulnerabilityDb.Status s;
        try (VulnerabilityDb opened = VulnerabilityDb.open(db.dir())) {
            s = opened.status();
        }
        if (json || format == OutputFormat.JSON) {
            try (JsonGenerator g = Json.generator(out, true)) {
                g.writeStartObject();
                g.writeStringField("file", s.file().toString());
                g.writeNumberField("schemaVersion", s.schemaVersion());
                g.writeNumberField("advisories", s.advisories());
                g.writeNumberField("affectedEntries", s.affectedEntries());
                Json.optional(g, "importedAt", s.importedAt().map(Object::toString));
                g.writeObjectFieldStart("advisoriesByEcosystem");
                for (Map.Entry<String, Long> e : s.advisoriesByEcosystem().entrySet()) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeArrayFieldStart("mirroredEcosystems");
                for (VulnerabilityDb.MirroredEcosystem m : s.mirroredEcosystems()) {
                    g.writeStartObject();
                    g.writeStringField("ecosystem", m.ecosystem());
                    g.writeStringField("url", m.uri().toString());
                    Json.optional(g, "etag", m.etag());
                    Json.optional(g, "lastModified", m.lastModified());
                    Json.optional(g, "lastDownloaded", m.lastDownloaded());
                    Json.optional(g, "lastChecked", m.lastChecked());
                    g.writeNumberField("advisories", m.advisories());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            out.println();
        } else {
            out.println("database        " + s.file());
            out.println("schema version  " + s.schemaVersion());
            out.println("advisories      " + s.advisories());
            out.println("package entries " + s.affectedEntries());
            out.println("imported at     " + s.importedAt().map(Object::toString).orElse("unknown"));
            for (Map.Entry<String, Long> e : s.advisoriesByEcosystem().entrySet()) {
                out.printf("  %-14s %d%n", e.getKey(), e.getValue());
            }
            if (!s.mirroredEcosystems().isEmpty()) {
                out.println("mirrored by 'db update'");
            }
            for (VulnerabilityDb.MirroredEcosystem m : s.mirroredEcosystems()) {
                out.printf("  %-14s %d advisories from %s%n", m.ecosystem(), m.advisories(), m.uri());
                out.printf("  %-14s etag %s, last-modified %s%n", "", m.etag().orElse("none"),
                        m.lastModified().orElse("none"));
                out.printf("  %-14s downloaded %s, checked %s%n", "", m.lastDownloaded().map(Object::toString)
                        .orElse("unknown"), m.lastChecked().map(Object::toString).orElse("unknown"));
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
