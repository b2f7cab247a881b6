package dev.containersec.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A workload: a controller (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
 * CronJob) with the labels and container ports of its pod template, or a bare Pod. All pods of a workload
 * share labels, so policies treat them alike; the analysis works per workload.
 *
 * @param namespace the namespace
 * @param name the name
 * @param kind the Kubernetes kind, for display
 * @param labels the pod (template) labels
 * @param ports the container ports of all containers
 */
public record NetpolWorkload(String namespace, String name, String kind, Map<String, String> labels,
                             List<NetpolContainerPort> ports) {

    /** Checks for nulls and copies the collections. */
    public NetpolWorkload {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(labels, "labels")));
        ports = List.copyOf(Objects.requireNonNull(ports, "ports"));
    }

    /**
     * Returns a Deployment-like workload without ports.
     *
     * @param namespace the namespace
     * @param name the name
     * @param labels the pod labels
     * @return the workload
     */
    public static NetpolWorkload of(String namespace, String name, Map<String, String> labels) {
        return new NetpolWorkload(namespace, name, "Deployment", labels, List.of());
    }

    /**
     * Returns {@code namespace/name}, the workload's identifier in results.
     *
     * @return the identifier
     */
    public String id() {
        return namespace + "/" + name;
    }
}
