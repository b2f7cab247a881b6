package dev.containersec.policy.internal.netpol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import dev.containersec.policy.internal.k8s.ManifestLoader;
import dev.containersec.policy.NetpolCidr;
import dev.containersec.policy.NetpolCluster;
import dev.containersec.policy.NetpolContainerPort;
import dev.containersec.policy.NetpolDirection;
import dev.containersec.policy.NetpolIpBlock;
import dev.containersec.policy.NetpolNamespace;
import dev.containersec.policy.NetpolPeer;
import dev.containersec.policy.NetpolPolicy;
import dev.containersec.policy.NetpolPort;
import dev.containersec.policy.NetpolProtocol;
import dev.containersec.policy.NetpolRule;
import dev.containersec.policy.NetpolSelector;
import dev.containersec.policy.NetpolService;
import dev.containersec.policy.NetpolWorkload;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns Kubernetes manifests into a {@link NetpolCluster}: Namespaces, Pods, the pod templates of Deployments,
 * StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, Jobs and CronJobs, Services and
 * {@code networking.k8s.io/v1} NetworkPolicies; {@code kind: List} is unwrapped; other kinds are ignored.
 * Pods owned by a controller ({@code ownerReferences[].controller: true}) are skipped, since their controller
 * is the workload. Objects without a namespace are in {@code default}.
 */
public final class ManifestReader {

    private static final Set<String> CONTROLLERS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
            "ReplicationController", "Job");

    private final ScanLimits limits;

    /**
     * Creates a reader.
     *
     * @param limits the bounds on input
     */
    public ManifestReader(ScanLimits limits) {
        this.limits = limits;
    }

    /**
     * Reads one file or text.
     *
     * @param source the name for messages
     * @param bytes the content
     * @return the objects found
     * @throws InvalidInputException naming the file and document when an object is malformed
     */
    public NetpolCluster read(String source, byte[] bytes) {
        List<NetpolNamespace> namespaces = new ArrayList<>();
        List<NetpolWorkload> workloads = new ArrayList<>();
        List<NetpolService> services = new ArrayList<>();
        List<NetpolPolicy> policies = new ArrayList<>();
        List<ManifestLoader.Value> docs = new ManifestLoader(limits).values(bytes, source);
        for (int d = 0; d < docs.size(); d++) {
            JsonNode root = docs.get(d).node();
            List<JsonNode> objects = new ArrayList<>();
            if ("List".equals(root.path("kind").asText()) || root.path("kind").asText().endsWith("List")
                    && root.has("items")) {
                root.path("items").forEach(objects::add);
            } else {
                objects.add(root);
            }
            for (JsonNode o : objects) {
                String where = source + " document " + (d + 1) + " (" + o.path("kind").asText("?") + " "
                        + namespaceOf(o) + "/"
                        + o.path("metadata").path("name").asText("?") + ")";
                try {
                    readObject(o, namespaces, workloads, services, policies);
                } catch (IllegalArgumentException | ClassCastException e) {
                    throw new InvalidInputException(where, e.getMessage(), e);
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(where, e.getMessage(), e);
                }
            }
        }
        try {
            return new NetpolCluster(namespaces, workloads, services, policies);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(source, e.getMessage(), e);
        }
    }

    private static String namespaceOf(JsonNode o) {
        String ns = o.path("metadata").path("namespace").asText("");
        return ns.isEmpty() ? "default" : ns;
    }

    private static String nameOf(JsonNode o) {
        String name = o.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("metadata.name is missing");
        }
        return name;
    }

    private void readObject(JsonNode o, List<NetpolNamespace> namespaces, List<NetpolWorkload> workloads,
                            List<NetpolService> services, List<NetpolPolicy> policies) {
        if (!o.isObject()) {
            throw new IllegalArgumentException("expected an object, found " + o.getNodeType());
        }
        String kind = o.path("kind").asText("");
        switch (kind) {
            case "Namespace":
                namespaces.add(new NetpolNamespace(nameOf(o), labels(o.path("metadata").path("labels"), "metadata.labels")));
                break;
            case "Pod":
                for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
                    if (ref.path("controller").asBoolean(false)) {
                        return;
                    }
                }
                workloads.add(new NetpolWorkload(namespaceOf(o), nameOf(o), kind,
                        labels(o.path("metadata").path("labels"), "metadata.labels"), containerPorts(o.path("spec"))));
                break;
            case "CronJob":
                workloads.add(template(o, kind, o.path("spec").path("jobTemplate").path("spec").path("template")));
                break;
            case "Service":
                services.add(service(o));
                break;
            case "NetworkPolicy":
                if (o.path("apiVersion").asText("").startsWith("networking.k8s.io/")) {
                    policies.add(policy(o));
                }
                break;
            default:
                if (CONTROLLERS.contains(kind)) {
                    workloads.add(template(o, kind, o.path("spec").path("template")));
                }
        }
    }

    private NetpolWorkload template(JsonNode o, String kind, JsonNode template) {
        return new NetpolWorkload(namespaceOf(o), nameOf(o), kind,
                labels(template.path("metadata").path("labels"), "spec.template.metadata.labels"),
                containerPorts(template.path("spec")));
    }

    private static List<NetpolContainerPort> containerPorts(JsonNode podSpec) {
        List<NetpolContainerPort> out = new ArrayList<>();
        for (JsonNode c : podSpec.path("containers")) {
            for (JsonNode p : c.path("ports")) {
                JsonNode num = p.path("containerPort");
                if (!num.canConvertToInt() || num.isTextual() && !num.asText().matches("\\d+")) {
                    throw new IllegalArgumentException("containerPort '" + num.asText() + "' is not a number");
                }
                String name = p.path("name").asText("");
                out.add(new NetpolContainerPort(name.isEmpty() ? Optional.empty() : Optional.of(name),
                        num.asInt(), protocol(p.path("protocol"))));
            }
        }
        return out;
    }

    private static NetpolProtocol protocol(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? NetpolProtocol.TCP : NetpolProtocol.parse(n.asText());
    }

    private static NetpolService service(JsonNode o) {
        JsonNode spec = o.path("spec");
        List<NetpolContainerPort> ports = new ArrayList<>();
        for (JsonNode p : spec.path("ports")) {
            String name = p.path("name").asText("");
            ports.add(new NetpolContainerPort(name.isEmpty() ? Optional.empty() : Optional.of(name),
                    p.path("port").asInt(), protocol(p.path("protocol"))));
        }
        return new NetpolService(namespaceOf(o), nameOf(o), labels(spec.path("selector"), "spec.selector"), ports);
    }

    private static Map<String, String> labels(JsonNode n, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(field + " must be a map of strings");
        }
        n.fields().forEachRemaining(e -> {
            if (e.getValue().isContainerNode()) {
                throw new IllegalArgumentException(field + "." + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
        });
        return out;
    }

    // ---- NetworkPolicy ----

    private static NetpolPolicy policy(JsonNode o) {
        String ns = namespaceOf(o);
        String name = nameOf(o);
        JsonNode spec = o.path("spec");
        NetpolSelector podSelector = selector(spec.path("podSelector"), "spec.podSelector");
        List<NetpolRule> ingress = rules(spec.path("ingress"), "from", "spec.ingress");
        List<NetpolRule> egress = rules(spec.path("egress"), "to", "spec.egress");
        JsonNode types = spec.path("policyTypes");
        if (types.isMissingNode() || types.isNull() || types.isArray() && types.isEmpty()) {
            return NetpolPolicy.withDefaultPolicyTypes(ns, name, podSelector, ingress, egress);
        }
        if (!types.isArray()) {
            throw new IllegalArgumentException("spec.policyTypes must be a list");
        }
        Set<NetpolDirection> dirs = EnumSet.noneOf(NetpolDirection.class);
        for (JsonNode t : types) {
            switch (t.asText()) {
                case "Ingress": dirs.add(NetpolDirection.INGRESS); break;
                case "Egress": dirs.add(NetpolDirection.EGRESS); break;
                default:
                    throw new IllegalArgumentException("spec.policyTypes value '" + t.asText()
                            + "' is not one of Ingress, Egress");
            }
        }
        return new NetpolPolicy(ns, name, podSelector, dirs, ingress, egress);
    }

    private static List<NetpolRule> rules(JsonNode list, String peerField, String field) {
        List<NetpolRule> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException(field + " must be a list");
        }
        int i = 0;
        for (JsonNode r : list) {
            String at = field + "[" + i++ + "]";
            if (r.isNull()) {
                out.add(NetpolRule.allowAll());
                continue;
            }
            if (!r.isObject()) {
                throw new IllegalArgumentException(at + " must be an object");
            }
            List<NetpolPeer> peers = new ArrayList<>();
            int j = 0;
            for (JsonNode p : array(r.path(peerField), at + "." + peerField)) {
                peers.add(peer(p, at + "." + peerField + "[" + j++ + "]"));
            }
            List<NetpolPort> ports = new ArrayList<>();
            j = 0;
            for (JsonNode p : array(r.path("ports"), at + ".ports")) {
                ports.add(port(p, at + ".ports[" + j++ + "]"));
            }
            out.add(new NetpolRule(peers, ports));
        }
        return out;
    }

    private static List<JsonNode> array(JsonNode n, String field) {
        List<JsonNode> out = new ArrayList<>();
        if (n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException(field + " must be a list");
        }
        n.forEach(out::add);
        return out;
    }

    private static NetpolPeer peer(JsonNode p, String at) {
        try {
            Optional<NetpolSelector> ns = optionalSelector(p.path("namespaceSelector"), at + ".namespaceSelector");
            Optional<NetpolSelector> pods = optionalSelector(p.path("podSelector"), at + ".podSelector");
            Optional<NetpolIpBlock> ip = Optional.empty();
            JsonNode b = p.path("ipBlock");
            if (!b.isMissingNode() && !b.isNull()) {
                List<NetpolCidr> except = new ArrayList<>();
                for (JsonNode e : array(b.path("except"), at + ".ipBlock.except")) {
                    except.add(NetpolCidr.parse(e.asText()));
                }
                ip = Optional.of(new NetpolIpBlock(NetpolCidr.parse(b.path("cidr").asText("")), except));
            }
            return new NetpolPeer(ns, pods, ip);
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
        }
    }

    private static NetpolPort port(JsonNode p, String at) {
        NetpolProtocol protocol = protocol(p.path("protocol"));
        JsonNode port = p.path("port");
        JsonNode end = p.path("endPort");
        try {
            if (port.isMissingNode() || port.isNull()) {
                if (!end.isMissingNode() && !end.isNull()) {
                    throw new IllegalArgumentException("endPort needs a numeric port");
                }
                return NetpolPort.any(protocol);
            }
            boolean numeric = port.isIntegralNumber() && port.canConvertToInt()
                    || port.isTextual() && port.asText().matches("\\d{1,5}");
            if (!numeric) {
                if (!end.isMissingNode() && !end.isNull()) {
                    throw new IllegalArgumentException("endPort cannot be used with named port " + port.asText());
                }
                return NetpolPort.named(protocol, port.asText());
            }
            int first = port.asInt();
            int last = end.isMissingNode() || end.isNull() ? first : end.asInt();
            return NetpolPort.range(protocol, first, last);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
        }
    }

    private static Optional<NetpolSelector> optionalSelector(JsonNode n, String field) {
        return n.isMissingNode() || n.isNull() ? Optional.empty() : Optional.of(selector(n, field));
    }

    private static NetpolSelector selector(JsonNode n, String field) {
        if (n.isMissingNode() || n.isNull()) {
            return NetpolSelector.all();
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(field + " must be an object");
        }
        Map<String, String> matchLabels = labels(n.path("matchLabels"), field + ".matchLabels");
        List<NetpolSelector.Requirement> reqs = new ArrayList<>();
        for (JsonNode e : array(n.path("matchExpressions"), field + ".matchExpressions")) {
            Set<String> values = new HashSet<>();
            for (JsonNode v : array(e.path("values"), field + ".matchExpressions.values")) {
                values.add(v.asText());
            }
            reqs.add(new NetpolSelector.Requirement(e.path("key").asText(""),
                    NetpolSelector.Operator.parse(e.path("operator").asText("")), values));
        }
        return new NetpolSelector(matchLabels, reqs);
    }
}
