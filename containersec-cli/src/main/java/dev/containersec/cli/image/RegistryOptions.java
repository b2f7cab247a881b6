package dev.containersec.cli.image;

import dev.containersec.cli.ContainersecCommand;
import dev.containersec.image.ImageReader;
import dev.containersec.image.RegistryClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options for {@code registry:} images, accepted by every command (inherited from the root):
 * {@code --allow-insecure-registry HOST} (repeatable), {@code --registry-ca FILE} (repeatable),
 * {@code --registry-cache DIR}, {@code --no-registry-cache}. Every command that opens an image builds
 * its {@link ImageReader} through {@link #readerBuilder(CommandSpec)}.
 */
public final class RegistryOptions {

    @Option(names = "--allow-insecure-registry", paramLabel = "HOST[:PORT]", scope = ScopeType.INHERIT,
            description = "Reach this registry over plain HTTP or unverified TLS (repeatable; only the hosts named).")
    List<String> insecure = new ArrayList<>();

    @Option(names = "--registry-ca", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "PEM CA certificates trusted for registries, on top of the system trust store (repeatable).")
    List<Path> cas = new ArrayList<>();

    @Option(names = "--registry-cache", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Blob cache for registry images (default: $XDG_CACHE_HOME/containersec/blobs or ~/.cache/containersec/blobs).")
    Path cache;

    @Option(names = "--no-registry-cache", scope = ScopeType.INHERIT,
            description = "Do not cache registry blobs on disk.")
    boolean noCache;

    /**
     * Returns the cache directory in use, if any.
     *
     * @return the directory; empty with {@code --no-registry-cache} or when no user cache directory is known
     */
    public Optional<Path> cacheDir() {
        if (noCache) {
            return Optional.empty();
        }
        if (cache != null) {
            return Optional.of(cache);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Optional.of(Path.of(xdg, "containersec", "blobs"));
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home, ".cache", "containersec", "blobs"));
    }

    /**
     * Builds the registry client these options describe: Docker's config.json credentials, the CAs,
     * the insecure hosts and the cache.
     *
     * @return the client
     * @throws IllegalArgumentException if a host is malformed
     */
    public RegistryClient client() {
        RegistryClient.Builder b = RegistryClient.builder();
        insecure.forEach(b::allowInsecureRegistry);
        cas.forEach(b::addCaCertificates);
        cacheDir().ifPresent(b::blobCache);
        return b.build();
    }

    /**
     * Returns an image reader builder for a running command, carrying the registry options given on
     * the command line. The registry client is only built when a {@code registry:} image is opened.
     *
     * @param spec the running command
     * @return the builder
     * @throws ParameterException (exit code 2) if an {@code --allow-insecure-registry} value is not a host
     */
    public static ImageReader.Builder readerBuilder(CommandSpec spec) {
        return ImageReader.builder().registryClient(client(spec));
    }

    /**
     * Returns the registry client for a running command, built from the registry options given on the
     * command line (for commands that also write to registries, such as {@code sign}).
     *
     * @param spec the running command
     * @return the client
     * @throws ParameterException (exit code 2) if an {@code --allow-insecure-registry} value is not a host
     */
    public static RegistryClient client(CommandSpec spec) {
        RegistryOptions options = ContainersecCommand.of(spec).registryOptions();
        try {
            return options.client();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--allow-insecure-registry: " + e.getMessage(), e);
        }
    }
}
