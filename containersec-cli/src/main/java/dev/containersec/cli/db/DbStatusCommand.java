package dev.containersec.cli.db;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.Json;
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
        description = "Describe the vulnerability database: schema version, advisories per ecosystem, import time.")
public final class DbStatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DbOptions db;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        VulnerabilityDb.Status s;
        try (VulnerabilityDb opened = VulnerabilityDb.open(db.dir())) {
            s = opened.status();
        }
        if (json) {
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
        }
        out.flush();
        return ExitCode.OK;
    }
}
