package dev.containersec.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The objects a reachability analysis reads: namespaces, workloads, Services and NetworkPolicies. Build it
 * from manifests with {@link NetworkPolicyAnalyzer#load} or directly from values.
 *
 * <p>Namespaces that workloads or policies live in but that are not listed are added with only the
 * automatic {@value NetpolNamespace#NAME_LABEL} label. Lists are sorted by identifier.
 *
 * @param namespaces the namespaces
 * @param workloads the workloads
 * @param services the Services
 * @param policies the NetworkPolicies
 */
public record NetpolCluster(List<NetpolNamespace> namespaces, List<NetpolWorkload> workloads,
                            List<NetpolService> services, List<NetpolPolicy> policies) {

    /**
     * Adds implied namespaces, sorts, and checks identifiers are unique.
     *
     * @throws IllegalArgumentException naming a duplicated namespace, workload or policy
     */
    public NetpolCluster {
        Map<String, NetpolNamespace> ns = new TreeMap<>();
        for (NetpolNamespace n : Objects.requireNonNull(namespaces, "namespaces")) {
            if (ns.put(n.name(), n) != null) {
                throw new IllegalArgumentException("namespace " + n.name() + " is listed twice");
            }
        }
        workloads = sortedUnique(workloads, NetpolWorkload::id, "workload");
        services = sortedUnique(services, NetpolService::id, "service");
        policies = sortedUnique(policies, NetpolPolicy::id, "NetworkPolicy");
        workloads.forEach(w -> ns.computeIfAbsent(w.namespace(), NetpolNamespace::of));
        policies.forEach(p -> ns.computeIfAbsent(p.namespace(), NetpolNamespace::of));
        services.forEach(s -> ns.computeIfAbsent(s.namespace(), NetpolNamespace::of));
        namespaces = List.copyOf(ns.values());
    }

    private static <T> List<T> sortedUnique(List<T> items, java.util.function.Function<T, String> id, String what) {
        Map<String, T> byId = new TreeMap<>();
        for (T t : Objects.requireNonNull(items, what)) {
            if (byId.put(id.apply(t), t) != null) {
                throw new IllegalArgumentException(what + " " + id.apply(t) + " is defined twice");
            }
        }
        return List.copyOf(byId.values());
    }

    /**
     * Returns a cluster of workloads and policies only.
     *
     * @param workloads the workloads
     * @param policies the policies
     * @return the cluster
     */
    public static NetpolCluster of(List<NetpolWorkload> workloads, List<NetpolPolicy> policies) {
        return new NetpolCluster(List.of(), workloads, List.of(), policies);
    }

    /**
     * Combines clusters read from several sources; later namespace definitions win over implied ones.
     *
     * @param parts the parts
     * @return the union
     * @throws IllegalArgumentException if a workload, Service or policy appears in two parts
     */
    public static NetpolCluster merge(List<NetpolCluster> parts) {
        Map<String, NetpolNamespace> ns = new LinkedHashMap<>();
        List<NetpolWorkload> w = new ArrayList<>();
        List<NetpolService> s = new ArrayList<>();
        List<NetpolPolicy> p = new ArrayList<>();
        for (NetpolCluster c : parts) {
            for (NetpolNamespace n : c.namespaces) {
                NetpolNamespace old = ns.get(n.name());
                // An implied namespace carries only the automatic label; an explicit one may carry more.
                if (old == null || n.labels().size() > old.labels().size()) {
                    ns.put(n.name(), n);
                }
            }
            w.addAll(c.workloads);
            s.addAll(c.services);
            p.addAll(c.policies);
        }
        return new NetpolCluster(new ArrayList<>(ns.values()), w, s, p);
    }

    /**
     * Returns a copy with the policies replaced.
     *
     * @param newPolicies the policies to use
     * @return the new cluster
     */
    public NetpolCluster withPolicies(List<NetpolPolicy> newPolicies) {
        return new NetpolCluster(namespaces, workloads, services, newPolicies);
    }

    /**
     * Finds a workload by {@code namespace/name} (a name without namespace means {@code default}).
     *
     * @param id the identifier
     * @return the workload, if present
     */
    public Optional<NetpolWorkload> workload(String id) {
        String full = id.contains("/") ? id : "default/" + id;
        return workloads.stream().filter(w -> w.id().equals(full)).findFirst();
    }

    /**
     * Returns the workloads a Service selects.
     *
     * @param service the Service
     * @return the workloads whose pod labels match its selector (none for a Service without selector)
     */
    public List<NetpolWorkload> workloadsBehind(NetpolService service) {
        if (service.selector().isEmpty()) {
            return List.of();
        }
        NetpolSelector sel = NetpolSelector.ofLabels(service.selector());
        return workloads.stream().filter(w -> w.namespace().equals(service.namespace()) && sel.matches(w.labels()))
                .sorted(Comparator.comparing(NetpolWorkload::id)).toList();
    }
}
