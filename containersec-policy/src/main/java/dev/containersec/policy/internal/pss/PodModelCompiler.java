package dev.containersec.policy.internal.pss;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.InvalidInputException;
import dev.containersec.policy.internal.k8s.PodTemplates.PodTemplate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Extracts a {@link PodModel} from a pod template. A field of the wrong JSON type (a string where Kubernetes
 * expects a boolean, say) is an {@link InvalidInputException} naming its path, since the API server would
 * refuse the object too: evaluation must never guess. Unknown fields are ignored; {@code null} means absent.
 */
public final class PodModelCompiler {

    private static final String[] CONTAINER_LISTS = {"initContainers", "containers", "ephemeralContainers"};
    private static final String[] PROBES = {"livenessProbe", "readinessProbe", "startupProbe"};
    private static final String[] LIFECYCLE_HANDLERS = {"postStart", "preStop"};
    private static final String[] HOST_ACTIONS = {"httpGet", "tcpSocket"};

    private final String subject;

    private PodModelCompiler(String subject) {
        this.subject = subject;
    }

    /**
     * Compiles a pod template.
     *
     * @param template the pod found in a document
     * @param subject what to name in errors, e.g. {@code "deploy.yaml document 0 (Deployment web)"}
     * @return the model
     * @throws InvalidInputException if a field the checks read has the wrong type
     */
    public static PodModel compile(PodTemplate template, String subject) {
        return new PodModelCompiler(subject).compile(template);
    }

    private PodModel compile(PodTemplate template) {
        String p = template.pathPrefix();
        JsonNode metadata = object(template.metadata(), p + "metadata");
        JsonNode spec = object(template.spec(), p + "spec");
        Map<String, String> annotations = annotations(metadata.path("annotations"), p + "metadata.annotations");
        String sp = p + "spec";
        boolean hostNetwork = bool(spec.get("hostNetwork"), sp + ".hostNetwork", false);
        boolean hostPID = bool(spec.get("hostPID"), sp + ".hostPID", false);
        boolean hostIPC = bool(spec.get("hostIPC"), sp + ".hostIPC", false);
        Boolean hostUsers = optBool(spec.get("hostUsers"), sp + ".hostUsers");
        JsonNode os = object(spec.get("os"), sp + ".os");
        String osName = str(os.get("name"), sp + ".os.name", "");
        String scPath = sp + ".securityContext";
        JsonNode podSc = spec.get("securityContext");
        PodModel.SecurityContext podSecurityContext = present(podSc) ? securityContext(podSc, scPath, true) : null;
        List<String> sysctls = new ArrayList<>();
        if (present(podSc)) {
            JsonNode list = array(podSc.get("sysctls"), scPath + ".sysctls");
            for (int i = 0; i < list.size(); i++) {
                String path = scPath + ".sysctls[" + i + "]";
                JsonNode sysctl = object(list.get(i), path);
                sysctls.add(str(sysctl.get("name"), path + ".name", ""));
            }
        }
        List<PodModel.Volume> volumes = new ArrayList<>();
        JsonNode volumeList = array(spec.get("volumes"), sp + ".volumes");
        for (int i = 0; i < volumeList.size(); i++) {
            String path = sp + ".volumes[" + i + "]";
            JsonNode volume = object(volumeList.get(i), path);
            List<String> sources = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = volume.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals("name") && present(field.getValue())) {
                    sources.add(field.getKey());
                }
            }
            volumes.add(new PodModel.Volume(str(volume.get("name"), path + ".name", ""), path, List.copyOf(sources)));
        }
        List<PodModel.Container> containers = new ArrayList<>();
        for (String listName : CONTAINER_LISTS) {
            JsonNode list = array(spec.get(listName), sp + "." + listName);
            for (int i = 0; i < list.size(); i++) {
                containers.add(container(object(list.get(i), sp + "." + listName + "[" + i + "]"),
                        sp + "." + listName + "[" + i + "]"));
            }
        }
        return new PodModel(p, annotations, hostNetwork, hostPID, hostIPC, Boolean.FALSE.equals(hostUsers),
                "windows".equals(osName), podSecurityContext, List.copyOf(sysctls), List.copyOf(volumes),
                List.copyOf(containers));
    }

    private PodModel.Container container(JsonNode node, String path) {
        String name = str(node.get("name"), path + ".name", "");
        JsonNode sc = node.get("securityContext");
        PodModel.SecurityContext securityContext =
                present(sc) ? securityContext(sc, path + ".securityContext", false) : null;
        JsonNode ports = array(node.get("ports"), path + ".ports");
        int count = 0;
        int[] hostPorts = new int[ports.size()];
        int[] indexes = new int[ports.size()];
        for (int i = 0; i < ports.size(); i++) {
            String portPath = path + ".ports[" + i + "]";
            JsonNode port = object(ports.get(i), portPath);
            long hostPort = integer(port.get("hostPort"), portPath + ".hostPort", 0);
            if (hostPort != 0) {
                hostPorts[count] = (int) hostPort;
                indexes[count++] = i;
            }
        }
        List<String[]> probeHosts = new ArrayList<>();
        for (String probe : PROBES) {
            hosts(node.get(probe), path + "." + probe, probeHosts);
        }
        JsonNode lifecycle = object(node.get("lifecycle"), path + ".lifecycle");
        for (String handler : LIFECYCLE_HANDLERS) {
            hosts(lifecycle.get(handler), path + ".lifecycle." + handler, probeHosts);
        }
        return new PodModel.Container(name, path, securityContext, java.util.Arrays.copyOf(hostPorts, count),
                java.util.Arrays.copyOf(indexes, count),
                probeHosts.isEmpty() ? List.of() : Collections.unmodifiableList(probeHosts));
    }

    private void hosts(JsonNode handlerNode, String path, List<String[]> out) {
        JsonNode handler = object(handlerNode, path);
        for (String action : HOST_ACTIONS) {
            JsonNode a = object(handler.get(action), path + "." + action);
            String host = str(a.get("host"), path + "." + action + ".host", "");
            if (!host.isEmpty()) {
                out.add(new String[] {path + "." + action + ".host", host});
            }
        }
    }

    private PodModel.SecurityContext securityContext(JsonNode node, String path, boolean pod) {
        object(node, path);
        PodModel.SecurityContext sc = new PodModel.SecurityContext();
        sc.path = path;
        sc.runAsNonRoot = optBool(node.get("runAsNonRoot"), path + ".runAsNonRoot");
        JsonNode runAsUser = node.get("runAsUser");
        sc.runAsUser = present(runAsUser) ? integer(runAsUser, path + ".runAsUser", 0) : null;
        JsonNode windows = object(node.get("windowsOptions"), path + ".windowsOptions");
        sc.hostProcess = optBool(windows.get("hostProcess"), path + ".windowsOptions.hostProcess");
        JsonNode seLinux = node.get("seLinuxOptions");
        if (present(seLinux)) {
            String sp = path + ".seLinuxOptions";
            object(seLinux, sp);
            sc.seLinux = true;
            sc.seLinuxType = str(seLinux.get("type"), sp + ".type", "");
            sc.seLinuxUser = str(seLinux.get("user"), sp + ".user", "");
            sc.seLinuxRole = str(seLinux.get("role"), sp + ".role", "");
        }
        JsonNode seccomp = node.get("seccompProfile");
        if (present(seccomp)) {
            object(seccomp, path + ".seccompProfile");
            sc.seccompType = str(seccomp.get("type"), path + ".seccompProfile.type", "");
        }
        JsonNode appArmor = node.get("appArmorProfile");
        if (present(appArmor)) {
            object(appArmor, path + ".appArmorProfile");
            sc.appArmorType = str(appArmor.get("type"), path + ".appArmorProfile.type", "");
        }
        if (!pod) {
            sc.privileged = optBool(node.get("privileged"), path + ".privileged");
            sc.allowPrivilegeEscalation = optBool(node.get("allowPrivilegeEscalation"),
                    path + ".allowPrivilegeEscalation");
            JsonNode procMount = node.get("procMount");
            sc.procMount = present(procMount) ? str(procMount, path + ".procMount", "") : null;
            JsonNode caps = node.get("capabilities");
            if (present(caps)) {
                object(caps, path + ".capabilities");
                sc.capabilities = true;
                sc.capabilitiesAdd = strings(caps.get("add"), path + ".capabilities.add");
                sc.capabilitiesDrop = strings(caps.get("drop"), path + ".capabilities.drop");
            }
        }
        return sc;
    }

    private Map<String, String> annotations(JsonNode node, String path) {
        if (!present(node)) {
            return Map.of();
        }
        object(node, path);
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), str(e.getValue(), path + "[" + e.getKey() + "]", ""));
        }
        return Collections.unmodifiableMap(out);
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    /** Returns the object, or a missing node when absent, so that {@code get} can chain. */
    private JsonNode object(JsonNode node, String path) {
        if (!present(node)) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        if (!node.isObject()) {
            throw wrongType(path, "an object", node);
        }
        return node;
    }

    private JsonNode array(JsonNode node, String path) {
        if (!present(node)) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        }
        if (!node.isArray()) {
            throw wrongType(path, "a list", node);
        }
        return node;
    }

    private List<String> strings(JsonNode node, String path) {
        JsonNode list = array(node, path);
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(str(list.get(i), path + "[" + i + "]", ""));
        }
        return List.copyOf(out);
    }

    private boolean bool(JsonNode node, String path, boolean absent) {
        Boolean b = optBool(node, path);
        return b == null ? absent : b;
    }

    private Boolean optBool(JsonNode node, String path) {
        if (!present(node)) {
            return null;
        }
        if (!node.isBoolean()) {
            throw wrongType(path, "a boolean", node);
        }
        return node.booleanValue();
    }

    private String str(JsonNode node, String path, String absent) {
        if (!present(node)) {
            return absent;
        }
        if (!node.isTextual()) {
            throw wrongType(path, "a string", node);
        }
        return node.textValue();
    }

    private long integer(JsonNode node, String path, long absent) {
        if (!present(node)) {
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wrongType(path, "an integer", node);
        }
        long value = node.longValue();
        if (path.endsWith(".hostPort") && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
            throw wrongType(path, "a 32-bit integer", node);
        }
        return value;
    }

    private InvalidInputException wrongType(String path, String expected, JsonNode node) {
        return new InvalidInputException(subject, path + " must be " + expected + ", was "
                + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
    }
}
