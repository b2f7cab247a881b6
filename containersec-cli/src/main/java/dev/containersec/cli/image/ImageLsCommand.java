package dev.containersec.cli.image;

import dev.containersec.cli.ContainersecCommand;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.OutputFormat;
import dev.containersec.cli.Progress;
import dev.containersec.cli.Warnings;
import dev.containersec.image.FileWalk;
import dev.containersec.image.Image;
import dev.containersec.image.WalkResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code containersec image ls IMAGE [--format table|json] [--platform os/arch[/variant]]}: the merged
 * file list (all layers applied, whiteouts honoured), sorted by path, each entry with the layer that
 * provided it. Output is streamed: memory does not grow with the number of entries printed.
 *
 * <p>{@code --format json} writes one array, one entry object per line. Its fields are part of the
 * command-line contract and are only ever added to:
 * <pre>
 * path        string  absolute path, e.g. /etc/os-release
 * type        string  regular | directory | symlink | hardlink | char-device | block-device | fifo
 * size        number  content size in bytes
 * mode        string  permission bits as four octal digits, e.g. "0755", "4755"
 * uid, gid    number  owner
 * layer       string  digest of the layer that provided the entry
 * layerIndex  number  index of that layer, 0 for the bottom layer
 * linkTarget  string  only when present: a symlink's target as stored, or a hard link's absolute target
 * </pre>
 *
 * <p>Entries the walk skipped (hostile or malformed) are reported on stderr as warnings with their count.
 */
@Command(
        name = "ls",
        mixinStandardHelpOptions = true,
        versionProvider = dev.containersec.cli.VersionProvider.class,
        description = {"List the image's merged filesystem, sorted by path, with the layer each",
            "entry came from. Entries skipped as hostile or malformed are reported on",
            "stderr as warnings.",
            "",
            "JSON (--format json): an array, one object per line; fields (only ever added):",
            "  path, type (regular|directory|symlink|hardlink|char-device|block-device|",
            "  fifo), size, mode (octal string, e.g. \"0755\"), uid, gid,",
            "  layer (layer digest), layerIndex, linkTarget (only for links)"})
public final class ImageLsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ImageOptions image;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = OutputFormat.Converter.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = Progress.forCommand(ContainersecCommand.of(spec), err);
        FileListRenderer renderer = format == OutputFormat.JSON ? new FileListJsonRenderer(out)
                : new FileListTableRenderer(out);
        WalkResult result;
        try (Image opened = image.open()) {
            try {
                result = opened.walk(FileWalk.builder()
                        .listing(entry -> {
                            // The listing starts once every layer is read: the progress line is done.
                            progress.finish();
                            renderer.accept(entry);
                        })
                        .progress(progress)
                        .build());
            } finally {
                progress.finish();
            }
        }
        renderer.finish();
        Warnings.skipped(result, err);
        return ExitCode.OK;
    }
}
