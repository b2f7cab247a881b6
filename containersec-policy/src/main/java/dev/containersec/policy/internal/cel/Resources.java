package dev.containersec.policy.internal.cel;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps a Kubernetes kind to its resource (plural, lower case), as the API server's REST mapping would, so that
 * a ValidatingAdmissionPolicy's {@code resourceRules} can match manifests offline.
 */
public final class Resources {

    private Resources() {
    }

    private static final Map<String, String> IRREGULAR = Map.ofEntries(
            Map.entry("Endpoints", "endpoints"),
            Map.entry("NetworkPolicy", "networkpolicies"),
            Map.entry("PodSecurityPolicy", "podsecuritypolicies"),
            Map.entry("Ingress", "ingresses"),
            Map.entry("IngressClass", "ingressclasses"),
            Map.entry("StorageClass", "storageclasses"),
            Map.entry("PriorityClass", "priorityclasses"),
            Map.entry("RuntimeClass", "runtimeclasses"),
            Map.entry("ValidatingAdmissionPolicy", "validatingadmissionpolicies"),
            Map.entry("MutatingAdmissionPolicy", "mutatingadmissionpolicies"),
            Map.entry("ResourceClaimTemplate", "resourceclaimtemplates"),
            Map.entry("DeviceClass", "deviceclasses"),
            Map.entry("ComponentStatus", "componentstatuses"));

    /**
     * Returns the resource for a kind, e.g. {@code Deployment} to {@code deployments}, {@code NetworkPolicy} to
     * {@code networkpolicies}.
     *
     * @param kind the kind
     * @return the plural resource name
     */
    public static String resource(String kind) {
        String irregular = IRREGULAR.get(kind);
        if (irregular != null) {
            return irregular;
        }
        String k = kind.toLowerCase(Locale.ROOT);
        if (k.isEmpty()) {
            return k;
        }
        if (k.endsWith("s") || k.endsWith("x") || k.endsWith("ch") || k.endsWith("sh")) {
            return k + "es";
        }
        if (k.endsWith("y") && k.length() > 1 && "aeiou".indexOf(k.charAt(k.length() - 2)) < 0) {
            return k.substring(0, k.length() - 1) + "ies";
        }
        return k + "s";
    }

    /**
     * Returns the API group of an {@code apiVersion}: {@code apps} for {@code apps/v1}, empty for {@code v1}.
     *
     * @param apiVersion the apiVersion
     * @return the group
     */
    /** Kinds whose objects are not namespaced (the built-in ones; custom resources are taken as namespaced). */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "Node",
            "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "StorageClass", "CustomResourceDefinition",
            "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy",
            "MutatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
            "PriorityClass", "RuntimeClass", "IngressClass", "CSIDriver", "CSINode", "APIService",
            "PodSecurityPolicy", "VolumeAttachment", "CertificateSigningRequest", "ComponentStatus",
            "DeviceClass", "FlowSchema", "PriorityLevelConfiguration");

    /**
     * Tells whether objects of a kind are cluster-scoped.
     *
     * @param kind e.g. {@code Namespace}
     * @return true for the built-in cluster-scoped kinds
     */
    public static boolean clusterScoped(String kind) {
        return CLUSTER_SCOPED.contains(kind);
    }

    /**
     * Returns the other API groups a resource is served under, for {@code matchPolicy: Equivalent}: the group
     * itself (any version of it), and {@code extensions} for what moved to {@code apps} and
     * {@code networking.k8s.io} (and back).
     *
     * @param group the request's group
     * @param resource the resource
     * @return the equivalent groups, the group itself first
     */
    public static List<String> equivalentGroups(String group, String resource) {
        switch (resource) {
            case "deployments":
            case "daemonsets":
            case "replicasets":
                return group.equals("apps") || group.equals("extensions") ? List.of(group,
                        group.equals("apps") ? "extensions" : "apps") : List.of(group);
            case "ingresses":
            case "networkpolicies":
                return group.equals("networking.k8s.io") || group.equals("extensions") ? List.of(group,
                        group.equals("extensions") ? "networking.k8s.io" : "extensions") : List.of(group);
            default:
                return List.of(group);
        }
    }

    public static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /**
     * Returns the version of an {@code apiVersion}: {@code v1} for {@code apps/v1}.
     *
     * @param apiVersion the apiVersion
     * @return the version
     */
    public static String version(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    }
}
