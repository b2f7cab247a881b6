package dev.containersec.cli.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.OutputFormat;
import dev.containersec.runtime.RuleEngine;
import dev.containersec.runtime.RuleLoadReport;
import dev.containersec.runtime.RuleProblem;
import dev.containersec.runtime.RuleStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code containersec rules check RULES.yaml... [--format table|json]}: loads the files in order, as
 * Falco loads them, and says for each rule whether it loaded or why not. Exit 1 when any error was
 * found (a rule that does not load, a bad macro or list), 0 otherwise; warnings do not fail.
 *
 * <p>{@code --format json} prints one object: {@code rules}, each with {@code name}, {@code file},
 * {@code loaded} and {@code reason} (only when not loaded), and {@code problems}, each with
 * {@code level}, {@code file}, {@code line}, {@code item}, {@code field} and {@code message}.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = dev.containersec.cli.VersionProvider.class,
        description = {"Load Falco-compatible rules files in order and report each rule: loaded, or why not.",
            "Exit 1 when any error is found.",
            "JSON: {rules: [{name, file, loaded, reason?}], problems: [{level, file, line, item, field, message}]}."})
public final class RulesCheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RULES", arity = "1..*", description = "Rules files, loaded in this order.")
    List<Path> files;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = OutputFormat.Converter.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    public Integer call() throws IOException {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new NoSuchFileException(f.toString());
            }
        }
        RuleLoadReport report = RuleEngine.create().checkFiles(files);
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.JSON) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(asMap(report)));
        } else {
            for (RuleStatus r : report.rules()) {
                out.printf("%-8s %s (%s)%s%n", r.loaded() ? "loaded" : "FAILED", r.name(), r.file(),
                        r.reason().map(why -> ": " + why).orElse(""));
            }
            for (RuleProblem p : report.problems()) {
                out.println(p);
            }
            long loaded = report.rules().stream().filter(RuleStatus::loaded).count();
            out.printf("%d of %d rules loaded, %d errors, %d warnings%n", loaded, report.rules().size(),
                    report.errors().size(), report.warnings().size());
        }
        out.flush();
        return report.hasErrors() ? ExitCode.GATE_FAILED : ExitCode.OK;
    }

    private static Map<String, Object> asMap(RuleLoadReport report) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (RuleStatus r : report.rules()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("file", r.file());
            m.put("loaded", r.loaded());
            r.reason().ifPresent(why -> m.put("reason", why));
            rules.add(m);
        }
        List<Map<String, Object>> problems = new ArrayList<>();
        for (RuleProblem p : report.problems()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("level", p.level().name().toLowerCase(java.util.Locale.ROOT));
            m.put("file", p.file());
            m.put("line", p.line());
            m.put("item", p.item());
            m.put("field", p.field().orElse(null));
            m.put("message", p.message());
            problems.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rules", rules);
        out.put("problems", problems);
        return out;
    }
}
