package dev.containersec.examples;

import dev.containersec.api.Descriptor;
import dev.containersec.api.FileEntry;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.OsRelease;
import dev.containersec.image.FileWalk;
import dev.containersec.image.Image;
import dev.containersec.image.ImageReader;
import dev.containersec.image.WalkResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens an image and prints its user, layers, operating system and first files.
 *
 * <pre>
 * java --module-path examples/target/classes:LIBS -m dev.containersec.examples/dev.containersec.examples.InspectImage \
 *     examples/images/hello [N]
 * </pre>
 *
 * <p>IMAGE is anything {@link ImageReader#open(String)} accepts: {@code oci:DIR[:TAG]},
 * {@code oci-archive:FILE}, {@code docker-archive:FILE} or a path. N (default 10) is how many files
 * to print. Exit code 3 means the image could not be read; the message says why.
 */
public final class InspectImage {
    private InspectImage() {
    }

    /**
     * Runs the example.
     *
     * @param args IMAGE [N]
     */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: InspectImage IMAGE [N]");
            System.exit(2);
        }
        String location = args[0];
        int n = args.length == 2 ? Integer.parseInt(args[1]) : 10;
        try {
            inspect(location, n);
        } catch (InvalidInputException e) {
            System.err.println("cannot read " + location + ": " + e.getMessage());
            System.exit(3);
        }
    }

    private static void inspect(String location, int n) {
        // --- the README's embedding example starts here
        ImageReader reader = ImageReader.create();
        try (Image image = reader.open(location)) {
            System.out.println("user: " + image.config().user());
            for (Descriptor layer : image.layers()) {
                System.out.println("layer: " + layer.digest() + " (" + layer.size() + " bytes)");
            }
            List<FileEntry> files = new ArrayList<>();
            WalkResult walk = image.walk(FileWalk.builder()
                    .listing(entry -> { if (files.size() < n) files.add(entry); })
                    .build());
            System.out.println("os: " + walk.os().map(OsRelease::prettyName).orElse("unknown"));
            files.forEach(f -> System.out.println("file: " + f.path() + " (layer " + f.layerIndex() + ")"));
        }
        // --- and ends here
    }
}
