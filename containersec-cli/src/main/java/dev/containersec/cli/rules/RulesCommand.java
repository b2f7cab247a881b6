package dev.containersec.cli.rules;

import picocli.CommandLine.Command;

/** {@code containersec rules}: Falco-compatible runtime rules files. */
@Command(
        name = "rules",
        mixinStandardHelpOptions = true,
        versionProvider = dev.containersec.cli.VersionProvider.class,
        description = "Work with Falco-compatible rules files.",
        subcommands = {RulesCheckCommand.class})
public final class RulesCommand {
}
