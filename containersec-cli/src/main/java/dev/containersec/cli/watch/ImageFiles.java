package dev.containersec.cli.watch;

import dev.containersec.api.FileType;
import dev.containersec.image.FileWalk;
import dev.containersec.image.Image;
import dev.containersec.image.ImageReader;
import dev.containersec.runtime.DriftDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds a {@link DriftDetector} from an image's merged file listing (regular files and hard links). */
final class ImageFiles {
    private ImageFiles() {
    }

    /**
     * Reads the image's listing in one streamed walk.
     *
     * @param reader the reader (carrying the registry options)
     * @param location the image, as {@code ImageReader} accepts it ({@code oci:DIR:TAG}, archives)
     * @param imageRepository the repository of the containers to check, when given
     * @param allowedPrefixes directories whose executables never count as drift
     * @param hostname the hostname put in alerts
     * @return the detector
     */
    static DriftDetector driftDetector(ImageReader reader, String location, Optional<String> imageRepository,
                                       List<String> allowedPrefixes, String hostname) {
        List<String> paths = new ArrayList<>();
        try (Image image = reader.open(location)) {
            image.walk(FileWalk.builder().listing(entry -> {
                if (entry.type() == FileType.REGULAR || entry.type() == FileType.HARDLINK) {
                    paths.add(entry.path());
                }
            }).build());
        }
        return DriftDetector.of(location, imageRepository, paths, allowedPrefixes, hostname);
    }
}
