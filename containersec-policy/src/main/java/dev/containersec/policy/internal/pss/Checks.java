package dev.containersec.policy.internal.pss;

import static dev.containersec.policy.PssLevel.BASELINE;
import static dev.containersec.policy.PssLevel.RESTRICTED;

import dev.containersec.policy.PssCheckResult;
import dev.containersec.policy.PssLevel;
import dev.containersec.policy.internal.pss.PodModel.Container;
import dev.containersec.policy.internal.pss.PodModel.SecurityContext;
import dev.containersec.policy.internal.pss.PodModel.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Pod Security Standards checks, one class per versioned definition, with Pod Security Admission's
 * semantics and wording ({@code kubernetes/pod-security-admission/policy/check_*.go}).
 */
final class Checks {

    private Checks() {
    }

    static final String APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
    static final String SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
    static final String SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

    static String scPath(Container c) {
        return c.securityContext != null ? c.securityContext.path : c.path + ".securityContext";
    }

    static String annotationPath(PodModel pod, String key) {
        return pod.prefix + "metadata.annotations[" + key + "]";
    }

    static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }

    // ---------------------------------------------------------------- baseline

    /** {@code windowsHostProcess}, v1.0. */
    static final class WindowsHostProcess extends Check {
        WindowsHostProcess() {
            super("windowsHostProcess", BASELINE);
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            SecurityContext psc = pod.podSecurityContext;
            boolean podBad = psc != null && isTrue(psc.hostProcess);
            List<Container> bad = failing(pod, sc -> isTrue(sc.hostProcess));
            if (!podBad && bad == null) {
                return pass();
            }
            return podAndContainers("hostProcess", psc, podBad, bad, ".windowsOptions.hostProcess",
                    " must not set securityContext.windowsOptions.hostProcess=true", null);
        }
    }

    /** {@code hostNamespaces}, v1.0. */
    static final class HostNamespaces extends Check {
        HostNamespaces() {
            super("hostNamespaces", BASELINE);
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            if (!pod.hostNetwork && !pod.hostPID && !pod.hostIPC) {
                return pass();
            }
            Failure f = new Failure("host namespaces");
            List<String> details = new ArrayList<>(3);
            String spec = pod.prefix + "spec.";
            if (pod.hostNetwork) {
                details.add("hostNetwork=true");
                f.add(spec + "hostNetwork", null, "hostNetwork=true");
            }
            if (pod.hostPID) {
                details.add("hostPID=true");
                f.add(spec + "hostPID", null, "hostPID=true");
            }
            if (pod.hostIPC) {
                details.add("hostIPC=true");
                f.add(spec + "hostIPC", null, "hostIPC=true");
            }
            return f.result(String.join(", ", details));
        }
    }

    /** {@code privileged}, v1.0. */
    static final class Privileged extends Check {
        Privileged() {
            super("privileged", BASELINE);
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            List<Container> bad = failing(pod, sc -> isTrue(sc.privileged));
            return bad == null ? pass() : podAndContainers("privileged", null, false, bad, ".privileged",
                    " must not set securityContext.privileged=true", null);
        }
    }

    /** {@code capabilities_baseline}, v1.0. */
    static final class CapabilitiesBaseline extends Check {
        static final Set<String> ALLOWED = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
                "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

        CapabilitiesBaseline() {
            super("capabilities_baseline", BASELINE);
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            Failure f = null;
            List<String> names = null;
            TreeSet<String> all = null;
            for (Container c : pod.containers) {
                SecurityContext sc = c.securityContext;
                if (sc == null || !sc.capabilities) {
                    continue;
                }
                TreeSet<String> own = null;
                for (String cap : sc.capabilitiesAdd) {
                    if (!ALLOWED.contains(cap)) {
                        if (own == null) {
                            own = new TreeSet<>();
                        }
                        own.add(cap);
                    }
                }
                if (own != null) {
                    if (f == null) {
                        f = new Failure("non-default capabilities");
                        names = new ArrayList<>();
                        all = new TreeSet<>();
                    }
                    names.add(c.name);
                    all.addAll(own);
                    f.add(sc.path + ".capabilities.add", c.name, "container " + quote(c.name) + " must not include "
                            + joinQuote(own) + " in securityContext.capabilities.add");
                }
            }
            if (f == null) {
                return pass();
            }
            return f.result(containers(names) + " must not include " + joinQuote(all)
                    + " in securityContext.capabilities.add");
        }
    }

    /** {@code hostPathVolumes}, v1.0. */
    static final class HostPathVolumes extends Check {
        HostPathVolumes() {
            super("hostPathVolumes", BASELINE);
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            Failure f = null;
            List<String> names = null;
            for (Volume v : pod.volumes) {
                if (v.sources.contains("hostPath")) {
                    if (f == null) {
                        f = new Failure("hostPath volumes");
                        names = new ArrayList<>();
                    }
                    names.add(v.name);
                    f.add(v.path + ".hostPath", null, "volume " + quote(v.name));
                }
            }
            if (f == null) {
                return pass();
            }
            return f.result(pluralize("volume", "volumes", names.size()) + " " + joinQuote(names));
        }
    }

    /** {@code hostPorts}, v1.0. */
    static final class HostPorts extends Check {
        HostPorts() {
            super("hostPorts", BASELINE);
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            Failure f = null;
            List<String> names = null;
            TreeSet<String> ports = null;
            for (Container c : pod.containers) {
                if (c.hostPorts.length == 0) {
                    continue;
                }
                if (f == null) {
                    f = new Failure("hostPort");
                    names = new ArrayList<>();
                    ports = new TreeSet<>();
                }
                names.add(c.name);
                for (int i = 0; i < c.hostPorts.length; i++) {
                    String port = Integer.toString(c.hostPorts[i]);
                    ports.add(port);
                    f.add(c.path + ".ports[" + c.hostPortIndexes[i] + "].hostPort", c.name,
                            "container " + quote(c.name) + " uses hostPort " + port);
                }
            }
            if (f == null) {
                return pass();
            }
            return f.result(containers(names) + " " + pluralize("uses", "use", names.size()) + " "
                    + pluralize("hostPort", "hostPorts", ports.size()) + " " + String.join(", ", ports));
        }
    }

    /** {@code hostProbesAndHostLifecycle}, v1.34. */
    static final class HostProbesAndHostLifecycle extends Check {
        HostProbesAndHostLifecycle() {
            super("hostProbesAndHostLifecycle", BASELINE);
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            Failure f = null;
            TreeSet<String> names = null;
            TreeSet<String> hosts = null;
            for (Container c : pod.containers) {
                for (String[] probe : c.probeHosts) {
                    if (f == null) {
                        f = new Failure("probe or lifecycle host");
                        names = new TreeSet<>();
                        hosts = new TreeSet<>();
                    }
                    names.add(c.name);
                    hosts.add(probe[1]);
                    f.add(probe[0], c.name, "container " + quote(c.name) + " uses probe or lifecycle host "
                            + quote(probe[1]));
                }
            }
            if (f == null) {
                return pass();
            }
            return f.result(pluralize("container", "containers", names.size()) + " " + joinQuote(names) + " "
                    + pluralize("uses", "use", names.size()) + " "
                    + pluralize("probe or lifecycle host", "probe or lifecycle hosts", hosts.size()) + " "
                    + joinQuote(hosts));
        }
    }

    /** {@code appArmorProfile}, v1.0: the beta annotations and the {@code appArmorProfile} fields. */
    static final class AppArmorProfile extends Check {
        AppArmorProfile() {
            super("appArmorProfile", BASELINE);
        }

        private static boolean allowedType(String type) {
            return "RuntimeDefault".equals(type) || "Localhost".equals(type);
        }

        private static boolean allowedAnnotation(String value) {
            return value.isEmpty() || "runtime/default".equals(value) || value.startsWith("localhost/");
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            SecurityContext psc = pod.podSecurityContext;
            boolean podBad = psc != null && psc.appArmorType != null && !allowedType(psc.appArmorType);
            List<Container> bad = failing(pod, sc -> sc.appArmorType != null && !allowedType(sc.appArmorType));
            List<Map.Entry<String, String>> badAnnotations = null;
            for (Map.Entry<String, String> e : pod.annotations.entrySet()) {
                if (e.getKey().startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAnnotation(e.getValue())) {
                    if (badAnnotations == null) {
                        badAnnotations = new ArrayList<>();
                    }
                    badAnnotations.add(e);
                }
            }
            if (!podBad && bad == null && badAnnotations == null) {
                return pass();
            }
            TreeSet<String> badTypes = new TreeSet<>();
            List<String> setters = new ArrayList<>();
            if (podBad) {
                badTypes.add(psc.appArmorType);
                setters.add("pod");
            }
            List<String> names = new ArrayList<>();
            if (bad != null) {
                for (Container c : bad) {
                    names.add(c.name);
                    badTypes.add(c.securityContext.appArmorType);
                }
                setters.add(containers(names));
            }
            TreeSet<String> annotationValues = new TreeSet<>();
            if (badAnnotations != null) {
                for (Map.Entry<String, String> e : badAnnotations) {
                    annotationValues.add(e.getKey() + "=" + goQuote(e.getValue()));
                }
                setters.add(pluralize("annotation", "annotations", annotationValues.size()));
            }
            List<String> values = new ArrayList<>(badTypes);
            values.addAll(annotationValues);
            String suffix = " must not set AppArmor profile type to ";
            Failure f = new Failure(pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles",
                    values.size()));
            if (podBad) {
                f.add(psc.path + ".appArmorProfile.type", null, "pod" + suffix + quote(psc.appArmorType));
            }
            if (bad != null) {
                for (Container c : bad) {
                    f.add(c.securityContext.path + ".appArmorProfile.type", c.name,
                            "container " + quote(c.name) + suffix + quote(c.securityContext.appArmorType));
                }
            }
            if (badAnnotations != null) {
                for (Map.Entry<String, String> e : badAnnotations) {
                    String container = e.getKey().substring(APPARMOR_ANNOTATION_PREFIX.length());
                    f.add(annotationPath(pod, e.getKey()), container,
                            "annotation" + suffix + quote(e.getKey() + "=" + goQuote(e.getValue())));
                }
            }
            return f.result(String.join(" and ", setters) + suffix + joinQuote(values));
        }
    }

    /** {@code seLinuxOptions}: v1.0, and v1.31 which also allows {@code container_engine_t}. */
    static final class SeLinuxOptions extends Check {
        static final Set<String> TYPES_1_0 = Set.of("", "container_t", "container_init_t", "container_kvm_t");
        static final Set<String> TYPES_1_31 =
                Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

        private final Set<String> allowedTypes;

        SeLinuxOptions(Set<String> allowedTypes) {
            super("seLinuxOptions", BASELINE);
            this.allowedTypes = allowedTypes;
        }

        private boolean valid(SecurityContext sc) {
            return !sc.seLinux || (allowedTypes.contains(sc.seLinuxType) && sc.seLinuxUser.isEmpty()
                    && sc.seLinuxRole.isEmpty());
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            SecurityContext psc = pod.podSecurityContext;
            boolean podBad = psc != null && !valid(psc);
            List<Container> bad = failing(pod, sc -> !valid(sc));
            if (!podBad && bad == null) {
                return pass();
            }
            String suffix = " set forbidden securityContext.seLinuxOptions: ";
            Failure f = new Failure("seLinuxOptions");
            TreeSet<String> badTypes = new TreeSet<>();
            boolean[] userRole = new boolean[2];
            if (podBad) {
                violations(f, psc, null, "pod", badTypes, userRole, suffix);
            }
            List<String> names = new ArrayList<>();
            if (bad != null) {
                for (Container c : bad) {
                    names.add(c.name);
                    violations(f, c.securityContext, c.name, "container " + quote(c.name), badTypes, userRole, suffix);
                }
            }
            List<String> data = new ArrayList<>(3);
            if (!badTypes.isEmpty()) {
                data.add(pluralize("type", "types", badTypes.size()) + " " + joinQuote(badTypes));
            }
            if (userRole[0]) {
                data.add("user may not be set");
            }
            if (userRole[1]) {
                data.add("role may not be set");
            }
            return f.result(setters(podBad, names) + suffix + String.join("; ", data));
        }

        private void violations(Failure f, SecurityContext sc, String container, String setter, TreeSet<String> types,
                                boolean[] userRole, String suffix) {
            String path = sc.path + ".seLinuxOptions";
            if (!allowedTypes.contains(sc.seLinuxType)) {
                types.add(sc.seLinuxType);
                f.add(path + ".type", container, setter + suffix + "type " + quote(sc.seLinuxType));
            }
            if (!sc.seLinuxUser.isEmpty()) {
                userRole[0] = true;
                f.add(path + ".user", container, setter + suffix + "user may not be set");
            }
            if (!sc.seLinuxRole.isEmpty()) {
                userRole[1] = true;
                f.add(path + ".role", container, setter + suffix + "role may not be set");
            }
        }
    }

    /**
     * {@code procMount} (baseline: v1.0, and v1.35 which allows any value for pods with
     * {@code hostUsers: false}) and {@code procMount_restricted} (v1.35, never relaxed).
     */
    static final class ProcMount extends Check {
        private final boolean relaxForUserNamespace;

        ProcMount(String id, PssLevel level, boolean relaxForUserNamespace) {
            super(id, level);
            this.relaxForUserNamespace = relaxForUserNamespace;
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            if (relaxForUserNamespace && pod.userNamespace) {
                return pass();
            }
            List<Container> bad = failing(pod, sc -> sc.procMount != null && !"Default".equals(sc.procMount));
            return bad == null ? pass() : podAndContainers("procMount", null, false, bad, ".procMount",
                    " must not set securityContext.procMount to ", sc -> sc.procMount);
        }
    }

    /** {@code seccompProfile_baseline} v1.0: the alpha annotations. */
    static final class SeccompBaselineAnnotations extends Check {
        SeccompBaselineAnnotations() {
            super("seccompProfile_baseline", BASELINE);
        }

        private static boolean valid(String value) {
            return "runtime/default".equals(value) || "docker/default".equals(value) || value.startsWith("localhost/");
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            if (pod.annotations.isEmpty()) {
                return pass();
            }
            Failure f = null;
            TreeSet<String> forbidden = null;
            String podValue = pod.annotations.get(SECCOMP_POD_ANNOTATION);
            if (podValue != null && !valid(podValue)) {
                f = new Failure("seccompProfile");
                forbidden = new TreeSet<>();
                String entry = SECCOMP_POD_ANNOTATION + "=" + goQuote(podValue);
                forbidden.add(entry);
                f.add(annotationPath(pod, SECCOMP_POD_ANNOTATION), null, "forbidden annotation " + entry);
            }
            for (Container c : pod.containers) {
                String key = SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name;
                String value = pod.annotations.get(key);
                if (value != null && !valid(value)) {
                    if (f == null) {
                        f = new Failure("seccompProfile");
                        forbidden = new TreeSet<>();
                    }
                    String entry = key + "=" + goQuote(value);
                    if (forbidden.add(entry)) {
                        f.add(annotationPath(pod, key), c.name, "forbidden annotation " + entry);
                    }
                }
            }
            if (f == null) {
                return pass();
            }
            return f.result("forbidden " + pluralize("annotation", "annotations", forbidden.size()) + " "
                    + String.join(", ", forbidden));
        }
    }

    static boolean validSeccomp(String type) {
        return "RuntimeDefault".equals(type) || "Localhost".equals(type);
    }

    /** {@code seccompProfile_baseline} v1.19: the {@code seccompProfile} fields. */
    static final class SeccompBaselineFields extends Check {
        SeccompBaselineFields() {
            super("seccompProfile_baseline", BASELINE);
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            SecurityContext psc = pod.podSecurityContext;
            boolean podBad = psc != null && forbiddenSeccomp(psc);
            List<Container> bad = failing(pod, Checks::forbiddenSeccomp);
            if (!podBad && bad == null) {
                return pass();
            }
            return explicitSeccompFailure(this, psc, podBad, bad);
        }
    }

    static boolean forbiddenSeccomp(SecurityContext sc) {
        return sc.seccompType != null && !validSeccomp(sc.seccompType);
    }

    static PssCheckResult explicitSeccompFailure(Check check, SecurityContext psc, boolean podBad,
                                                 List<Container> bad) {
        return check.podAndContainers("seccompProfile", psc, podBad, bad, ".seccompProfile.type",
                " must not set securityContext.seccompProfile.type to ", sc -> sc.seccompType);
    }

    /** {@code sysctls}: the safe set grows at v1.27, v1.29, v1.32 and v1.37. */
    static final class Sysctls extends Check {
        static final Set<String> ALLOWED_1_0 = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
                "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start");
        static final Set<String> ALLOWED_1_27 = plus(ALLOWED_1_0, "net.ipv4.ip_local_reserved_ports");
        static final Set<String> ALLOWED_1_29 = plus(ALLOWED_1_27, "net.ipv4.tcp_keepalive_time",
                "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
        static final Set<String> ALLOWED_1_32 = plus(ALLOWED_1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem");
        static final Set<String> ALLOWED_1_37 = plus(ALLOWED_1_32, "net.ipv4.tcp_slow_start_after_idle",
                "net.ipv4.tcp_notsent_lowat");

        private final Set<String> allowed;

        Sysctls(Set<String> allowed) {
            super("sysctls", BASELINE);
            this.allowed = allowed;
        }

        private static Set<String> plus(Set<String> base, String... more) {
            Set<String> s = new java.util.HashSet<>(base);
            s.addAll(List.of(more));
            return Set.copyOf(s);
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            Failure f = null;
            List<String> names = null;
            for (int i = 0; i < pod.sysctls.size(); i++) {
                String name = pod.sysctls.get(i);
                if (!allowed.contains(name)) {
                    if (f == null) {
                        f = new Failure("forbidden sysctls");
                        names = new ArrayList<>();
                    }
                    names.add(name);
                    f.add(pod.podSecurityContext.path + ".sysctls[" + i + "].name", null, name);
                }
            }
            return f == null ? pass() : f.result(String.join(", ", names));
        }
    }

    // -------------------------------------------------------------- restricted

    /** {@code restrictedVolumes}, v1.0; overrides {@code hostPathVolumes}. */
    static final class RestrictedVolumes extends Check {
        static final Set<String> ALLOWED = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image",
                "persistentVolumeClaim", "projected", "secret");
        /** The restricted sources PSA names, in the order it tests them. */
        static final List<String> KNOWN = List.of("hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo",
                "nfs", "iscsi", "glusterfs", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile",
                "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO",
                "storageos");

        RestrictedVolumes() {
            super("restrictedVolumes", RESTRICTED);
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            Failure f = null;
            List<String> names = null;
            TreeSet<String> types = null;
            for (Volume v : pod.volumes) {
                boolean ok = false;
                for (String source : v.sources) {
                    if (ALLOWED.contains(source)) {
                        ok = true;
                        break;
                    }
                }
                if (ok) {
                    continue;
                }
                String type = "unknown";
                for (String known : KNOWN) {
                    if (v.sources.contains(known)) {
                        type = known;
                        break;
                    }
                }
                if (f == null) {
                    f = new Failure("restricted volume types");
                    names = new ArrayList<>();
                    types = new TreeSet<>();
                }
                names.add(v.name);
                types.add(type);
                f.add(type.equals("unknown") ? v.path : v.path + "." + type, null,
                        "volume " + quote(v.name) + " uses restricted volume type " + quote(type));
            }
            if (f == null) {
                return pass();
            }
            return f.result(pluralize("volume", "volumes", names.size()) + " " + joinQuote(names) + " "
                    + pluralize("uses", "use", names.size()) + " "
                    + pluralize("restricted volume type", "restricted volume types", types.size()) + " "
                    + joinQuote(types));
        }
    }

    /** {@code allowPrivilegeEscalation}: v1.8, and v1.25 which exempts Windows pods. */
    static final class AllowPrivilegeEscalation extends Check {
        private final boolean windowsExempt;

        AllowPrivilegeEscalation(boolean windowsExempt) {
            super("allowPrivilegeEscalation", RESTRICTED);
            this.windowsExempt = windowsExempt;
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            if (windowsExempt && pod.windows) {
                return pass();
            }
            Failure f = null;
            List<String> names = null;
            String suffix = " must set securityContext.allowPrivilegeEscalation=false";
            for (Container c : pod.containers) {
                SecurityContext sc = c.securityContext;
                if (sc == null || sc.allowPrivilegeEscalation == null || sc.allowPrivilegeEscalation) {
                    if (f == null) {
                        f = new Failure("allowPrivilegeEscalation != false");
                        names = new ArrayList<>();
                    }
                    names.add(c.name);
                    f.add(scPath(c) + ".allowPrivilegeEscalation", c.name, "container " + quote(c.name) + suffix);
                }
            }
            return f == null ? pass() : f.result(containers(names) + suffix);
        }
    }

    /** {@code runAsNonRoot}: v1.0, and v1.35 which allows any value for pods with {@code hostUsers: false}. */
    static final class RunAsNonRoot extends Check {
        private final boolean relaxForUserNamespace;

        RunAsNonRoot(boolean relaxForUserNamespace) {
            super("runAsNonRoot", RESTRICTED);
            this.relaxForUserNamespace = relaxForUserNamespace;
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            if (relaxForUserNamespace && pod.userNamespace) {
                return pass();
            }
            SecurityContext psc = pod.podSecurityContext;
            boolean podBad = psc != null && Boolean.FALSE.equals(psc.runAsNonRoot);
            boolean podTrue = psc != null && isTrue(psc.runAsNonRoot);
            List<Container> explicit = failing(pod, sc -> Boolean.FALSE.equals(sc.runAsNonRoot));
            if (podBad || explicit != null) {
                return podAndContainers("runAsNonRoot != true", psc, podBad, explicit, ".runAsNonRoot",
                        " must not set securityContext.runAsNonRoot=false", null);
            }
            List<Container> implicit = podTrue ? null : unset(pod, sc -> sc.runAsNonRoot != null);
            if (implicit != null) {
                return implicitFailure("runAsNonRoot != true", ".runAsNonRoot",
                        " must set securityContext.runAsNonRoot=true", implicit);
            }
            return pass();
        }
    }

    /** {@code runAsUser}: v1.23, and v1.35 which allows any value for pods with {@code hostUsers: false}. */
    static final class RunAsUser extends Check {
        private final boolean relaxForUserNamespace;

        RunAsUser(boolean relaxForUserNamespace) {
            super("runAsUser", RESTRICTED);
            this.relaxForUserNamespace = relaxForUserNamespace;
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            if (relaxForUserNamespace && pod.userNamespace) {
                return pass();
            }
            SecurityContext psc = pod.podSecurityContext;
            boolean podBad = psc != null && runsAsRoot(psc);
            List<Container> bad = failing(pod, RunAsUser::runsAsRoot);
            if (!podBad && bad == null) {
                return pass();
            }
            return podAndContainers("runAsUser=0", psc, podBad, bad, ".runAsUser", " must not set runAsUser=0", null);
        }

        private static boolean runsAsRoot(SecurityContext sc) {
            return sc.runAsUser != null && sc.runAsUser == 0L;
        }
    }

    /** {@code seccompProfile_restricted}: v1.19, and v1.25 which exempts Windows pods. */
    static final class SeccompRestricted extends Check {
        private final boolean windowsExempt;

        SeccompRestricted(boolean windowsExempt) {
            super("seccompProfile_restricted", RESTRICTED);
            this.windowsExempt = windowsExempt;
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            if (windowsExempt && pod.windows) {
                return pass();
            }
            SecurityContext psc = pod.podSecurityContext;
            boolean podBad = false;
            boolean podSet = false;
            if (psc != null && psc.seccompType != null) {
                podBad = !validSeccomp(psc.seccompType);
                podSet = !podBad;
            }
            List<Container> explicit = failing(pod, sc -> sc.seccompType != null && !validSeccomp(sc.seccompType));
            if (podBad || explicit != null) {
                return explicitSeccompFailure(this, psc, podBad, explicit);
            }
            List<Container> implicit = podSet ? null : unset(pod, sc -> sc.seccompType != null);
            if (implicit != null) {
                return implicitFailure("seccompProfile", ".seccompProfile.type",
                        " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"", implicit);
            }
            return pass();
        }
    }

    /** {@code capabilities_restricted}: v1.22, and v1.25 which exempts Windows pods. */
    static final class CapabilitiesRestricted extends Check {
        private final boolean windowsExempt;

        CapabilitiesRestricted(boolean windowsExempt) {
            super("capabilities_restricted", RESTRICTED);
            this.windowsExempt = windowsExempt;
        }

        @Override
        public PssCheckResult evaluate(PodModel pod) {
            if (windowsExempt && pod.windows) {
                return pass();
            }
            Failure f = null;
            List<String> missingDrop = null;
            List<String> adding = null;
            TreeSet<String> forbidden = null;
            for (Container c : pod.containers) {
                SecurityContext sc = c.securityContext;
                boolean droppedAll = sc != null && sc.capabilities && sc.capabilitiesDrop.contains("ALL");
                if (!droppedAll) {
                    if (f == null) {
                        f = new Failure("unrestricted capabilities");
                    }
                    if (missingDrop == null) {
                        missingDrop = new ArrayList<>();
                    }
                    missingDrop.add(c.name);
                    f.add(scPath(c) + ".capabilities.drop", c.name,
                            "container " + quote(c.name) + " must set securityContext.capabilities.drop=[\"ALL\"]");
                }
                if (sc == null || !sc.capabilities) {
                    continue;
                }
                TreeSet<String> own = null;
                for (String cap : sc.capabilitiesAdd) {
                    if (!"NET_BIND_SERVICE".equals(cap)) {
                        if (own == null) {
                            own = new TreeSet<>();
                        }
                        own.add(cap);
                    }
                }
                if (own != null) {
                    if (f == null) {
                        f = new Failure("unrestricted capabilities");
                    }
                    if (adding == null) {
                        adding = new ArrayList<>();
                        forbidden = new TreeSet<>();
                    }
                    adding.add(c.name);
                    forbidden.addAll(own);
                    f.add(sc.path + ".capabilities.add", c.name, "container " + quote(c.name) + " must not include "
                            + joinQuote(own) + " in securityContext.capabilities.add");
                }
            }
            if (f == null) {
                return pass();
            }
            List<String> details = new ArrayList<>(2);
            if (missingDrop != null) {
                details.add(containers(missingDrop) + " must set securityContext.capabilities.drop=[\"ALL\"]");
            }
            if (adding != null) {
                details.add(containers(adding) + " must not include " + joinQuote(forbidden)
                        + " in securityContext.capabilities.add");
            }
            return f.result(String.join("; ", details));
        }
    }
}
