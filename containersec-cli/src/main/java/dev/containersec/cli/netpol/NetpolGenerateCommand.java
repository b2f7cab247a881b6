package dev.containersec.cli.netpol;

import dev.containersec.cli.ExitCode;
import dev.containersec.cli.InputFiles;
import dev.containersec.policy.Flow;
import dev.containersec.policy.NetpolGeneratedPolicy;
import dev.containersec.policy.NetpolGenerationResult;
import dev.containersec.policy.NetworkPolicyAnalyzer;
import dev.containersec.policy.NetworkPolicyGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code containersec netpol generate --flows FILE [-o DIR] [MANIFEST...]}: least-privilege
 * NetworkPolicies that allow exactly the observed flows plus DNS, proven by analysing them again.
 * Without {@code -o} the policies go to stdout as one multi-document YAML stream; with it, one file per
 * policy is written (each atomically). The proof's verdict goes to stderr; a generation whose proof
 * fails exits with 4 and writes nothing.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        versionProvider = dev.containersec.cli.VersionProvider.class,
        description = {"Generate NetworkPolicies allowing exactly the observed flows (plus DNS).",
            "FILE is a JSON list of {source, destination, port, protocol}; workloads as",
            "namespace/name, external peers as IP or CIDR. Give MANIFEST files or directories",
            "to select workloads by their real pod labels."})
public final class NetpolGenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--flows", required = true, paramLabel = "FILE", description = "The observed flows (JSON).")
    Path flows;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", description = "Write one YAML file per policy here.")
    Path outputDir;

    @Parameters(paramLabel = "MANIFEST", arity = "0..*", description = "Manifests with the workloads' pod labels.")
    List<Path> manifests = List.of();

    @Override
    public Integer call() throws IOException {
        NetworkPolicyGenerator generator = NetworkPolicyGenerator.create();
        List<Flow> observed = generator.loadFlows(flows);
        NetpolGenerationResult result = manifests.isEmpty() ? generator.generate(observed)
                : generator.generate(observed, NetworkPolicyAnalyzer.create().load(InputFiles.manifests(manifests)));
        PrintWriter err = spec.commandLine().getErr();
        if (!result.verified()) {
            err.println("containersec: internal error: the generated policies do not reproduce the flows; missing "
                    + result.missing() + ", unexpected " + result.unexpected());
            err.flush();
            return ExitCode.INTERNAL;
        }
        if (outputDir == null) {
            spec.commandLine().getOut().print(result.yaml());
            spec.commandLine().getOut().flush();
        } else {
            Files.createDirectories(outputDir);
            for (NetpolGeneratedPolicy p : result.policies()) {
                Path target = outputDir.resolve(p.fileName());
                Path tmp = Files.createTempFile(outputDir, ".netpol-", ".tmp");
                Files.writeString(tmp, p.yaml(), StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        err.printf("verified: %d policies allow exactly the %d observed flows plus DNS%n", result.policies().size(),
                observed.size());
        err.flush();
        return ExitCode.OK;
    }
}
