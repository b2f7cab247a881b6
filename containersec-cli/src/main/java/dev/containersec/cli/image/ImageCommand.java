package dev.containersec.cli.image;

import picocli.CommandLine.Command;

/** The {@code containersec image} command group; it does nothing by itself. */
@Command(
        name = "image",
        mixinStandardHelpOptions = true,
        versionProvider = dev.containersec.cli.VersionProvider.class,
        description = "Read container images: their manifest, configuration, layers and files.",
        subcommands = {ImageInspectCommand.class, ImageLsCommand.class})
public final class ImageCommand {
}
