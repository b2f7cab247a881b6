package dev.containersec.policy.internal.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.ImageReference;
import dev.containersec.policy.PolicyMode;
import dev.containersec.policy.PolicyPackFinding;
import dev.containersec.policy.PolicyPackRule;
import dev.containersec.policy.PolicySeverity;
import dev.containersec.policy.PolicyViolation;
import dev.containersec.policy.internal.k8s.ManifestDocument;
import dev.containersec.policy.internal.k8s.PodTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code k8s-hardening} rules: hardening beyond the Pod Security Standards, in the spirit of Trivy's KSV
 * checks and kubesec (whose IDs are the aliases). Evaluated on the pod of Pods and workload templates.
 */
public final class K8sHardeningRules {

    /** Container root filesystem read-only. */
    public static final PolicyPackRule READ_ONLY_ROOT_FS = new PolicyPackRule("k8s-read-only-root-fs",
            List.of("KSV-0014", "KSV014", "AVD-KSV-0014", "ReadOnlyRootFilesystem"), PolicySeverity.MEDIUM, false,
            "Containers run with a read-only root filesystem (securityContext.readOnlyRootFilesystem: true).",
            "Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes where the app writes.");
    /** CPU limit set. */
    public static final PolicyPackRule CPU_LIMIT = new PolicyPackRule("k8s-cpu-limit",
            List.of("KSV-0011", "KSV011", "AVD-KSV-0011", "LimitsCPU"), PolicySeverity.LOW, false,
            "Containers set a CPU limit (resources.limits.cpu).",
            "Set resources.limits.cpu on every container.");
    /** Memory limit set. */
    public static final PolicyPackRule MEMORY_LIMIT = new PolicyPackRule("k8s-memory-limit",
            List.of("KSV-0018", "KSV018", "AVD-KSV-0018", "LimitsMemory"), PolicySeverity.LOW, false,
            "Containers set a memory limit (resources.limits.memory).",
            "Set resources.limits.memory on every container.");
    /** Service account token not automounted. */
    public static final PolicyPackRule SA_TOKEN = new PolicyPackRule("k8s-sa-token-automount",
            List.of("KSV-0036", "KSV036", "AVD-KSV-0036", "AutomountServiceAccountToken"), PolicySeverity.MEDIUM,
            false,
            "The pod does not mount a service account token (automountServiceAccountToken is not true; "
                    + "unset means true).",
            "Set spec.automountServiceAccountToken: false unless the pod calls the Kubernetes API.");
    /** Image pinned to a version: tagged, not latest. */
    public static final PolicyPackRule IMAGE_PINNED = new PolicyPackRule("k8s-image-pinned",
            List.of("KSV-0013", "KSV013", "AVD-KSV-0013", "DKL-DI-0006", "DL3006", "DL3007"),
            PolicySeverity.MEDIUM, false,
            "Container images name a version: a tag other than latest, or a digest.",
            "Reference images by digest (image@sha256:...) or at least by a version tag.");
    /** Image referenced by digest (advice). */
    public static final PolicyPackRule IMAGE_DIGEST = new PolicyPackRule("k8s-image-digest",
            List.of(), PolicySeverity.INFO, true,
            "Container images are referenced by digest, so that what runs is what was checked (advice only).",
            "Append the manifest digest: image:tag@sha256:....");
    /** Container runtime socket mounted. */
    public static final PolicyPackRule DOCKER_SOCK = new PolicyPackRule("k8s-docker-sock",
            List.of("KSV-0006", "KSV006", "AVD-KSV-0006", "DockerSock"), PolicySeverity.HIGH, false,
            "No hostPath volume mounts the container runtime socket (docker.sock, containerd.sock, crio.sock), "
                    + "which gives root on the node.",
            "Remove the hostPath volume; use the Kubernetes API or a rootless builder instead.");
    /** Images from allowed registries only. */
    public static final PolicyPackRule ALLOWED_REGISTRIES = new PolicyPackRule("k8s-allowed-registries",
            List.of("KSV-0125", "KSV125", "AVD-KSV-0125", "DL3026"), PolicySeverity.HIGH, false,
            "Container images come from the allowed registries (checked only when allowed registries are "
                    + "configured).",
            "Pull the image from an allowed registry (mirror it there), or add the registry to the list.");

    /** Every rule, in evaluation order. */
    public static final List<PolicyPackRule> RULES = List.of(READ_ONLY_ROOT_FS, CPU_LIMIT, MEMORY_LIMIT, SA_TOKEN,
            IMAGE_PINNED, IMAGE_DIGEST, DOCKER_SOCK, ALLOWED_REGISTRIES);

    private static final List<String> CONTAINER_FIELDS = List.of("initContainers", "containers", "ephemeralContainers");

    private K8sHardeningRules() {
    }

    /**
     * Evaluates a document.
     *
     * @param d the document
     * @param allowedRegistries registries (or registry/path prefixes) images may come from; empty to skip
     * @param mode the pack's mode
     * @return the findings, in rule order; empty for documents that carry no pod
     */
    public static List<PolicyPackFinding> check(ManifestDocument d, List<String> allowedRegistries, PolicyMode mode) {
        Optional<PodTemplates.PodTemplate> found = PodTemplates.find(d);
        if (found.isEmpty()) {
            return List.of();
        }
        PodTemplates.PodTemplate pod = found.get();
        JsonNode spec = pod.spec();
        String prefix = pod.pathPrefix() + "spec.";
        List<PolicyPackFinding> out = new ArrayList<>();
        // Read-only root filesystem, limits: regular and init containers (ephemeral ones are for debugging).
        forContainers(spec, prefix, false, (c, path, name, image) -> {
            JsonNode ro = c.path("securityContext").path("readOnlyRootFilesystem");
            if (!ro.isBoolean() || !ro.booleanValue()) {
                out.add(finding(READ_ONLY_ROOT_FS, mode, path + ".securityContext.readOnlyRootFilesystem",
                        "container \"" + name + "\" must set securityContext.readOnlyRootFilesystem=true",
                        name, image, ro.isMissingNode() ? "unset" : ro.asText()));
            }
        });
        forContainers(spec, prefix, false, (c, path, name, image) -> {
            JsonNode limits = c.path("resources").path("limits");
            if (!present(limits.path("cpu"))) {
                out.add(finding(CPU_LIMIT, mode, path + ".resources.limits.cpu",
                        "container \"" + name + "\" must set resources.limits.cpu", name, image, "unset"));
            }
        });
        forContainers(spec, prefix, false, (c, path, name, image) -> {
            JsonNode limits = c.path("resources").path("limits");
            if (!present(limits.path("memory"))) {
                out.add(finding(MEMORY_LIMIT, mode, path + ".resources.limits.memory",
                        "container \"" + name + "\" must set resources.limits.memory", name, image, "unset"));
            }
        });
        JsonNode automount = spec.path("automountServiceAccountToken");
        if (!automount.isBoolean() || automount.booleanValue()) {
            boolean unset = !automount.isBoolean();
            out.add(new PolicyPackFinding(new PolicyViolation(SA_TOKEN.id(), prefix + "automountServiceAccountToken",
                    unset ? "automountServiceAccountToken is unset, so the service account token is mounted;"
                            + " set it to false"
                            : "automountServiceAccountToken=true mounts the service account token; set it to false",
                    SA_TOKEN.severity(), SA_TOKEN.modeIn(mode)), SA_TOKEN.aliases(), Optional.empty(),
                    Optional.empty(), Optional.of(unset ? "unset" : "true"), Optional.empty()));
        }
        forContainers(spec, prefix, true, (c, path, name, image) -> {
            if (image.isEmpty()) {
                return;
            }
            String at = path + ".image";
            ImageReference ref;
            try {
                ref = ImageReference.parse(image);
            } catch (IllegalArgumentException e) {
                out.add(finding(IMAGE_PINNED, mode, at, "container \"" + name + "\" has an invalid image reference '"
                        + image + "'", name, image, image));
                return;
            }
            if (ref.digest().isEmpty()) {
                if (ref.tag().isEmpty()) {
                    out.add(finding(IMAGE_PINNED, mode, at, "container \"" + name + "\" image '" + image
                            + "' has no tag (it means latest); pin a version tag or a digest", name, image, image));
                } else if (ref.tag().get().equals("latest")) {
                    out.add(finding(IMAGE_PINNED, mode, at, "container \"" + name + "\" image '" + image
                            + "' uses the latest tag; pin a version tag or a digest", name, image, image));
                } else {
                    out.add(finding(IMAGE_DIGEST, mode, at, "container \"" + name + "\" image '" + image
                            + "' is referenced by tag; a digest pins exactly what was checked", name, image, image));
                }
            }
        });
        JsonNode volumes = spec.path("volumes");
        for (int i = 0; volumes.isArray() && i < volumes.size(); i++) {
            JsonNode hostPath = volumes.get(i).path("hostPath").path("path");
            if (hostPath.isTextual() && isRuntimeSocket(hostPath.textValue())) {
                out.add(new PolicyPackFinding(new PolicyViolation(DOCKER_SOCK.id(),
                        prefix + "volumes[" + i + "].hostPath.path",
                        "volume \"" + volumes.get(i).path("name").asText("") + "\" mounts the container runtime socket "
                                + hostPath.textValue() + " from the host",
                        DOCKER_SOCK.severity(), DOCKER_SOCK.modeIn(mode)), DOCKER_SOCK.aliases(), Optional.empty(),
                        Optional.empty(), Optional.of(hostPath.textValue()), Optional.empty()));
            }
        }
        if (!allowedRegistries.isEmpty()) {
            forContainers(spec, prefix, true, (c, path, name, image) -> {
                if (image.isEmpty()) {
                    return;
                }
                String where;
                try {
                    ImageReference ref = ImageReference.parse(image);
                    where = ref.registry() + "/" + ref.repository();
                } catch (IllegalArgumentException e) {
                    where = image;
                }
                if (!allowed(where, allowedRegistries)) {
                    out.add(finding(ALLOWED_REGISTRIES, mode, path + ".image", "container \"" + name + "\" image '"
                            + image + "' is not from an allowed registry " + allowedRegistries, name, image, image));
                }
            });
        }
        return out;
    }

    /**
     * Tells whether {@code registry/repository} is under one of the allowed registries or prefixes.
     *
     * @param where the image's {@code registry/repository}
     * @param allowedRegistries e.g. {@code [ghcr.io/acme, registry.example.com]}
     * @return true when allowed
     */
    static boolean allowed(String where, List<String> allowedRegistries) {
        String w = where.toLowerCase(Locale.ROOT);
        for (String a : allowedRegistries) {
            String p = a.toLowerCase(Locale.ROOT);
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            if (w.equals(p) || w.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRuntimeSocket(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.endsWith("/docker.sock") || p.endsWith("/containerd.sock") || p.endsWith("/crio.sock")
                || p.equals("/var/run/docker") || p.equals("/run/containerd");
    }

    private static boolean present(JsonNode n) {
        return !n.isMissingNode() && !n.isNull() && !n.asText("").isEmpty();
    }

    private static PolicyPackFinding finding(PolicyPackRule rule, PolicyMode mode, String path, String message,
                                             String container, String image, String value) {
        return new PolicyPackFinding(new PolicyViolation(rule.id(), path, message, rule.severity(), rule.modeIn(mode)),
                rule.aliases(), Optional.of(container), image.isEmpty() ? Optional.empty() : Optional.of(image),
                Optional.of(value), Optional.empty());
    }

    @FunctionalInterface
    private interface ContainerVisitor {
        void visit(JsonNode container, String path, String name, String image);
    }

    private static void forContainers(JsonNode spec, String prefix, boolean ephemeral, ContainerVisitor v) {
        for (String field : CONTAINER_FIELDS) {
            if (!ephemeral && field.equals("ephemeralContainers")) {
                continue;
            }
            JsonNode list = spec.path(field);
            if (!list.isArray()) {
                continue;
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode c = list.get(i);
                if (!c.isObject()) {
                    continue;
                }
                v.visit(c, prefix + field + "[" + i + "]", c.path("name").asText(""),
                        c.path("image").isTextual() ? c.path("image").textValue() : "");
            }
        }
    }
}
