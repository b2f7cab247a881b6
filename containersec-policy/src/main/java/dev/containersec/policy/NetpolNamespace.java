package dev.containersec.policy;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A namespace and its labels. The label {@value #NAME_LABEL} is always present with the namespace's name,
 * as the Kubernetes API server sets it (since 1.21).
 *
 * @param name the namespace name
 * @param labels its labels, including {@value #NAME_LABEL}
 */
public record NetpolNamespace(String name, Map<String, String> labels) {

    /** The label Kubernetes sets on every namespace to its name. */
    public static final String NAME_LABEL = "kubernetes.io/metadata.name";

    /** Copies the labels and adds {@value #NAME_LABEL}. */
    public NetpolNamespace {
        Objects.requireNonNull(name, "name");
        TreeMap<String, String> copy = new TreeMap<>(Objects.requireNonNull(labels, "labels"));
        copy.put(NAME_LABEL, name);
        labels = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Returns a namespace with only the automatic label.
     *
     * @param name the namespace name
     * @return the namespace
     */
    public static NetpolNamespace of(String name) {
        return new NetpolNamespace(name, Map.of());
    }
}
