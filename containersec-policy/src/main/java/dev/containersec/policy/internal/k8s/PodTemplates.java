package dev.containersec.policy.internal.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the pod a Kubernetes object runs: a Pod itself, or the pod template of a workload.
 *
 * <p>Supported kinds: {@code Pod}, and the pod templates ({@code spec.template}) of {@code Deployment},
 * {@code StatefulSet}, {@code DaemonSet}, {@code ReplicaSet}, {@code ReplicationController} and {@code Job},
 * and {@code spec.jobTemplate.spec.template} of {@code CronJob}. The API group is not checked, only the kind,
 * as Pod Security Admission's workload support does per resource.
 */
public final class PodTemplates {

    /** Kinds whose pod template sits at {@code spec.template}. */
    public static final Set<String> TEMPLATE_KINDS =
            Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job");

    private PodTemplates() {
    }

    /**
     * A pod found in a document.
     *
     * @param metadata the pod (template) metadata; a missing node when absent
     * @param spec the pod spec; a missing node when absent
     * @param pathPrefix the path of the pod template in the document, ending in a dot, so that
     *     {@code pathPrefix + "spec.containers[0]"} is a document path; empty for a Pod
     */
    public record PodTemplate(JsonNode metadata, JsonNode spec, String pathPrefix) {
        /**
         * Validates the fields.
         *
         * @throws NullPointerException if a field is null
         */
        public PodTemplate {
            Objects.requireNonNull(metadata, "metadata");
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(pathPrefix, "pathPrefix");
        }
    }

    /**
     * Tells whether documents of this kind carry a pod.
     *
     * @param kind the document kind
     * @return true for Pod and the supported workload kinds
     */
    public static boolean carriesPod(String kind) {
        return "Pod".equals(kind) || "CronJob".equals(kind) || TEMPLATE_KINDS.contains(kind);
    }

    /**
     * Returns the pod of a document.
     *
     * @param document the document
     * @return the pod, or empty when the kind carries no pod
     */
    public static Optional<PodTemplate> find(ManifestDocument document) {
        JsonNode root = document.content();
        String kind = document.kind();
        if ("Pod".equals(kind)) {
            return Optional.of(new PodTemplate(root.path("metadata"), root.path("spec"), ""));
        }
        if (TEMPLATE_KINDS.contains(kind)) {
            JsonNode template = root.path("spec").path("template");
            return Optional.of(new PodTemplate(template.path("metadata"), template.path("spec"), "spec.template."));
        }
        if ("CronJob".equals(kind)) {
            JsonNode template = root.path("spec").path("jobTemplate").path("spec").path("template");
            return Optional.of(new PodTemplate(template.path("metadata"), template.path("spec"),
                    "spec.jobTemplate.spec.template."));
        }
        return Optional.empty();
    }
}
