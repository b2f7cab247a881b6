package dev.containersec.policy.internal.pss;

import java.util.List;
import java.util.Map;

/**
 * The fields of a pod that the Pod Security Standards checks read, extracted once from a manifest so that
 * evaluation walks no JSON tree. Every path is a complete document path. Immutable; {@code null} marks an
 * absent optional field, as a nil pointer does in the Kubernetes API types.
 */
public final class PodModel {

    /** Where the pod template sits, e.g. {@code "spec.template."}; empty for a Pod. */
    final String prefix;
    /** {@code metadata.annotations}, in document order. */
    final Map<String, String> annotations;
    final boolean hostNetwork;
    final boolean hostPID;
    final boolean hostIPC;
    /** {@code spec.hostUsers} is explicitly false: the pod runs in a user namespace. */
    final boolean userNamespace;
    /** {@code spec.os.name} is {@code windows}. */
    final boolean windows;
    /** {@code spec.securityContext}, or null. */
    final SecurityContext podSecurityContext;
    /** {@code spec.securityContext.sysctls[*].name}. */
    final List<String> sysctls;
    final List<Volume> volumes;
    /** Init containers, containers, then ephemeral containers, as PSA's visitor walks them. */
    final List<Container> containers;
    /** Container names, to match per-container annotations. */
    final java.util.Set<String> containerNames;

    PodModel(String prefix, Map<String, String> annotations, boolean hostNetwork, boolean hostPID, boolean hostIPC,
             boolean userNamespace, boolean windows, SecurityContext podSecurityContext, List<String> sysctls,
             List<Volume> volumes, List<Container> containers) {
        this.prefix = prefix;
        this.annotations = annotations;
        this.hostNetwork = hostNetwork;
        this.hostPID = hostPID;
        this.hostIPC = hostIPC;
        this.userNamespace = userNamespace;
        this.windows = windows;
        this.podSecurityContext = podSecurityContext;
        this.sysctls = sysctls;
        this.volumes = volumes;
        this.containers = containers;
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Container c : containers) {
            names.add(c.name);
        }
        this.containerNames = java.util.Set.copyOf(names);
    }

    /**
     * Returns the number of containers of all kinds.
     *
     * @return the container count
     */
    public int containerCount() {
        return containers.size();
    }

    /** A pod- or container-level security context; fields that do not exist at a level stay null. */
    static final class SecurityContext {
        /** Path of the security context itself, e.g. {@code spec.containers[0].securityContext}. */
        String path;
        Boolean privileged;
        Boolean allowPrivilegeEscalation;
        Boolean runAsNonRoot;
        Long runAsUser;
        String procMount;
        /** {@code capabilities} is set (possibly empty). */
        boolean capabilities;
        List<String> capabilitiesAdd = List.of();
        List<String> capabilitiesDrop = List.of();
        Boolean hostProcess;
        /** {@code seLinuxOptions} fields; {@code seLinux} is false when the object is absent. */
        boolean seLinux;
        String seLinuxType = "";
        String seLinuxUser = "";
        String seLinuxRole = "";
        /** {@code seccompProfile.type}: null when the profile is absent, empty when it has no type. */
        String seccompType;
        /** {@code appArmorProfile.type}: null when the profile is absent, empty when it has no type. */
        String appArmorType;
    }

    /** A container of any kind. */
    static final class Container {
        final String name;
        /** Document path of the container, e.g. {@code spec.initContainers[1]}. */
        final String path;
        final SecurityContext securityContext;
        /** Non-zero host ports, with the index of their port entry. */
        final int[] hostPorts;
        final int[] hostPortIndexes;
        /** Hosts set in probes and lifecycle handlers: pairs of (document path, host). */
        final List<String[]> probeHosts;

        Container(String name, String path, SecurityContext securityContext, int[] hostPorts, int[] hostPortIndexes,
                  List<String[]> probeHosts) {
            this.name = name;
            this.path = path;
            this.securityContext = securityContext;
            this.hostPorts = hostPorts;
            this.hostPortIndexes = hostPortIndexes;
            this.probeHosts = probeHosts;
        }
    }

    /** A pod volume: its name and the keys of the volume sources it sets, in document order. */
    static final class Volume {
        final String name;
        final String path;
        final List<String> sources;

        Volume(String name, String path, List<String> sources) {
            this.name = name;
            this.path = path;
            this.sources = sources;
        }
    }
}
