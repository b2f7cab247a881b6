package dev.containersec.policy;

import dev.containersec.api.ImageConfig;
import dev.containersec.image.Image;
import dev.containersec.policy.internal.hardening.ImageHardeningRules;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The built-in {@code image-hardening} pack over a built image: root user, secrets in ENV, labels and build
 * history, private keys and credential files in the layers, setuid/setgid files, {@code ADD} of remote URLs,
 * a missing HEALTHCHECK, sudo, package-manager caches. Rule IDs keep the CIS Docker Benchmark
 * ({@code CIS-DI-0001} ... as Dockle numbers it), Dockle, Trivy and hadolint IDs as aliases; see
 * {@link #rules()}. The file checks read the layers in one {@link dev.containersec.image.FileWalk}.
 *
 * <pre>{@code
 * try (Image image = ImageReader.create().open("oci:build/layout:1.0")) {
 *     PolicyPackResult r = ImageHardening.defaults().evaluate(image, "app:1.0");
 * }
 * }</pre>
 *
 * <p>Secret values never appear in messages: findings name the variable, label, step or file. Immutable and
 * thread-safe.
 *
 * @see <a href="https://github.com/goodwithtech/dockle">Dockle</a>
 */
public final class ImageHardening {

    private static final ImageHardening DEFAULTS = new ImageHardening();

    private ImageHardening() {
    }

    /**
     * Returns the pack.
     *
     * @return the pack
     */
    public static ImageHardening defaults() {
        return DEFAULTS;
    }

    /**
     * Returns every rule of the pack.
     *
     * @return the rules, in evaluation order
     */
    public static List<PolicyPackRule> rules() {
        return ImageHardeningRules.RULES;
    }

    /**
     * Evaluates an image (configuration and files) in {@link PolicyMode#DENY}.
     *
     * @param image the opened image
     * @param name the image's name for the result, e.g. the location as given
     * @return the result (kind {@code Image})
     * @throws dev.containersec.api.InvalidInputException if a layer is malformed or hostile
     */
    public PolicyPackResult evaluate(Image image, String name) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(name, "name");
        return result(name, ImageHardeningRules.check(image, name, PolicyMode.DENY));
    }

    /**
     * Evaluates an image's configuration only (no file checks) in {@link PolicyMode#DENY}.
     *
     * @param config the configuration
     * @param name the image's name for the result
     * @return the result (kind {@code Image})
     */
    public PolicyPackResult evaluate(ImageConfig config, String name) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(name, "name");
        return result(name, ImageHardeningRules.checkConfig(config, name, PolicyMode.DENY));
    }

    private static PolicyPackResult result(String name, List<PolicyPackFinding> findings) {
        return new PolicyPackResult(name, 0, 1, "Image", name, Optional.empty(), findings, new TreeMap<>());
    }

    /**
     * Returns {@code ImageHardening}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "ImageHardening";
    }
}
