package dev.containersec.image;

import dev.containersec.api.Platform;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.internal.ImageOpener;
import java.util.Objects;

/**
 * The front door for reading images. Immutable and thread-safe: build one, open many images.
 *
 * <pre>{@code
 * ImageReader reader = ImageReader.builder()
 *     .platform(Platform.parse("linux/arm64"))
 *     .limits(ScanLimits.defaults())
 *     .build();
 * try (Image image = reader.open("oci-archive:app.tar")) {
 *     System.out.println(image.config().user());
 * }
 * }</pre>
 *
 * <p>{@code registry:} locations are read through a {@link RegistryClient} (credentials, trust, blob
 * cache), set with {@link Builder#registryClient(RegistryClient)}.
 */
public final class ImageReader {
    private final Platform platform;
    private final ScanLimits limits;
    private final RegistryClient registryClient;
    private volatile RegistryClient defaultClient;

    private ImageReader(Builder b) {
        this.platform = b.platform;
        this.limits = b.limits;
        this.registryClient = b.registryClient;
    }

    /**
     * Returns a reader with the defaults: platform {@code linux/amd64}, {@link ScanLimits#defaults()}.
     *
     * @return a default reader
     */
    public static ImageReader create() {
        return builder().build();
    }

    /**
     * Starts a builder.
     *
     * @return a builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens an image named in skopeo's syntax (see {@link ImageLocation}).
     *
     * @param location for example {@code oci:dir:tag}, {@code oci-archive:image.tar} or a bare path
     * @return the opened image, with manifest and configuration read and verified
     * @throws IllegalArgumentException if the text is not a valid location
     * @throws dev.containersec.api.InvalidInputException if the image is malformed, hostile, or does
     *     not hold the tag, digest or platform asked for
     */
    public Image open(String location) {
        return open(ImageLocation.parse(location));
    }

    /**
     * Opens an image.
     *
     * @param location where the image is
     * @return the opened image
     * @throws dev.containersec.api.InvalidInputException as for {@link #open(String)}
     */
    public Image open(ImageLocation location) {
        return ImageOpener.open(Objects.requireNonNull(location, "location"), platform, limits,
                () -> registryClient().http());
    }

    /**
     * Returns the client used for {@code registry:} locations: the one given to the builder, else one
     * {@link RegistryClient#create()} made on first use.
     *
     * @return the registry client
     */
    public RegistryClient registryClient() {
        if (registryClient != null) {
            return registryClient;
        }
        RegistryClient c = defaultClient;
        if (c == null) {
            synchronized (this) {
                c = defaultClient;
                if (c == null) {
                    c = RegistryClient.create();
                    defaultClient = c;
                }
            }
        }
        return c;
    }

    /**
     * Returns the platform chosen from multi-platform images.
     *
     * @return the platform
     */
    public Platform platform() {
        return platform;
    }

    /**
     * Returns the limits applied to everything read.
     *
     * @return the limits
     */
    public ScanLimits limits() {
        return limits;
    }

    /** Builds an {@link ImageReader}. */
    public static final class Builder {
        private Platform platform = Platform.DEFAULT;
        private ScanLimits limits = ScanLimits.defaults();
        private RegistryClient registryClient;

        private Builder() {
        }

        /**
         * Sets the client that reads {@code registry:} locations (credentials, trust, cache).
         *
         * @param client the client; by default one {@link RegistryClient#create()} makes
         * @return this builder
         */
        public Builder registryClient(RegistryClient client) {
            this.registryClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Sets the platform to choose from multi-platform images.
         *
         * @param platform the platform, {@code linux/amd64} by default
         * @return this builder
         */
        public Builder platform(Platform platform) {
            this.platform = Objects.requireNonNull(platform, "platform");
            return this;
        }

        /**
         * Sets the bounds on what the input may make the reader do.
         *
         * @param limits the limits, {@link ScanLimits#defaults()} by default
         * @return this builder
         */
        public Builder limits(ScanLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Builds the reader.
         *
         * @return the reader
         */
        public ImageReader build() {
            return new ImageReader(this);
        }
    }
}
