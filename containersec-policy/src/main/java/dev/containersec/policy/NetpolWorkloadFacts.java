package dev.containersec.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the analysis learnt about one workload, as plain values for policy rules. {@link #asMap()} gives the
 * same facts as a map of strings, booleans and lists of strings, ready to be CEL input, for example
 * {@code netpol.unrestrictedInternetEgress && vulns.exists(v, v.severity == 'CRITICAL' && v.fixable)}.
 *
 * @param workload {@code namespace/name}
 * @param ingressIsolated some policy selects it with policyType Ingress
 * @param egressIsolated some policy selects it with policyType Egress
 * @param exposedToAllNamespaces every pod of every namespace may reach it on some port (always true when not
 *     isolated for ingress)
 * @param ingressFromExternal some external address may reach it
 * @param egressToInternet it may reach some public (non-private) external address
 * @param unrestrictedInternetEgress it may reach every public IPv4 address on every TCP port
 * @param dnsEgressAllowed its egress allows port 53 over UDP or TCP somewhere
 * @param ingressPolicies the policies isolating its ingress ({@code namespace/name})
 * @param egressPolicies the policies isolating its egress
 * @param ingressFrom the endpoints that may reach it
 * @param egressTo the endpoints it may reach
 * @param findings the kinds of the findings about it ({@link NetpolFinding.Kind} names)
 */
public record NetpolWorkloadFacts(String workload, boolean ingressIsolated, boolean egressIsolated,
                                  boolean exposedToAllNamespaces, boolean ingressFromExternal,
                                  boolean egressToInternet, boolean unrestrictedInternetEgress,
                                  boolean dnsEgressAllowed, List<String> ingressPolicies,
                                  List<String> egressPolicies, List<String> ingressFrom, List<String> egressTo,
                                  List<String> findings) {

    /** Checks for nulls and copies the lists. */
    public NetpolWorkloadFacts {
        Objects.requireNonNull(workload, "workload");
        ingressPolicies = List.copyOf(ingressPolicies);
        egressPolicies = List.copyOf(egressPolicies);
        ingressFrom = List.copyOf(ingressFrom);
        egressTo = List.copyOf(egressTo);
        findings = List.copyOf(findings);
    }

    /**
     * Returns the facts as an unmodifiable map keyed by the record component names.
     *
     * @return the map
     */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", workload);
        m.put("ingressIsolated", ingressIsolated);
        m.put("egressIsolated", egressIsolated);
        m.put("exposedToAllNamespaces", exposedToAllNamespaces);
        m.put("ingressFromExternal", ingressFromExternal);
        m.put("egressToInternet", egressToInternet);
        m.put("unrestrictedInternetEgress", unrestrictedInternetEgress);
        m.put("dnsEgressAllowed", dnsEgressAllowed);
        m.put("ingressPolicies", ingressPolicies);
        m.put("egressPolicies", egressPolicies);
        m.put("ingressFrom", ingressFrom);
        m.put("egressTo", egressTo);
        m.put("findings", findings);
        return java.util.Collections.unmodifiableMap(m);
    }
}
