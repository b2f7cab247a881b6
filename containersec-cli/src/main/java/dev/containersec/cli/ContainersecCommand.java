package dev.containersec.cli;

import dev.containersec.cli.image.ImageCommand;
import dev.containersec.cli.netpol.NetpolCommand;
import dev.containersec.cli.rules.RulesCommand;
import dev.containersec.cli.version.VersionCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root command, {@code containersec}, and the options every command accepts ({@code --debug},
 * {@code --progress}). Further command groups (sbom, scan, db, policy, netpol, rules, watch, demo,
 * version) are added to {@code subcommands} as classes of their own.
 */
@Command(
        name = "containersec",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Container security checks in-process: read images (files or registries), catalog their packages, scan them for vulnerabilities, check policies, sign and verify them, and watch running containers.",
        subcommands = {ImageCommand.class, dev.containersec.cli.sbom.SbomCommand.class, NetpolCommand.class, VersionCommand.class, RulesCommand.class, dev.containersec.cli.policy.PolicyCommand.class, dev.containersec.cli.scan.ScanCommand.class, dev.containersec.cli.db.DbCommand.class, dev.containersec.cli.demo.DemoCommand.class, dev.containersec.cli.watch.WatchCommand.class,
            dev.containersec.cli.signature.VerifyCommand.class, dev.containersec.cli.signature.SignCommand.class, HelpCommand.class},
        usageHelpAutoWidth = true,
        showAtFileInUsageHelp = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:a gate failed (findings at or above --fail-on, a policy denied)",
            "2:usage error (unknown option, bad argument or image syntax)",
            "3:bad input (unreadable or hostile image, digest mismatch, missing tag or platform)",
            "4:internal error"},
        footer = {"%nErrors are printed to stderr as one line; add --debug for stack traces.",
            "Image syntax: oci:DIR[:TAG|@DIGEST], oci-archive:FILE[:TAG|@DIGEST],",
            "  docker-archive:FILE[:REPO:TAG], registry:HOST[:PORT]/REPO[:TAG|@DIGEST],",
            "  or a path whose format is detected."})
public final class ContainersecCommand {

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On errors print the stack trace; log at debug level to stderr.")
    boolean debug;

    @Option(names = "--progress", scope = ScopeType.INHERIT,
            description = "Show progress on stderr even when stderr is not a terminal.")
    boolean progress;

    @picocli.CommandLine.Mixin
    dev.containersec.cli.image.RegistryOptions registryOptions = new dev.containersec.cli.image.RegistryOptions();

    private final boolean stderrIsTerminal;

    /**
     * Creates the root command.
     *
     * @param stderrIsTerminal whether stderr is an interactive terminal (progress is shown by default then)
     */
    public ContainersecCommand(boolean stderrIsTerminal) {
        this.stderrIsTerminal = stderrIsTerminal;
    }

    /**
     * Tells whether {@code --debug} was given.
     *
     * @return true for stack traces and debug logging
     */
    public boolean debug() {
        return debug;
    }

    /**
     * Tells whether progress should be drawn on stderr: when stderr is a terminal or {@code --progress} was given.
     *
     * @return true to show progress
     */
    public boolean showProgress() {
        return progress || stderrIsTerminal;
    }

    /**
     * Tells whether stderr is an interactive terminal.
     *
     * @return true on a terminal
     */
    public boolean stderrIsTerminal() {
        return stderrIsTerminal;
    }

    /**
     * Returns the options for {@code registry:} images ({@code --allow-insecure-registry}, {@code --registry-ca},
     * {@code --registry-cache}).
     *
     * @return the registry options
     */
    public dev.containersec.cli.image.RegistryOptions registryOptions() {
        return registryOptions;
    }

    /**
     * Finds the root command of a running command, for its global options.
     *
     * @param spec the running command's spec
     * @return the root command
     */
    public static ContainersecCommand of(CommandSpec spec) {
        return (ContainersecCommand) spec.root().userObject();
    }
}
