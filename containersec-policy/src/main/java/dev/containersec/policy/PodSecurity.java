package dev.containersec.policy;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import dev.containersec.policy.internal.k8s.ManifestDocument;
import dev.containersec.policy.internal.k8s.ManifestLoader;
import dev.containersec.policy.internal.k8s.PodTemplates;
import dev.containersec.policy.internal.pss.Check;
import dev.containersec.policy.internal.pss.PodModelCompiler;
import dev.containersec.policy.internal.pss.PssRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The built-in Pod Security Standards packs, {@code pss-baseline} and {@code pss-restricted}, evaluated
 * exactly as Kubernetes' Pod Security Admission does: the same checks, the same per-version definitions,
 * the same check IDs and the same forbidden reasons and details.
 *
 * <pre>{@code
 * PodSecurity restricted = PodSecurity.level(PssLevel.RESTRICTED).version("v1.30");
 * PodSecurityReport report = restricted.evaluate(Path.of("deploy.yaml"));
 * for (PssResult pod : report.failures()) {
 *     pod.violations().forEach(v -> System.out.println(pod.document() + " " + v.path() + ": " + v.message()));
 * }
 * }</pre>
 *
 * <p>Manifests are YAML (several documents allowed) or JSON, read as hostile input within
 * {@link #limits()}. Pods and the pod templates of Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job and CronJob are evaluated; other kinds are listed as not applicable. To evaluate
 * the same pods many times, {@link #load(byte[], String)} them once and pass the {@link PssPod}s to
 * {@link #evaluate(PssPod)}.
 *
 * <p>Instances are immutable and thread-safe; the {@code version} and {@code limits} methods return new
 * instances. The checks for the level and version are selected once, when the instance is made.
 *
 * @see <a href="https://kubernetes.io/docs/concepts/security/pod-security-standards/">Pod Security Standards</a>
 * @see <a href="https://github.com/kubernetes/pod-security-admission/tree/master/policy">PSA policy checks</a>
 */
public final class PodSecurity {

    private final PssLevel level;
    private final PssVersion version;
    private final ScanLimits limits;
    private final Check[] checks;
    private final ManifestLoader loader;

    private PodSecurity(PssLevel level, PssVersion version, ScanLimits limits) {
        this.level = level;
        this.version = version;
        this.limits = limits;
        this.checks = PssRegistry.checks(level, version.minor().orElse(-1)).toArray(new Check[0]);
        this.loader = new ManifestLoader(limits);
    }

    /**
     * Starts from a level at version {@code latest} with {@link ScanLimits#defaults()}.
     *
     * @param level the level to enforce
     * @return the evaluator
     */
    public static PodSecurity level(PssLevel level) {
        Objects.requireNonNull(level, "level");
        return new PodSecurity(level, PssVersion.latest(), ScanLimits.defaults());
    }

    /**
     * Starts from a built-in pack name at version {@code latest}.
     *
     * @param packName {@code pss-baseline} or {@code pss-restricted}
     * @return the evaluator
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static PodSecurity pack(String packName) {
        Objects.requireNonNull(packName, "packName");
        switch (packName) {
            case "pss-baseline":
                return level(PssLevel.BASELINE);
            case "pss-restricted":
                return level(PssLevel.RESTRICTED);
            default:
                throw new IllegalArgumentException("not a Pod Security Standards pack: '" + packName
                        + "' (expected pss-baseline or pss-restricted)");
        }
    }

    /**
     * Returns an evaluator for a policy version.
     *
     * @param version {@code latest} or {@code v1.N}; versions newer than this library knows behave as latest
     * @return a new evaluator at that version
     * @throws IllegalArgumentException if the version is not of that form
     */
    public PodSecurity version(String version) {
        return version(PssVersion.parse(version));
    }

    /**
     * Returns an evaluator for a policy version.
     *
     * @param version the version
     * @return a new evaluator at that version
     */
    public PodSecurity version(PssVersion version) {
        Objects.requireNonNull(version, "version");
        return new PodSecurity(level, version, limits);
    }

    /**
     * Returns an evaluator that reads manifests within other limits ({@link ScanLimits#maxDocumentBytes()}
     * and {@link ScanLimits#maxJsonDepth()} apply).
     *
     * @param limits the limits
     * @return a new evaluator with those limits
     */
    public PodSecurity limits(ScanLimits limits) {
        Objects.requireNonNull(limits, "limits");
        return new PodSecurity(level, version, limits);
    }

    /**
     * Returns the level.
     *
     * @return the level
     */
    public PssLevel level() {
        return level;
    }

    /**
     * Returns the version as requested.
     *
     * @return the version
     */
    public PssVersion version() {
        return version;
    }

    /**
     * Returns the limits manifests are read within.
     *
     * @return the limits
     */
    public ScanLimits limits() {
        return limits;
    }

    /**
     * Returns the pack name: {@code pss-baseline}, {@code pss-restricted} (or {@code pss-privileged}).
     *
     * @return the pack name
     */
    public String packName() {
        return "pss-" + level.label();
    }

    /**
     * Returns the IDs of the checks that run at this level and version, in the order they run.
     *
     * @return the check IDs, e.g. {@code [appArmorProfile, capabilities_baseline, ...]}
     */
    public List<String> checkIds() {
        List<String> ids = new ArrayList<>(checks.length);
        for (Check c : checks) {
            ids.add(c.id());
        }
        return List.copyOf(ids);
    }

    /**
     * Loads a manifest file.
     *
     * @param file a YAML or JSON manifest
     * @return its pods and the documents that carry none
     * @throws InvalidInputException if the file cannot be read, is malformed, or holds a pod field of the
     *     wrong type (the message names the file, line or field path)
     * @throws LimitExceededException if the file exceeds {@link #limits()}
     */
    public PssManifest load(Path file) {
        Objects.requireNonNull(file, "file");
        return manifest(file.toString(), loader.load(file));
    }

    /**
     * Loads a manifest held in memory.
     *
     * @param content a YAML or JSON manifest
     * @param source a name for the content, used in results and messages
     * @return its pods and the documents that carry none
     * @throws InvalidInputException if the content is malformed or holds a pod field of the wrong type
     * @throws LimitExceededException if the content exceeds {@link #limits()}
     */
    public PssManifest load(byte[] content, String source) {
        return manifest(source, loader.load(content, source));
    }

    private static PssManifest manifest(String source, List<ManifestDocument> documents) {
        List<PssPod> pods = new ArrayList<>();
        List<PssDocument> notApplicable = new ArrayList<>();
        for (ManifestDocument d : documents) {
            PssDocument doc = new PssDocument(d.source(), d.index(), d.line(), d.kind(), d.name(), d.namespace());
            Optional<PodTemplates.PodTemplate> template = PodTemplates.find(d);
            if (template.isPresent()) {
                pods.add(new PssPod(doc, PodModelCompiler.compile(template.get(), d.describe())));
            } else {
                notApplicable.add(doc);
            }
        }
        return new PssManifest(source, pods, notApplicable);
    }

    /**
     * Evaluates one pod.
     *
     * @param pod a loaded pod
     * @return the result of every applicable check
     */
    public PssResult evaluate(PssPod pod) {
        Objects.requireNonNull(pod, "pod");
        PssCheckResult[] results = new PssCheckResult[checks.length];
        for (int i = 0; i < checks.length; i++) {
            results[i] = checks[i].evaluate(pod.model());
        }
        return new PssResult(pod.document(), level, version, List.of(results));
    }

    /**
     * Evaluates every pod of a loaded manifest.
     *
     * @param manifest the manifest
     * @return the report
     */
    public PodSecurityReport evaluate(PssManifest manifest) {
        Objects.requireNonNull(manifest, "manifest");
        List<PssResult> results = new ArrayList<>(manifest.pods().size());
        for (PssPod pod : manifest.pods()) {
            results.add(evaluate(pod));
        }
        return new PodSecurityReport(manifest.source(), level, version, results, manifest.notApplicable());
    }

    /**
     * Loads and evaluates a manifest file.
     *
     * @param file a YAML or JSON manifest
     * @return the report
     * @throws InvalidInputException see {@link #load(Path)}
     */
    public PodSecurityReport evaluate(Path file) {
        return evaluate(load(file));
    }

    /**
     * Loads and evaluates a manifest held in memory.
     *
     * @param content a YAML or JSON manifest
     * @param source a name for the content
     * @return the report
     * @throws InvalidInputException see {@link #load(byte[], String)}
     */
    public PodSecurityReport evaluate(byte[] content, String source) {
        return evaluate(load(content, source));
    }

    /**
     * Returns {@code PodSecurity[restricted:v1.30]}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "PodSecurity[" + level.label() + ":" + version + "]";
    }
}
