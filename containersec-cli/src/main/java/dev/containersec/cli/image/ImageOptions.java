package dev.containersec.cli.image;

import dev.containersec.api.Platform;
import dev.containersec.image.Image;
import dev.containersec.image.ImageLocation;
import dev.containersec.image.ImageReader;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/** The IMAGE argument and {@code --platform}, shared by every command that reads one image. */
public final class ImageOptions {

    @Parameters(index = "0", paramLabel = "IMAGE", converter = ImageLocationConverter.class,
            description = "The image: oci:DIR[:TAG|@DIGEST], oci-archive:FILE[:TAG|@DIGEST], "
                    + "docker-archive:FILE[:REPO:TAG], registry:HOST[:PORT]/REPO[:TAG|@DIGEST], "
                    + "or a path whose format is detected.")
    ImageLocation location;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", converter = PlatformConverter.class,
            description = "The platform to choose from a multi-platform image (default: linux/amd64).")
    Platform platform;

    /**
     * Returns the platform asked for.
     *
     * @return the platform, empty when {@code --platform} was not given
     */
    public Optional<Platform> platform() {
        return Optional.ofNullable(platform);
    }

    /**
     * Returns the image location given.
     *
     * @return the location
     */
    public ImageLocation location() {
        return location;
    }

    /**
     * Opens the image with the platform asked for and the default limits.
     *
     * @return the opened image; the caller closes it
     * @throws dev.containersec.api.InvalidInputException if the image is unreadable, hostile or lacks the platform
     */
    public Image open() {
        ImageReader.Builder reader = RegistryOptions.readerBuilder(spec);
        platform().ifPresent(reader::platform);
        return reader.build().open(location);
    }
}
