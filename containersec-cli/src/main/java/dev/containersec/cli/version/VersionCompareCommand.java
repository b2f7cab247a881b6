package dev.containersec.cli.version;

import dev.containersec.api.InvalidInputException;
import dev.containersec.cli.ExitCode;
import dev.containersec.sbom.Ecosystem;
import dev.containersec.sbom.VersionScheme;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code containersec version compare --ecosystem E A B} prints {@code <}, {@code =} or {@code >};
 * with {@code --stdin} it reads {@code A B} pairs, one per line, and prints one answer per line
 * (blank lines are skipped). The ecosystem is an OSV name (case-insensitive, a {@code :release}
 * suffix allowed) or a purl type. An invalid version is bad input (exit 3) naming the line.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        versionProvider = dev.containersec.cli.VersionProvider.class,
        description = {"Print <, = or > for versions A and B in an ecosystem's order.",
            "Ecosystems: Maven, PyPI, npm, Go, crates.io, RubyGems, NuGet, Packagist, Hex, Pub,",
            "CRAN, Hackage, Debian, Ubuntu, Red Hat, AlmaLinux, Rocky Linux, Alpine, or a purl",
            "type (deb, rpm, apk, ...). With --stdin, reads 'A B' pairs one per line."})
public final class VersionCompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-e", "--ecosystem"}, required = true, paramLabel = "E", description = "The ecosystem.")
    String ecosystem;

    @Option(names = "--stdin", description = "Read 'A B' pairs from standard input, one per line.")
    boolean stdin;

    @Parameters(paramLabel = "VERSION", arity = "0..2", description = "The two versions (without --stdin).")
    List<String> versions = List.of();

    @Override
    public Integer call() throws IOException {
        VersionScheme scheme;
        try {
            scheme = Ecosystem.parse(ecosystem).scheme();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!stdin) {
            if (versions.size() != 2) {
                throw new ParameterException(spec.commandLine(), "give two versions A B, or --stdin");
            }
            out.println(symbol(scheme.compare(versions.get(0), versions.get(1))));
            out.flush();
            return ExitCode.OK;
        }
        if (!versions.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--stdin reads the versions; give none as arguments");
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] pair = trimmed.split("\\s+");
            if (pair.length != 2) {
                throw new InvalidInputException("stdin line " + number, "expected two versions 'A B', found "
                        + pair.length + " fields");
            }
            try {
                out.println(symbol(scheme.compare(pair[0], pair[1])));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("stdin line " + number, e.getMessage(), e);
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private static String symbol(int c) {
        return c < 0 ? "<" : c > 0 ? ">" : "=";
    }
}
