package dev.containersec.cli.scan;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.Sbom;
import dev.containersec.cli.Progress;
import dev.containersec.image.Image;
import dev.containersec.image.ImageCataloger;
import dev.containersec.image.ImageLocation;
import dev.containersec.image.ImageReader;
import dev.containersec.sbom.SbomReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Turns the {@code IMAGE|SBOM} argument into an SBOM: a {@code .json} file is read as CycloneDX or SPDX. */
public final class ScanTarget {
    private ScanTarget() {
    }

    /**
     * Loads the SBOM of a target.
     *
     * @param target an image location, or the path of a CycloneDX or SPDX JSON document
     * @param progress progress for cataloging an image
     * @param reader the reader for images (carrying the registry options)
     * @return the SBOM
     * @throws IOException when the SBOM file cannot be read
     * @throws IllegalArgumentException when the target is not valid image syntax
     */
    public static Sbom load(String target, Progress progress, ImageReader reader) throws IOException {
        Path path = Path.of(target.replace('\0', '?'));
        if (target.toLowerCase(Locale.ROOT).endsWith(".json") && Files.isRegularFile(path)) {
            try {
                return SbomReader.withDefaults().read(path);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(target, "not a CycloneDX or SPDX JSON SBOM: " + e.getMessage(), e);
            }
        }
        try (Image image = reader.open(ImageLocation.parse(target))) {
            return ImageCataloger.builder().progress(progress).build().catalog(image);
        } finally {
            progress.finish();
        }
    }
}
