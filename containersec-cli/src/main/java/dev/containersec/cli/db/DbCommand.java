package dev.containersec.cli.db;

import dev.containersec.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code containersec db}: the local vulnerability database. */
@Command(
        name = "db",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Manage the local vulnerability database (OSV advisories in SQLite).",
            "Imports build a new file and swap it in atomically; scans in progress keep the old one."},
        subcommands = {DbImportCommand.class, DbUpdateCommand.class, DbStatusCommand.class, HelpCommand.class})
public final class DbCommand {
}
