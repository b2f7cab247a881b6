package dev.containersec.cli.policy;

import picocli.CommandLine.Command;

/** {@code containersec policy}: policy as code over manifests and images. */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        versionProvider = dev.containersec.cli.VersionProvider.class,
        description = "Check manifests and images against built-in packs and CEL policies.",
        subcommands = {PolicyCheckCommand.class})
public final class PolicyCommand {
}
