package dev.containersec.runtime;

import dev.containersec.api.Alert;
import dev.containersec.api.Priority;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.runtime.internal.baseline.AlertFactory;
import dev.containersec.runtime.internal.baseline.Seen;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Container drift: raises {@value #RULE} when a container executes a file its image did not ship.
 *
 * <p>The detector is image-agnostic: it is given the image's regular-file paths (for example collected
 * from a {@code containersec-image} {@code FileWalk} listing, or from an SBOM) as a compact sorted array.
 * An exec event is checked when it comes from a container and, if the event names its image repository,
 * that repository is the detector's {@code imageRepository}. Its executable path (normalised: {@code .} and
 * {@code ..} resolved) drifts when it is neither in the image nor below an allowed prefix. Each
 * container and path is reported once (the memory of reports is bounded). Thread-safe.
 *
 * <p>The kernel reports the executable's resolved path, so a symlink in the image ({@code /bin/sh ->
 * busybox}) is matched through its target, which the image ships as a regular file.
 */
public final class DriftDetector {

    /** The rule name of drift alerts. */
    public static final String RULE = "Drift: executable not in image";

    private final String imageName;
    private final Optional<String> imageRepository;
    private final String[] paths;
    private final List<String> allowedPrefixes;
    private final String hostname;
    private final Seen reported = new Seen(4096);

    private DriftDetector(String imageName, Optional<String> imageRepository, String[] paths,
                          List<String> allowedPrefixes, String hostname) {
        this.imageName = imageName;
        this.imageRepository = imageRepository;
        this.paths = paths;
        this.allowedPrefixes = allowedPrefixes;
        this.hostname = hostname;
    }

    /**
     * Creates a detector.
     *
     * @param imageName the image, as shown in alerts (e.g. {@code oci:/images/app:1.0})
     * @param imageRepository the repository container events of this image carry, when known; events of
     *     other repositories are ignored
     * @param imagePaths the absolute paths of the image's regular files
     * @param allowedPrefixes directories whose executables never drift (e.g. {@code /proc/self/fd} for
     *     runtimes that re-exec themselves); a prefix matches at path-component boundaries
     * @param hostname the hostname put in alerts
     * @return the detector
     * @throws IllegalArgumentException if a path or prefix is not absolute
     */
    public static DriftDetector of(String imageName, Optional<String> imageRepository, Collection<String> imagePaths,
                                   Collection<String> allowedPrefixes, String hostname) {
        Objects.requireNonNull(imageName, "imageName");
        Objects.requireNonNull(imageRepository, "imageRepository");
        Objects.requireNonNull(hostname, "hostname");
        String[] sorted = imagePaths.stream().map(p -> normalise("image path", p)).sorted().distinct()
                .toArray(String[]::new);
        List<String> prefixes = allowedPrefixes.stream().map(p -> normalise("allowed prefix", p)).toList();
        return new DriftDetector(imageName, imageRepository, sorted, prefixes, hostname);
    }

    private static String normalise(String what, String path) {
        if (!Objects.requireNonNull(path, what).startsWith("/")) {
            throw new IllegalArgumentException(what + " '" + path + "' must be absolute");
        }
        StringBuilder sb = new StringBuilder();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                sb.setLength(Math.max(sb.lastIndexOf("/"), 0));
            } else {
                sb.append('/').append(c);
            }
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /**
     * Returns how many distinct regular-file paths the image has.
     *
     * @return the count
     */
    public int imageFileCount() {
        return paths.length;
    }

    /**
     * Tells whether the image ships a regular file at the path.
     *
     * @param path an absolute path
     * @return true if the image has it
     */
    public boolean inImage(String path) {
        return Arrays.binarySearch(paths, normalise("path", path)) >= 0;
    }

    /**
     * Checks an event.
     *
     * @param event the event
     * @return the drift alert, when the event executes a file the image lacks for the first time
     */
    public Optional<Alert> check(RuntimeEvent event) {
        if (!(event instanceof ProcessExecEvent exec) || !exec.process().inContainer()) {
            return Optional.empty();
        }
        if (imageRepository.isPresent() && exec.process().containerImageRepository()
                .filter(r -> !r.equals(imageRepository.get())).isPresent()) {
            return Optional.empty();
        }
        String exe = exec.process().exe();
        if (exe.isEmpty() || !exe.startsWith("/")) {
            return Optional.empty(); // unknown executable: nothing to compare
        }
        String path = normalise("exe", exe);
        if (inImage(path) || allowedPrefixes.stream().anyMatch(p -> p.equals("/") || path.equals(p)
                || path.startsWith(p + "/"))) {
            return Optional.empty();
        }
        boolean first;
        synchronized (reported) {
            first = reported.firstTime(exec.process().containerId() + "\0" + path);
        }
        if (!first) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("drift.path", path);
        fields.put("drift.image", imageName);
        return Optional.of(AlertFactory.alert(event, RULE, Priority.CRITICAL,
                "Drift: executable not in image", fields, List.of("container", "drift"), hostname));
    }
}
