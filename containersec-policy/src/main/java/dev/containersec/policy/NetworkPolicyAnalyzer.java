package dev.containersec.policy;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import dev.containersec.policy.internal.k8s.ManifestLoader;
import dev.containersec.policy.internal.netpol.ManifestReader;
import dev.containersec.policy.internal.netpol.Reachability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The front door of NetworkPolicy reachability analysis: which workloads can talk to which, and to which
 * external addresses, under {@code networking.k8s.io/v1} NetworkPolicies, with the semantics of the
 * <a href="https://kubernetes.io/docs/concepts/services-networking/network-policies/">Kubernetes
 * documentation</a>. Stateless and thread-safe.
 *
 * <pre>{@code
 * NetworkPolicyAnalyzer analyzer = NetworkPolicyAnalyzer.create(ScanLimits.defaults());
 * NetworkPolicyAnalysis analysis = analyzer.analyze(analyzer.load(List.of(Path.of("manifests.yaml"))));
 * analysis.connections().forEach(c -> System.out.println(c));
 * System.out.println(analysis.explain("shop/frontend", "shop/db", 5432, NetpolProtocol.TCP));
 * }</pre>
 */
public final class NetworkPolicyAnalyzer {

    private final ScanLimits limits;

    private NetworkPolicyAnalyzer(ScanLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Creates an analyzer that reads manifests within the given limits.
     *
     * @param limits bounds on document size and nesting
     * @return the analyzer
     */
    public static NetworkPolicyAnalyzer create(ScanLimits limits) {
        return new NetworkPolicyAnalyzer(limits);
    }

    /**
     * Creates an analyzer with {@link ScanLimits#defaults()}.
     *
     * @return the analyzer
     */
    public static NetworkPolicyAnalyzer create() {
        return new NetworkPolicyAnalyzer(ScanLimits.defaults());
    }

    /**
     * Reads YAML (multi-document) or JSON manifest files into one cluster.
     *
     * @param files the files
     * @return the namespaces, workloads, Services and NetworkPolicies they hold
     * @throws InvalidInputException naming the file and document when a manifest is malformed or hostile
     * @throws LimitExceededException when a file exceeds {@link ScanLimits#maxDocumentBytes()} or
     *     {@link ScanLimits#maxJsonDepth()}
     */
    public NetpolCluster load(List<Path> files) {
        List<NetpolCluster> parts = new ArrayList<>();
        ManifestReader reader = new ManifestReader(limits);
        for (Path f : files) {
            parts.add(reader.read(f.toString(), new ManifestLoader(limits).read(f)));
        }
        return mergeNamed(parts, files.toString());
    }

    /**
     * Reads manifests from text.
     *
     * @param sourceName the name used in error messages, for example a file name
     * @param text YAML (multi-document) or JSON
     * @return the objects it holds
     * @throws InvalidInputException naming the source and document when a manifest is malformed or hostile
     */
    public NetpolCluster parse(String sourceName, String text) {
        return new ManifestReader(limits).read(sourceName, text.getBytes(StandardCharsets.UTF_8));
    }

    private static NetpolCluster mergeNamed(List<NetpolCluster> parts, String what) {
        try {
            return NetpolCluster.merge(parts);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(what, e.getMessage(), e);
        }
    }

    /**
     * Analyses a cluster.
     *
     * @param cluster the objects
     * @return the analysis
     */
    public NetworkPolicyAnalysis analyze(NetpolCluster cluster) {
        return new NetworkPolicyAnalysis(new Reachability(Objects.requireNonNull(cluster, "cluster")));
    }

    /**
     * Reads and analyses manifest files.
     *
     * @param files the files
     * @return the analysis
     * @throws InvalidInputException as {@link #load(List)}
     */
    public NetworkPolicyAnalysis analyze(List<Path> files) {
        return analyze(load(files));
    }
}
