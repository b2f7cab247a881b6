package dev.containersec.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/** Builds test pods from the specification and wraps them in each workload kind. */
final class PodFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private PodFixtures() {
    }

    /** The workload kinds that carry a pod, with where their pod template sits. */
    enum Kind {
        POD("Pod", "v1", ""),
        DEPLOYMENT("Deployment", "apps/v1", "spec.template."),
        STATEFUL_SET("StatefulSet", "apps/v1", "spec.template."),
        DAEMON_SET("DaemonSet", "apps/v1", "spec.template."),
        REPLICA_SET("ReplicaSet", "apps/v1", "spec.template."),
        REPLICATION_CONTROLLER("ReplicationController", "v1", "spec.template."),
        JOB("Job", "batch/v1", "spec.template."),
        CRON_JOB("CronJob", "batch/v1", "spec.jobTemplate.spec.template.");

        final String kind;
        final String apiVersion;
        final String prefix;

        Kind(String kind, String apiVersion, String prefix) {
            this.kind = kind;
            this.apiVersion = apiVersion;
            this.prefix = prefix;
        }

        /** Wraps a pod (apiVersion/kind/metadata/spec) into a document of this kind. */
        ObjectNode wrap(ObjectNode pod) {
            if (this == POD) {
                return pod.deepCopy();
            }
            ObjectNode doc = JSON.createObjectNode();
            doc.put("apiVersion", apiVersion).put("kind", kind);
            doc.putObject("metadata").put("name", "workload").put("namespace", "shop");
            ObjectNode template = JSON.createObjectNode();
            template.set("metadata", pod.get("metadata").deepCopy());
            template.set("spec", pod.get("spec").deepCopy());
            if (this == CRON_JOB) {
                doc.putObject("spec").put("schedule", "*/5 * * * *").putObject("jobTemplate").putObject("spec")
                        .set("template", template);
            } else {
                doc.putObject("spec").set("template", template);
            }
            return doc;
        }

        @Override
        public String toString() {
            return kind;
        }
    }

    /** A pod that meets restricted at every version: two containers and an init container. */
    static ObjectNode restrictedPod() {
        return (ObjectNode) read("{"
                + "\"apiVersion\":\"v1\",\"kind\":\"Pod\","
                + "\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\",\"labels\":{\"app\":\"web\"}},"
                + "\"spec\":{"
                + "  \"securityContext\":{\"runAsNonRoot\":true,\"runAsUser\":1000,\"fsGroup\":2000,"
                + "                     \"seccompProfile\":{\"type\":\"RuntimeDefault\"}},"
                + "  \"initContainers\":[{\"name\":\"init\",\"image\":\"busybox:1.36\","
                + "     \"securityContext\":{\"allowPrivilegeEscalation\":false,\"capabilities\":{\"drop\":[\"ALL\"]}}}],"
                + "  \"containers\":[{\"name\":\"app\",\"image\":\"nginx:1.27\","
                + "     \"ports\":[{\"containerPort\":8080}],"
                + "     \"readinessProbe\":{\"httpGet\":{\"path\":\"/healthz\",\"port\":8080}},"
                + "     \"securityContext\":{\"allowPrivilegeEscalation\":false,\"readOnlyRootFilesystem\":true,"
                + "                        \"capabilities\":{\"drop\":[\"ALL\"]}}},"
                + "    {\"name\":\"sidecar\",\"image\":\"envoy:1.30\","
                + "     \"securityContext\":{\"allowPrivilegeEscalation\":false,"
                + "                        \"capabilities\":{\"drop\":[\"ALL\"],\"add\":[\"NET_BIND_SERVICE\"]}}}],"
                + "  \"volumes\":[{\"name\":\"data\",\"emptyDir\":{}},{\"name\":\"cfg\",\"configMap\":{\"name\":\"cfg\"}}]"
                + "}}");
    }

    /** A pod with no security settings at all: meets baseline, fails restricted. */
    static ObjectNode barePod() {
        return (ObjectNode) read("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"bare\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx\"}]}}");
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets a value at a dotted path with [i] indexes, creating objects and array slots on the way. */
    static Consumer<ObjectNode> set(String path, Object value) {
        return root -> {
            String[] parts = path.split("\\.");
            JsonNode node = root;
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                boolean last = i == parts.length - 1;
                String name = part;
                int index = -1;
                int bracket = part.indexOf('[');
                if (bracket >= 0) {
                    name = part.substring(0, bracket);
                    index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
                }
                ObjectNode obj = (ObjectNode) node;
                if (index < 0) {
                    if (last) {
                        obj.set(name, JSON.valueToTree(value));
                        return;
                    }
                    if (!obj.has(name) || !obj.get(name).isObject()) {
                        obj.putObject(name);
                    }
                    node = obj.get(name);
                } else {
                    if (!obj.has(name)) {
                        obj.putArray(name);
                    }
                    ArrayNode arr = (ArrayNode) obj.get(name);
                    while (arr.size() <= index) {
                        arr.addObject();
                    }
                    if (last) {
                        arr.set(index, JSON.valueToTree(value));
                        return;
                    }
                    node = arr.get(index);
                }
            }
        };
    }

    /** Removes the field at a dotted path, if present. */
    static Consumer<ObjectNode> remove(String path) {
        return root -> {
            int dot = path.lastIndexOf('.');
            JsonNode parent = dot < 0 ? root : root.at("/" + path.substring(0, dot).replace('.', '/')
                    .replaceAll("\\[(\\d+)]", "/$1"));
            if (parent instanceof ObjectNode) {
                ((ObjectNode) parent).remove(path.substring(dot + 1));
            }
        };
    }

    @SafeVarargs
    static Consumer<ObjectNode> all(Consumer<ObjectNode>... steps) {
        return root -> {
            for (Consumer<ObjectNode> s : steps) {
                s.accept(root);
            }
        };
    }

    static final Consumer<ObjectNode> WINDOWS = set("spec.os", java.util.Map.of("name", "windows"));
    static final Consumer<ObjectNode> USER_NAMESPACE = set("spec.hostUsers", false);
}
