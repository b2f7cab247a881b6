package dev.containersec.cli.sbom;

import dev.containersec.api.Sbom;
import dev.containersec.api.SkippedEntry;
import dev.containersec.cli.ContainersecCommand;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.Progress;
import dev.containersec.cli.Text;
import dev.containersec.cli.VersionProvider;
import dev.containersec.cli.image.ImageOptions;
import dev.containersec.image.Image;
import dev.containersec.image.ImageCataloger;
import dev.containersec.sbom.SbomFormat;
import dev.containersec.sbom.SbomWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code containersec sbom IMAGE [--format cyclonedx-json|spdx-json|table] [-o FILE] [--platform P]}:
 * catalogs the image's packages and writes its SBOM.
 *
 * <p>{@code cyclonedx-json} is CycloneDX 1.6, {@code spdx-json} is SPDX 2.3 (both deterministic: the
 * same image gives the same bytes); {@code table} is for people. With {@code -o FILE} the document is
 * written to a temporary file beside FILE and moved over it only when complete, so FILE never holds a
 * partial document; nothing is written when cataloging fails. Progress and warnings (entries the walk
 * skipped) go to stderr.
 */
@Command(
        name = "sbom",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Catalog an image's packages and write its SBOM: CycloneDX 1.6 JSON,",
            "SPDX 2.3 JSON, or a table. Output is deterministic. Entries the image walk",
            "skipped are reported on stderr as warnings."})
public final class SbomCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ImageOptions image;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            converter = SbomOutputFormat.Converter.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SbomOutputFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE instead of stdout (atomically: complete or not at all).")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = Progress.forCommand(ContainersecCommand.of(spec), err);
        Sbom sbom;
        try (Image opened = image.open()) {
            sbom = ImageCataloger.builder().progress(progress).build().catalog(opened);
        } finally {
            progress.finish();
        }
        String rendered;
        switch (format) {
            case CYCLONEDX_JSON:
                rendered = writer(SbomFormat.CYCLONEDX_JSON).toJson(sbom);
                break;
            case SPDX_JSON:
                rendered = writer(SbomFormat.SPDX_JSON).toJson(sbom);
                break;
            default:
                rendered = SbomTableRenderer.render(sbom);
                break;
        }
        if (output != null) {
            AtomicFiles.write(output, rendered.getBytes(StandardCharsets.UTF_8));
        } else {
            out.print(rendered);
            out.flush();
        }
        warnSkipped(sbom, err);
        return ExitCode.OK;
    }

    private static SbomWriter writer(SbomFormat f) {
        SbomWriter w = SbomWriter.of(f);
        String version = VersionProvider.version();
        return version.equals("unknown") ? w : w.withToolVersion(version);
    }

    private static void warnSkipped(Sbom sbom, PrintWriter err) {
        int total = sbom.skipped().size();
        if (total == 0) {
            return;
        }
        err.println("containersec: warning: " + total + (total == 1 ? " entry" : " entries") + " of the image skipped");
        for (SkippedEntry s : sbom.skipped()) {
            err.println("containersec: warning: skipped " + Text.printable(s.path()) + " in " + Text.printable(s.where())
                    + ": " + s.reason() + " (" + Text.printable(s.detail()) + ")");
        }
    }
}
