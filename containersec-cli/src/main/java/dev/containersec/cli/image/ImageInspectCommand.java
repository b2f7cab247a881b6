package dev.containersec.cli.image;

import dev.containersec.api.OsRelease;
import dev.containersec.cli.ContainersecCommand;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.OutputFormat;
import dev.containersec.cli.Progress;
import dev.containersec.cli.Warnings;
import dev.containersec.image.FileWalk;
import dev.containersec.image.Image;
import dev.containersec.image.WalkResult;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code containersec image inspect IMAGE [--format table|json] [--platform os/arch[/variant]]}: the
 * image's location, manifest, configuration, layers and operating system.
 *
 * <p>The operating system is detected from the release files of the merged filesystem, so every
 * layer is read (and verified) once; progress is drawn on stderr meanwhile.
 *
 * <p>{@code --format json} writes one object. Its fields are part of the command-line contract and
 * are only ever added to; absent values are {@code null}, never missing:
 * <pre>
 * location            string   where the image was read, transport resolved (skopeo syntax)
 * transport           string   oci | oci-archive | docker-archive | registry
 * manifestDigest      string?  sha256:...; null for docker-archive (it stores no manifest)
 * manifestMediaType   string
 * manifestAnnotations object   string to string
 * configDigest        string
 * configMediaType     string
 * platform            string   os/arch[/variant] of the chosen image
 * availablePlatforms  [string] the platforms the location offers
 * os                  object?  {id, versionId, versionCodename, prettyName, idLike: [string], source}; null if none
 * layers              [object] bottom first: {index, digest, mediaType, size (bytes; null if unknown), diffId (null if unknown)}
 * config              object   {created?, author, user, runsAsRoot, env: [string], entrypoint: [string],
 *                              cmd: [string], workingDir, exposedPorts: [string], volumes: [string],
 *                              labels: object, stopSignal?, healthcheck?, history: [object]}
 *   healthcheck       object?  {test: [string], interval, timeout, startPeriod (ISO-8601 durations), retries, disabled}
 *   history[]         object   {created?, createdBy, comment, author, emptyLayer}
 * </pre>
 */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        versionProvider = dev.containersec.cli.VersionProvider.class,
        description = {"Show an image's location, manifest, configuration, layers and operating system.",
            "",
            "JSON fields (--format json; only ever added to; absent values are null):",
            "  location, transport, manifestDigest, manifestMediaType,",
            "  manifestAnnotations, configDigest, configMediaType, platform,",
            "  availablePlatforms[], os {id, versionId, versionCodename, prettyName,",
            "  idLike[], source}, layers[] {index, digest, mediaType, size, diffId},",
            "  config {created, author, user, runsAsRoot, env[], entrypoint[], cmd[],",
            "  workingDir, exposedPorts[], volumes[], labels{}, stopSignal,",
            "  healthcheck {test[], interval, timeout, startPeriod, retries, disabled},",
            "  history[] {created, createdBy, comment, author, emptyLayer}}"})
public final class ImageInspectCommand implements Callable<Integer> {

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
        try (Image opened = image.open()) {
            // The same walk as Image.detectOs(), with progress and the skipped entries reported.
            WalkResult walk;
            try {
                walk = opened.walk(FileWalk.builder().progress(progress).build());
            } finally {
                progress.finish();
            }
            Warnings.skipped(walk, err);
            Optional<OsRelease> os = walk.os();
            if (format == OutputFormat.JSON) {
                InspectJsonRenderer.render(opened, os, out);
            } else {
                InspectTableRenderer.render(opened, os, out);
            }
        }
        return ExitCode.OK;
    }
}
