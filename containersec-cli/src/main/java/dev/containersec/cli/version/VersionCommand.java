package dev.containersec.cli.version;

import picocli.CommandLine.Command;

/** {@code containersec version}: version semantics of package ecosystems. */
@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        versionProvider = dev.containersec.cli.VersionProvider.class,
        description = "Compare package versions as each ecosystem's own tools order them.",
        subcommands = {VersionCompareCommand.class})
public final class VersionCommand {
}
