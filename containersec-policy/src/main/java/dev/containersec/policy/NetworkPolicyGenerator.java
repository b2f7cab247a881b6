package dev.containersec.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import dev.containersec.policy.internal.k8s.ManifestLoader;
import dev.containersec.policy.internal.netpol.FlowSynthesizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Generates least-privilege NetworkPolicies from observed flows, and proves them by analysis. Stateless and
 * thread-safe.
 *
 * <p>For every namespace holding a workload named in the flows it generates {@code default-deny-all} (every
 * pod isolated for ingress and egress) and {@code allow-dns-egress} (UDP and TCP 53 to {@code k8s-app=kube-dns}
 * in {@code kube-system}); for every such workload, {@code allow-NAME} allowing exactly its observed ingress
 * and egress. Workloads are selected by their pod labels from the manifests given, or, without manifests, by
 * the label {@code app.kubernetes.io/name=NAME} (which the workloads must then carry). The result's
 * {@link NetpolGenerationResult#verified()} tells whether analysis of the generated YAML found exactly the
 * flows plus DNS allowed.
 *
 * <pre>{@code
 * NetworkPolicyGenerator gen = NetworkPolicyGenerator.create();
 * NetpolGenerationResult result = gen.generate(gen.loadFlows(Path.of("flows.json")));
 * for (NetpolGeneratedPolicy p : result.policies()) Files.writeString(dir.resolve(p.fileName()), p.yaml());
 * }</pre>
 */
public final class NetworkPolicyGenerator {

    /** The pod label that selects a workload when no manifests are given. */
    public static final String WORKLOAD_NAME_LABEL = FlowSynthesizer.NAME_LABEL;

    private final ScanLimits limits;

    private NetworkPolicyGenerator(ScanLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Creates a generator.
     *
     * @param limits bounds on the flow file
     * @return the generator
     */
    public static NetworkPolicyGenerator create(ScanLimits limits) {
        return new NetworkPolicyGenerator(limits);
    }

    /**
     * Creates a generator with {@link ScanLimits#defaults()}.
     *
     * @return the generator
     */
    public static NetworkPolicyGenerator create() {
        return new NetworkPolicyGenerator(ScanLimits.defaults());
    }

    /**
     * Reads a flow file.
     *
     * @param file a JSON list of flows (see {@link Flow})
     * @return the flows
     * @throws InvalidInputException naming the file and entry when malformed
     * @throws LimitExceededException when the file exceeds the limits
     */
    public List<Flow> loadFlows(Path file) {
        return parseFlows(file.toString(), new ManifestLoader(limits).read(file));
    }

    /**
     * Parses flows from JSON text.
     *
     * @param sourceName the name used in error messages
     * @param json a JSON list of flows, or an object with a {@code flows} list
     * @return the flows
     * @throws InvalidInputException naming the source and entry when malformed
     */
    public List<Flow> parseFlows(String sourceName, String json) {
        return parseFlows(sourceName, json.getBytes(StandardCharsets.UTF_8));
    }

    private List<Flow> parseFlows(String sourceName, byte[] bytes) {
        List<ManifestLoader.Value> docs = new ManifestLoader(limits).values(bytes, sourceName);
        List<Flow> flows = new ArrayList<>();
        for (int d = 0; d < docs.size(); d++) {
            JsonNode root = docs.get(d).node();
            String doc = sourceName + " document " + (d + 1);
            JsonNode list = root.isObject() ? root.path("flows") : root;
            if (!list.isArray()) {
                throw new InvalidInputException(doc, "expected a list of flows");
            }
            int i = 0;
            for (JsonNode f : list) {
                String where = doc + " flow[" + i++ + "]";
                String src = text(f, "src", "source");
                String dst = text(f, "dst", "destination");
                JsonNode port = f.path("port");
                if (src == null || dst == null || !(port.isIntegralNumber() && port.canConvertToInt()
                        || port.isTextual() && port.asText().matches("\\d{1,5}"))) {
                    throw new InvalidInputException(where, "needs src, dst and a numeric port");
                }
                try {
                    NetpolProtocol proto = f.path("protocol").isMissingNode() || f.path("protocol").isNull()
                            ? NetpolProtocol.TCP : NetpolProtocol.parse(f.path("protocol").asText());
                    flows.add(new Flow(src, dst, port.asInt(), proto));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(where, e.getMessage(), e);
                }
            }
        }
        return List.copyOf(flows);
    }

    private static String text(JsonNode f, String a, String b) {
        JsonNode n = f.has(a) ? f.get(a) : f.get(b);
        return n == null || !n.isTextual() ? null : n.asText();
    }

    /**
     * Generates policies for flows alone: each workload {@code namespace/name} is assumed to carry the pod
     * label {@value #WORKLOAD_NAME_LABEL}{@code =name}.
     *
     * @param flows the observed flows
     * @return the policies and their proof
     */
    public NetpolGenerationResult generate(List<Flow> flows) {
        return generate(flows, FlowSynthesizer.syntheticCluster(flows));
    }

    /**
     * Generates policies for flows between workloads of a cluster, selecting each by its pod labels. The
     * cluster's existing policies are ignored: the generated set replaces them.
     *
     * @param flows the observed flows
     * @param cluster the workloads and namespaces
     * @return the policies and their proof
     * @throws InvalidInputException if a flow names a workload the cluster lacks, or one without labels
     */
    public NetpolGenerationResult generate(List<Flow> flows, NetpolCluster cluster) {
        FlowSynthesizer.Outcome o = new FlowSynthesizer(limits).generate(List.copyOf(flows), cluster);
        return new NetpolGenerationResult(o.policies(), new NetworkPolicyAnalysis(o.proof()), o.missing(),
                o.unexpected());
    }
}
