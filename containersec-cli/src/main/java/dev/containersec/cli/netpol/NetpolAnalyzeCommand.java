package dev.containersec.cli.netpol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.InputFiles;
import dev.containersec.policy.NetpolConnection;
import dev.containersec.policy.NetpolExplanation;
import dev.containersec.policy.NetpolFinding;
import dev.containersec.policy.NetpolMatrix;
import dev.containersec.policy.NetworkPolicyAnalysis;
import dev.containersec.policy.NetworkPolicyAnalyzer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code containersec netpol analyze MANIFEST... [--format table|json|dot] [--explain SRC DST:PORT]}.
 *
 * <p>{@code --format json} prints one object whose fields are part of the command-line contract:
 * {@code connections} (each with {@code src}, {@code dst}, {@code port}, {@code protocol}; workloads
 * named {@code namespace/name}, external ranges by CIDR), {@code findings}, {@code workloads} and
 * {@code matrix} ({@code sources}, {@code destinations}, {@code cells}: allowed ports per pair, empty
 * when none). {@code --format matrix} prints that matrix as text.
 * With {@code --explain}, JSON is one object: {@code source}, {@code destination}, {@code protocol},
 * {@code port}, {@code allowed}, {@code egressAllowed}, {@code egressReasons}, {@code ingressAllowed},
 * {@code ingressReasons}.
 */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        versionProvider = dev.containersec.cli.VersionProvider.class,
        description = {"List the connections NetworkPolicies allow between workloads and external ranges,",
            "and findings (workloads not isolated, unrestricted egress, DNS blocked, ...).",
            "MANIFEST is a YAML/JSON file or a directory of them (Namespaces, workloads,",
            "Services, NetworkPolicies).",
            "JSON: {connections: [{src, dst, port, protocol, ...}], findings, workloads, matrix}."})
public final class NetpolAnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MANIFEST", arity = "1..*", description = "Manifest files or directories.")
    List<Path> manifests;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: table, json, dot or matrix (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--explain", arity = "2", paramLabel = "ENDPOINT",
            description = "Explain one connection: SRC DST:PORT[/PROTO], workloads as namespace/name.")
    List<String> explain;

    @Override
    public Integer call() throws Exception {
        String f = format.toLowerCase(Locale.ROOT);
        if (!List.of("table", "json", "dot", "matrix").contains(f)) {
            throw new ParameterException(spec.commandLine(),
                    "'" + format + "' is not a format; use one of table, json, dot, matrix");
        }
        NetworkPolicyAnalysis analysis = NetworkPolicyAnalyzer.create().analyze(InputFiles.manifests(manifests));
        PrintWriter out = spec.commandLine().getOut();
        if (explain != null) {
            NetpolExplanation e;
            try {
                e = analysis.explain(explain.get(0), explain.get(1));
            } catch (IllegalArgumentException bad) {
                throw new ParameterException(spec.commandLine(), bad.getMessage(), bad);
            }
            if (f.equals("json")) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source", e.source());
                m.put("destination", e.destination());
                m.put("protocol", e.protocol().name());
                m.put("port", e.port());
                m.put("allowed", e.allowed());
                m.put("egressAllowed", e.egressAllowed());
                m.put("egressReasons", e.egressReasons());
                m.put("ingressAllowed", e.ingressAllowed());
                m.put("ingressReasons", e.ingressReasons());
                writeJson(out, m);
            } else {
                out.print(e);
            }
            out.flush();
            return ExitCode.OK;
        }
        switch (f) {
            case "json": {
                Map<String, Object> json = new LinkedHashMap<>(analysis.asMap());
                NetpolMatrix matrix = analysis.matrix();
                json.put("matrix", Map.of("sources", matrix.sources(), "destinations", matrix.destinations(),
                        "cells", matrix.cells()));
                writeJson(out, json);
                break;
            }
            case "matrix":
                matrix(out, analysis.matrix());
                break;
            case "dot":
                out.print(analysis.toDot());
                break;
            default:
                table(out, analysis);
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void writeJson(PrintWriter out, Object value) throws java.io.IOException {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
    }

    /** Rows are sources, columns destinations; each column is headed by its index to keep lines short. */
    private static void matrix(PrintWriter out, NetpolMatrix matrix) {
        int name = "SOURCE \\ DESTINATION".length();
        for (String s : matrix.sources()) {
            name = Math.max(name, s.length());
        }
        for (int d = 0; d < matrix.destinations().size(); d++) {
            out.printf("[%d] %s%n", d, matrix.destinations().get(d));
        }
        int[] width = new int[matrix.destinations().size()];
        for (int d = 0; d < width.length; d++) {
            width[d] = Math.max(3, String.valueOf(d).length() + 2);
            for (List<String> row : matrix.cells()) {
                width[d] = Math.max(width[d], row.get(d).isEmpty() ? 1 : row.get(d).length());
            }
        }
        StringBuilder header = new StringBuilder(String.format("%n%-" + name + "s", "SOURCE \\ DESTINATION"));
        for (int d = 0; d < width.length; d++) {
            header.append("  ").append(String.format("%-" + width[d] + "s", "[" + d + "]"));
        }
        out.println(header.toString().stripTrailing());
        for (int s = 0; s < matrix.sources().size(); s++) {
            StringBuilder line = new StringBuilder(String.format("%-" + name + "s", matrix.sources().get(s)));
            for (int d = 0; d < width.length; d++) {
                String cell = matrix.cells().get(s).get(d);
                line.append("  ").append(String.format("%-" + width[d] + "s", cell.isEmpty() ? "-" : cell));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static void table(PrintWriter out, NetworkPolicyAnalysis analysis) {
        List<NetpolConnection> connections = analysis.connections();
        int src = "SOURCE".length();
        int dst = "DESTINATION".length();
        for (NetpolConnection c : connections) {
            src = Math.max(src, c.source().name().length());
            dst = Math.max(dst, c.destination().name().length());
        }
        String row = "%-" + src + "s  %-" + dst + "s  %-8s %s%n";
        out.printf("Connections (%d):%n", connections.size());
        out.printf(row, "SOURCE", "DESTINATION", "PROTOCOL", "PORT");
        for (NetpolConnection c : connections) {
            out.printf(row, c.source().name(), c.destination().name(), c.protocol().name(), c.port());
        }
        List<NetpolFinding> findings = analysis.findings();
        out.printf("%nFindings (%d):%n", findings.size());
        for (NetpolFinding finding : findings) {
            out.printf("  %-28s %s: %s%n", finding.kind(), finding.subject(), finding.message());
        }
    }
}
