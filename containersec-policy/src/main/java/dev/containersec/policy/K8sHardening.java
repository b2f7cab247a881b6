package dev.containersec.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import dev.containersec.policy.internal.hardening.K8sHardeningRules;
import dev.containersec.policy.internal.k8s.ManifestDocument;
import dev.containersec.policy.internal.k8s.ManifestLoader;
import dev.containersec.policy.internal.k8s.PodTemplates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The built-in {@code k8s-hardening} pack: Kubernetes workload hardening beyond the Pod Security Standards
 * (read-only root filesystem, CPU and memory limits, no service account token automount, pinned images,
 * no container runtime socket mounts, allowed registries). See {@link #rules()} for IDs and aliases (Trivy's
 * {@code KSV-xxxx}, kubesec's rule names).
 *
 * <pre>{@code
 * K8sHardening pack = K8sHardening.defaults().allowedRegistries(List.of("ghcr.io/acme"));
 * for (PolicyPackResult r : pack.evaluate(Path.of("deploy.yaml"))) {
 *     r.findings().forEach(f -> System.out.println(r.input() + " " + f.violation().message()));
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; the configuring methods return new instances.
 *
 * @see <a href="https://github.com/aquasecurity/trivy-checks">Trivy checks (KSV)</a>
 */
public final class K8sHardening {

    private final List<String> allowedRegistries;
    private final ScanLimits limits;

    private K8sHardening(List<String> allowedRegistries, ScanLimits limits) {
        this.allowedRegistries = List.copyOf(allowedRegistries);
        this.limits = limits;
    }

    /**
     * Returns the pack with no allowed-registries list (that rule is skipped) and {@link ScanLimits#defaults()}.
     *
     * @return the pack
     */
    public static K8sHardening defaults() {
        return new K8sHardening(List.of(), ScanLimits.defaults());
    }

    /**
     * Returns every rule of the pack.
     *
     * @return the rules, in evaluation order
     */
    public static List<PolicyPackRule> rules() {
        return K8sHardeningRules.RULES;
    }

    /**
     * Returns a pack that allows images only from these registries or {@code registry/path} prefixes
     * ({@code docker.io} for Docker Hub); an empty list skips the check.
     *
     * @param registries e.g. {@code [ghcr.io/acme, registry.example.com]}
     * @return a new pack
     * @throws IllegalArgumentException if an entry is blank
     */
    public K8sHardening allowedRegistries(List<String> registries) {
        for (String r : registries) {
            if (r == null || r.isBlank()) {
                throw new IllegalArgumentException("allowed registry must not be blank: " + registries);
            }
        }
        return new K8sHardening(registries.stream().map(String::trim).toList(), limits);
    }

    /**
     * Returns a pack configured from a parameters file: a ConfigMap whose {@code data.allowedRegistries} lists
     * registries separated by commas, spaces or new lines, or any object with an {@code allowedRegistries}
     * (or {@code spec.allowedRegistries}) list. A file without the key leaves the pack as it is.
     *
     * @param file the parameters file (YAML or JSON)
     * @return a new pack
     * @throws InvalidInputException if the file cannot be read or the key has the wrong type
     */
    public K8sHardening params(Path file) {
        List<ManifestDocument> docs = new ManifestLoader(limits).load(Objects.requireNonNull(file, "file"));
        List<String> found = new ArrayList<>();
        boolean any = false;
        for (ManifestDocument d : docs) {
            JsonNode c = d.content();
            for (JsonNode n : List.of(c.path("data").path("allowedRegistries"), c.path("allowedRegistries"),
                    c.path("spec").path("allowedRegistries"))) {
                if (n.isMissingNode() || n.isNull()) {
                    continue;
                }
                any = true;
                if (n.isTextual()) {
                    for (String s : n.textValue().split("[,\\s]+")) {
                        if (!s.isBlank()) {
                            found.add(s);
                        }
                    }
                } else if (n.isArray()) {
                    n.forEach(e -> {
                        if (!e.isTextual() || e.textValue().isBlank()) {
                            throw new InvalidInputException(d.describe(), "allowedRegistries must list registries");
                        }
                        found.add(e.textValue());
                    });
                } else {
                    throw new InvalidInputException(d.describe(), "allowedRegistries must be a list or a string");
                }
            }
        }
        return any ? allowedRegistries(found) : this;
    }

    /**
     * Returns a pack that reads manifests within other limits.
     *
     * @param value the limits
     * @return a new pack
     */
    public K8sHardening limits(ScanLimits value) {
        return new K8sHardening(allowedRegistries, Objects.requireNonNull(value, "value"));
    }

    /**
     * Returns the allowed registries.
     *
     * @return the registries; empty when the check is skipped
     */
    public List<String> allowedRegistries() {
        return allowedRegistries;
    }

    /**
     * Loads and evaluates a manifest file in {@link PolicyMode#DENY}.
     *
     * @param file a YAML or JSON manifest
     * @return one result per pod-carrying document, in document order
     * @throws InvalidInputException if the file cannot be read or is malformed or hostile
     */
    public List<PolicyPackResult> evaluate(Path file) {
        return results(new ManifestLoader(limits).load(Objects.requireNonNull(file, "file")), PolicyMode.DENY);
    }

    /**
     * Evaluates a manifest held in memory in {@link PolicyMode#DENY}.
     *
     * @param content a YAML or JSON manifest
     * @param source a name for the content, used as each result's input
     * @return one result per pod-carrying document, in document order
     * @throws InvalidInputException if the content is malformed or hostile
     */
    public List<PolicyPackResult> evaluate(byte[] content, String source) {
        return results(new ManifestLoader(limits).load(content, source), PolicyMode.DENY);
    }

    private List<PolicyPackResult> results(List<ManifestDocument> docs, PolicyMode mode) {
        List<PolicyPackResult> out = new ArrayList<>();
        for (ManifestDocument d : docs) {
            if (PodTemplates.carriesPod(d.kind())) {
                out.add(new PolicyPackResult(d.source(), d.index(), d.line(), d.kind(), d.name().orElse(""),
                        d.namespace(), K8sHardeningRules.check(d, allowedRegistries, mode), new java.util.TreeMap<>()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Returns {@code K8sHardening[allowedRegistries=[...]]}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "K8sHardening[allowedRegistries=" + allowedRegistries + "]";
    }
}
