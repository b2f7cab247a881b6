package dev.containersec.cli.netpol;

import picocli.CommandLine.Command;

/** {@code containersec netpol}: NetworkPolicy reachability analysis and least-privilege generation. */
@Command(
        name = "netpol",
        mixinStandardHelpOptions = true,
        versionProvider = dev.containersec.cli.VersionProvider.class,
        description = "Analyse which workloads may talk to which under NetworkPolicies, or generate policies from flows.",
        subcommands = {NetpolAnalyzeCommand.class, NetpolGenerateCommand.class})
public final class NetpolCommand {
}
