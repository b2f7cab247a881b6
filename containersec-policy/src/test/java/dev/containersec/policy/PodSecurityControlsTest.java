package dev.containersec.policy;

import static dev.containersec.policy.PodFixtures.USER_NAMESPACE;
import static dev.containersec.policy.PodFixtures.WINDOWS;
import static dev.containersec.policy.PodFixtures.all;
import static dev.containersec.policy.PodFixtures.remove;
import static dev.containersec.policy.PodFixtures.set;
import static dev.containersec.policy.PssLevel.BASELINE;
import static dev.containersec.policy.PssLevel.RESTRICTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every control at every version where it changes, with passing and failing pods written from the Pod
 * Security Standards specification, each evaluated as a Pod and as the pod template of every workload kind.
 * Every case starts from a pod that meets restricted, so a case fails exactly the checks it names.
 */
class PodSecurityControlsTest {

    /** One control case: a mutation of the compliant pod and the checks that must then fail. */
    record Case(String control, String behaviour, PssLevel level, String version, Consumer<ObjectNode> mutation,
                Set<String> failing, String path) {
        @Override
        public String toString() {
            return control + " " + level.label() + ":" + version + " " + behaviour;
        }
    }

    private static final List<Case> CASES = new ArrayList<>();

    private static void fails(String control, String behaviour, PssLevel level, String version,
                              Consumer<ObjectNode> mutation, String check, String path) {
        CASES.add(new Case(control, behaviour, level, version, mutation, Set.of(check), path));
    }

    private static void passes(String control, String behaviour, PssLevel level, String version,
                               Consumer<ObjectNode> mutation) {
        CASES.add(new Case(control, behaviour, level, version, mutation, Set.of(), null));
    }

    static {
        String c0 = "spec.containers[0].securityContext.";
        String pod = "spec.securityContext.";

        // windowsHostProcess (v1.0)
        fails("windowsHostProcess", "pod hostProcess=true is forbidden", BASELINE, "v1.0",
                set(pod + "windowsOptions.hostProcess", true), "windowsHostProcess", pod + "windowsOptions.hostProcess");
        fails("windowsHostProcess", "container hostProcess=true is forbidden", BASELINE, "latest",
                set(c0 + "windowsOptions.hostProcess", true), "windowsHostProcess", c0 + "windowsOptions.hostProcess");
        passes("windowsHostProcess", "hostProcess=false is allowed", BASELINE, "latest",
                all(set(pod + "windowsOptions.hostProcess", false), set(c0 + "windowsOptions.hostProcess", false)));

        // hostNamespaces (v1.0)
        fails("hostNamespaces", "hostNetwork=true is forbidden", BASELINE, "v1.0", set("spec.hostNetwork", true),
                "hostNamespaces", "spec.hostNetwork");
        fails("hostNamespaces", "hostPID=true is forbidden", BASELINE, "latest", set("spec.hostPID", true),
                "hostNamespaces", "spec.hostPID");
        fails("hostNamespaces", "hostIPC=true is forbidden", RESTRICTED, "latest", set("spec.hostIPC", true),
                "hostNamespaces", "spec.hostIPC");
        passes("hostNamespaces", "false is allowed", BASELINE, "latest", all(set("spec.hostNetwork", false),
                set("spec.hostPID", false), set("spec.hostIPC", false)));

        // privileged (v1.0), in all three container lists
        fails("privileged", "privileged container is forbidden", BASELINE, "v1.0", set(c0 + "privileged", true),
                "privileged", c0 + "privileged");
        fails("privileged", "privileged init container is forbidden", BASELINE, "latest",
                set("spec.initContainers[0].securityContext.privileged", true), "privileged",
                "spec.initContainers[0].securityContext.privileged");
        fails("privileged", "privileged ephemeral container is forbidden", BASELINE, "latest",
                set("spec.ephemeralContainers[0]", Map.of("name", "debug", "image", "busybox",
                        "securityContext", Map.of("privileged", true))), "privileged",
                "spec.ephemeralContainers[0].securityContext.privileged");
        passes("privileged", "privileged=false is allowed", BASELINE, "latest", set(c0 + "privileged", false));

        // capabilities_baseline (v1.0), overridden by capabilities_restricted from v1.22
        fails("capabilities_baseline", "adding NET_RAW is forbidden", BASELINE, "v1.0",
                set(c0 + "capabilities.add", List.of("NET_RAW")), "capabilities_baseline", c0 + "capabilities.add");
        passes("capabilities_baseline", "adding default capabilities is allowed", BASELINE, "latest",
                set(c0 + "capabilities.add", List.of("CHOWN", "KILL", "NET_BIND_SERVICE", "SYS_CHROOT", "AUDIT_WRITE")));
        fails("capabilities_baseline", "restricted v1.21 still runs the baseline check", RESTRICTED, "v1.21",
                set(c0 + "capabilities.add", List.of("NET_RAW")), "capabilities_baseline", c0 + "capabilities.add");
        fails("capabilities_baseline", "restricted v1.22 overrides it with capabilities_restricted", RESTRICTED,
                "v1.22", set(c0 + "capabilities.add", List.of("NET_RAW")), "capabilities_restricted",
                c0 + "capabilities.add");

        // hostPathVolumes (v1.0), overridden by restrictedVolumes
        fails("hostPathVolumes", "hostPath volume is forbidden", BASELINE, "v1.0",
                set("spec.volumes[0]", Map.of("name", "host", "hostPath", Map.of("path", "/etc"))), "hostPathVolumes",
                "spec.volumes[0].hostPath");
        fails("hostPathVolumes", "restricted reports it as restrictedVolumes", RESTRICTED, "latest",
                set("spec.volumes[0]", Map.of("name", "host", "hostPath", Map.of("path", "/etc"))),
                "restrictedVolumes", "spec.volumes[0].hostPath");

        // hostPorts (v1.0)
        fails("hostPorts", "hostPort is forbidden", BASELINE, "v1.0",
                set("spec.containers[0].ports[0].hostPort", 8080), "hostPorts", "spec.containers[0].ports[0].hostPort");
        passes("hostPorts", "hostPort 0 is allowed", BASELINE, "latest", set("spec.containers[0].ports[0].hostPort", 0));

        // hostProbesAndHostLifecycle (v1.34)
        Consumer<ObjectNode> probeHost = set("spec.containers[0].livenessProbe",
                Map.of("httpGet", Map.of("host", "10.0.0.1", "port", 80)));
        passes("hostProbesAndHostLifecycle", "probe host is allowed before v1.34", BASELINE, "v1.33", probeHost);
        fails("hostProbesAndHostLifecycle", "probe host is forbidden from v1.34", BASELINE, "v1.34", probeHost,
                "hostProbesAndHostLifecycle", "spec.containers[0].livenessProbe.httpGet.host");
        fails("hostProbesAndHostLifecycle", "lifecycle tcpSocket host is forbidden", RESTRICTED, "latest",
                set("spec.containers[0].lifecycle.preStop", Map.of("tcpSocket", Map.of("host", "169.254.169.254",
                        "port", 80))), "hostProbesAndHostLifecycle",
                "spec.containers[0].lifecycle.preStop.tcpSocket.host");
        fails("hostProbesAndHostLifecycle", "startup probe tcpSocket host is forbidden", BASELINE, "latest",
                set("spec.initContainers[0].startupProbe", Map.of("tcpSocket", Map.of("host", "db", "port", 5432))),
                "hostProbesAndHostLifecycle", "spec.initContainers[0].startupProbe.tcpSocket.host");
        passes("hostProbesAndHostLifecycle", "empty host is allowed", BASELINE, "latest",
                set("spec.containers[0].readinessProbe.httpGet.host", ""));

        // appArmorProfile (v1.0: annotation and field forms)
        String aa = "container.apparmor.security.beta.kubernetes.io/app";
        fails("appArmorProfile", "unconfined annotation is forbidden", BASELINE, "v1.0",
                set("metadata.annotations", Map.of(aa, "unconfined")), "appArmorProfile",
                "metadata.annotations[" + aa + "]");
        passes("appArmorProfile", "runtime/default annotation is allowed", BASELINE, "latest",
                set("metadata.annotations", Map.of(aa, "runtime/default")));
        passes("appArmorProfile", "localhost/* annotation is allowed", BASELINE, "v1.0",
                set("metadata.annotations", Map.of(aa, "localhost/custom")));
        fails("appArmorProfile", "pod Unconfined field is forbidden", BASELINE, "latest",
                set(pod + "appArmorProfile.type", "Unconfined"), "appArmorProfile", pod + "appArmorProfile.type");
        fails("appArmorProfile", "container Unconfined field is forbidden", RESTRICTED, "v1.0",
                set(c0 + "appArmorProfile.type", "Unconfined"), "appArmorProfile", c0 + "appArmorProfile.type");
        passes("appArmorProfile", "RuntimeDefault and Localhost fields are allowed", BASELINE, "latest",
                all(set(pod + "appArmorProfile.type", "RuntimeDefault"),
                        set(c0 + "appArmorProfile", Map.of("type", "Localhost", "localhostProfile", "k8s-nginx"))));

        // seLinuxOptions (v1.0, v1.31)
        fails("seLinuxOptions", "container_engine_t is forbidden before v1.31", BASELINE, "v1.30",
                set(pod + "seLinuxOptions.type", "container_engine_t"), "seLinuxOptions", pod + "seLinuxOptions.type");
        passes("seLinuxOptions", "container_engine_t is allowed from v1.31", BASELINE, "v1.31",
                set(pod + "seLinuxOptions.type", "container_engine_t"));
        fails("seLinuxOptions", "a custom type is forbidden", BASELINE, "v1.0",
                set(c0 + "seLinuxOptions.type", "spc_t"), "seLinuxOptions", c0 + "seLinuxOptions.type");
        fails("seLinuxOptions", "a user is forbidden", BASELINE, "latest",
                set(c0 + "seLinuxOptions.user", "system_u"), "seLinuxOptions", c0 + "seLinuxOptions.user");
        fails("seLinuxOptions", "a role is forbidden", RESTRICTED, "latest",
                set(pod + "seLinuxOptions.role", "sysadm_r"), "seLinuxOptions", pod + "seLinuxOptions.role");
        passes("seLinuxOptions", "allowed types and a level are allowed", BASELINE, "v1.0",
                all(set(pod + "seLinuxOptions", Map.of("type", "container_t", "level", "s0:c123,c456")),
                        set(c0 + "seLinuxOptions.type", "container_init_t")));

        // procMount (v1.0, v1.35) and procMount_restricted (v1.35)
        Consumer<ObjectNode> unmasked = set(c0 + "procMount", "Unmasked");
        fails("procMount", "Unmasked is forbidden", BASELINE, "v1.0", unmasked, "procMount", c0 + "procMount");
        fails("procMount", "hostUsers:false does not relax it before v1.35", BASELINE, "v1.34",
                all(unmasked, USER_NAMESPACE), "procMount", c0 + "procMount");
        passes("procMount", "hostUsers:false relaxes it from v1.35", BASELINE, "v1.35", all(unmasked, USER_NAMESPACE));
        fails("procMount", "Unmasked without user namespace is forbidden at v1.35", BASELINE, "v1.35",
                unmasked, "procMount", c0 + "procMount");
        fails("procMount", "hostUsers:true does not relax it", BASELINE, "latest",
                all(unmasked, set("spec.hostUsers", true)), "procMount", c0 + "procMount");
        fails("procMount_restricted", "restricted v1.35 forbids Unmasked even with hostUsers:false", RESTRICTED,
                "v1.35", all(unmasked, USER_NAMESPACE), "procMount_restricted", c0 + "procMount");
        fails("procMount_restricted", "restricted v1.34 runs the baseline procMount check", RESTRICTED, "v1.34",
                all(unmasked, USER_NAMESPACE), "procMount", c0 + "procMount");
        passes("procMount", "Default is allowed", RESTRICTED, "latest", set(c0 + "procMount", "Default"));

        // seccompProfile_baseline (v1.0 annotations, v1.19 fields)
        String sp = "seccomp.security.alpha.kubernetes.io/pod";
        String sc = "container.seccomp.security.alpha.kubernetes.io/app";
        fails("seccompProfile_baseline", "unconfined pod annotation is forbidden before v1.19", BASELINE, "v1.18",
                set("metadata.annotations", Map.of(sp, "unconfined")), "seccompProfile_baseline",
                "metadata.annotations[" + sp + "]");
        fails("seccompProfile_baseline", "unconfined container annotation is forbidden before v1.19", BASELINE,
                "v1.0", set("metadata.annotations", Map.of(sc, "unconfined")), "seccompProfile_baseline",
                "metadata.annotations[" + sc + "]");
        passes("seccompProfile_baseline", "runtime/default, docker/default and localhost/* annotations are allowed",
                BASELINE, "v1.18", set("metadata.annotations", Map.of(sp, "runtime/default", sc, "docker/default",
                        "container.seccomp.security.alpha.kubernetes.io/sidecar", "localhost/profile.json")));
        passes("seccompProfile_baseline", "the field is not read before v1.19", BASELINE, "v1.18",
                set(pod + "seccompProfile.type", "Unconfined"));
        fails("seccompProfile_baseline", "Unconfined pod field is forbidden from v1.19", BASELINE, "v1.19",
                set(pod + "seccompProfile.type", "Unconfined"), "seccompProfile_baseline", pod + "seccompProfile.type");
        fails("seccompProfile_baseline", "Unconfined container field is forbidden", BASELINE, "latest",
                set(c0 + "seccompProfile.type", "Unconfined"), "seccompProfile_baseline", c0 + "seccompProfile.type");
        passes("seccompProfile_baseline", "annotations are not read from v1.19", BASELINE, "v1.19",
                set("metadata.annotations", Map.of(sp, "unconfined")));
        fails("seccompProfile_baseline", "restricted v1.18 runs the annotation check", RESTRICTED, "v1.18",
                set("metadata.annotations", Map.of(sp, "unconfined")), "seccompProfile_baseline",
                "metadata.annotations[" + sp + "]");

        // sysctls (v1.0, v1.27, v1.29, v1.32, v1.37)
        String sysctl = pod + "sysctls";
        passes("sysctls", "the v1.0 safe set is allowed", BASELINE, "v1.0", set(sysctl, List.of(
                Map.of("name", "kernel.shm_rmid_forced", "value", "1"),
                Map.of("name", "net.ipv4.ip_local_port_range", "value", "1024 65535"),
                Map.of("name", "net.ipv4.tcp_syncookies", "value", "1"),
                Map.of("name", "net.ipv4.ping_group_range", "value", "0 2147483647"),
                Map.of("name", "net.ipv4.ip_unprivileged_port_start", "value", "80"))));
        fails("sysctls", "an unsafe sysctl is forbidden", BASELINE, "latest",
                set(sysctl, List.of(Map.of("name", "kernel.msgmax", "value", "65536"))), "sysctls",
                sysctl + "[0].name");
        sysctlBoundary("net.ipv4.ip_local_reserved_ports", 27);
        for (String s : List.of("net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
                "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes")) {
            sysctlBoundary(s, 29);
        }
        sysctlBoundary("net.ipv4.tcp_rmem", 32);
        sysctlBoundary("net.ipv4.tcp_wmem", 32);
        sysctlBoundary("net.ipv4.tcp_slow_start_after_idle", 37);
        sysctlBoundary("net.ipv4.tcp_notsent_lowat", 37);

        // restrictedVolumes (v1.0)
        fails("restrictedVolumes", "nfs is forbidden", RESTRICTED, "v1.0",
                set("spec.volumes[0]", Map.of("name", "share", "nfs", Map.of("server", "nfs", "path", "/"))),
                "restrictedVolumes", "spec.volumes[0].nfs");
        fails("restrictedVolumes", "an unknown volume type is forbidden", RESTRICTED, "latest",
                set("spec.volumes[0]", Map.of("name", "odd", "futureVolume", Map.of())), "restrictedVolumes",
                "spec.volumes[0]");
        passes("restrictedVolumes", "every allowed volume type is allowed", RESTRICTED, "latest",
                set("spec.volumes", List.of(Map.of("name", "a", "configMap", Map.of("name", "x")),
                        Map.of("name", "b", "csi", Map.of("driver", "d")),
                        Map.of("name", "c", "downwardAPI", Map.of()),
                        Map.of("name", "d", "emptyDir", Map.of()),
                        Map.of("name", "e", "ephemeral", Map.of("volumeClaimTemplate", Map.of())),
                        Map.of("name", "f", "image", Map.of("reference", "registry/models:1")),
                        Map.of("name", "g", "persistentVolumeClaim", Map.of("claimName", "c")),
                        Map.of("name", "h", "projected", Map.of("sources", List.of())),
                        Map.of("name", "i", "secret", Map.of("secretName", "s")))));
        passes("restrictedVolumes", "baseline ignores non-hostPath volume types", BASELINE, "latest",
                set("spec.volumes[0]", Map.of("name", "share", "nfs", Map.of("server", "nfs", "path", "/"))));

        // allowPrivilegeEscalation (v1.8, v1.25 Windows exemption)
        Consumer<ObjectNode> noApe = remove(c0 + "allowPrivilegeEscalation");
        passes("allowPrivilegeEscalation", "unset is allowed before v1.8", RESTRICTED, "v1.7", noApe);
        fails("allowPrivilegeEscalation", "unset is forbidden from v1.8", RESTRICTED, "v1.8", noApe,
                "allowPrivilegeEscalation", c0 + "allowPrivilegeEscalation");
        fails("allowPrivilegeEscalation", "true is forbidden", RESTRICTED, "latest",
                set(c0 + "allowPrivilegeEscalation", true), "allowPrivilegeEscalation", c0 + "allowPrivilegeEscalation");
        fails("allowPrivilegeEscalation", "Windows pods are not exempt before v1.25", RESTRICTED, "v1.24",
                all(noApe, WINDOWS), "allowPrivilegeEscalation", c0 + "allowPrivilegeEscalation");
        passes("allowPrivilegeEscalation", "Windows pods are exempt from v1.25", RESTRICTED, "v1.25",
                all(noApe, WINDOWS));

        // runAsNonRoot (v1.0, v1.35)
        Consumer<ObjectNode> noNonRoot = remove(pod + "runAsNonRoot");
        fails("runAsNonRoot", "unset everywhere is forbidden", RESTRICTED, "v1.0", noNonRoot, "runAsNonRoot",
                "spec.initContainers[0].securityContext.runAsNonRoot");
        fails("runAsNonRoot", "pod false is forbidden", RESTRICTED, "latest", set(pod + "runAsNonRoot", false),
                "runAsNonRoot", pod + "runAsNonRoot");
        fails("runAsNonRoot", "container false is forbidden despite pod true", RESTRICTED, "latest",
                set(c0 + "runAsNonRoot", false), "runAsNonRoot", c0 + "runAsNonRoot");
        passes("runAsNonRoot", "every container true without pod-level is allowed", RESTRICTED, "latest",
                all(noNonRoot, set("spec.initContainers[0].securityContext.runAsNonRoot", true),
                        set(c0 + "runAsNonRoot", true), set("spec.containers[1].securityContext.runAsNonRoot", true)));
        fails("runAsNonRoot", "hostUsers:false does not relax it before v1.35", RESTRICTED, "v1.34",
                all(noNonRoot, USER_NAMESPACE), "runAsNonRoot", c0 + "runAsNonRoot");
        passes("runAsNonRoot", "hostUsers:false relaxes it from v1.35", RESTRICTED, "v1.35",
                all(set(pod + "runAsNonRoot", false), USER_NAMESPACE));

        // runAsUser (v1.23, v1.35)
        passes("runAsUser", "runAsUser=0 is not checked before v1.23", RESTRICTED, "v1.22", set(pod + "runAsUser", 0));
        fails("runAsUser", "pod runAsUser=0 is forbidden from v1.23", RESTRICTED, "v1.23", set(pod + "runAsUser", 0),
                "runAsUser", pod + "runAsUser");
        fails("runAsUser", "container runAsUser=0 is forbidden", RESTRICTED, "latest", set(c0 + "runAsUser", 0),
                "runAsUser", c0 + "runAsUser");
        fails("runAsUser", "hostUsers:false does not relax it before v1.35", RESTRICTED, "v1.34",
                all(set(c0 + "runAsUser", 0), USER_NAMESPACE), "runAsUser", c0 + "runAsUser");
        passes("runAsUser", "hostUsers:false relaxes it from v1.35", RESTRICTED, "v1.35",
                all(set(c0 + "runAsUser", 0), USER_NAMESPACE));
        passes("runAsUser", "baseline ignores runAsUser=0", BASELINE, "latest", set(pod + "runAsUser", 0));

        // seccompProfile_restricted (v1.19, v1.25 Windows exemption)
        Consumer<ObjectNode> noSeccomp = remove(pod + "seccompProfile");
        passes("seccompProfile_restricted", "unset is allowed before v1.19", RESTRICTED, "v1.18", noSeccomp);
        fails("seccompProfile_restricted", "unset is forbidden from v1.19", RESTRICTED, "v1.19", noSeccomp,
                "seccompProfile_restricted", c0 + "seccompProfile.type");
        passes("seccompProfile_restricted", "Localhost on every container is allowed", RESTRICTED, "latest",
                all(noSeccomp, set("spec.initContainers[0].securityContext.seccompProfile.type", "RuntimeDefault"),
                        set(c0 + "seccompProfile", Map.of("type", "Localhost", "localhostProfile", "p.json")),
                        set("spec.containers[1].securityContext.seccompProfile.type", "RuntimeDefault")));
        fails("seccompProfile_restricted", "container Unconfined is forbidden despite pod RuntimeDefault", RESTRICTED,
                "latest", set(c0 + "seccompProfile.type", "Unconfined"), "seccompProfile_restricted",
                c0 + "seccompProfile.type");
        fails("seccompProfile_restricted", "Windows pods are not exempt before v1.25", RESTRICTED, "v1.24",
                all(noSeccomp, WINDOWS), "seccompProfile_restricted", c0 + "seccompProfile.type");
        passes("seccompProfile_restricted", "Windows pods are exempt from v1.25", RESTRICTED, "v1.25",
                all(noSeccomp, WINDOWS));

        // capabilities_restricted (v1.22, v1.25 Windows exemption)
        Consumer<ObjectNode> noCaps = remove(c0 + "capabilities");
        passes("capabilities_restricted", "not dropping ALL is allowed before v1.22", RESTRICTED, "v1.21", noCaps);
        fails("capabilities_restricted", "not dropping ALL is forbidden from v1.22", RESTRICTED, "v1.22", noCaps,
                "capabilities_restricted", c0 + "capabilities.drop");
        fails("capabilities_restricted", "dropping only NET_RAW is forbidden", RESTRICTED, "latest",
                set(c0 + "capabilities.drop", List.of("NET_RAW")), "capabilities_restricted", c0 + "capabilities.drop");
        fails("capabilities_restricted", "adding SYS_ADMIN is forbidden", RESTRICTED, "latest",
                set(c0 + "capabilities.add", List.of("SYS_ADMIN")), "capabilities_restricted", c0 + "capabilities.add");
        passes("capabilities_restricted", "adding NET_BIND_SERVICE is allowed", RESTRICTED, "latest",
                set(c0 + "capabilities.add", List.of("NET_BIND_SERVICE")));
        fails("capabilities_restricted", "Windows pods are not exempt before v1.25", RESTRICTED, "v1.24",
                all(noCaps, WINDOWS), "capabilities_restricted", c0 + "capabilities.drop");
        passes("capabilities_restricted", "Windows pods are exempt from v1.25", RESTRICTED, "v1.25",
                all(noCaps, WINDOWS));

        // Windows pods: exempt from the three restricted checks, not from baseline
        passes("windows", "a Windows pod with only runAsNonRoot meets restricted", RESTRICTED, "latest",
                all(WINDOWS, remove(pod + "seccompProfile"), remove("spec.initContainers"),
                        remove(c0 + "allowPrivilegeEscalation"), remove(c0 + "capabilities"),
                        remove("spec.containers[1].securityContext")));
        fails("windows", "Windows pods still get baseline checks", BASELINE, "latest",
                all(WINDOWS, set(pod + "windowsOptions.hostProcess", true), set("spec.hostNetwork", true)),
                "windowsHostProcess", pod + "windowsOptions.hostProcess");
    }

    private static void sysctlBoundary(String name, int minor) {
        Consumer<ObjectNode> m = set("spec.securityContext.sysctls", List.of(Map.of("name", name, "value", "1")));
        fails("sysctls", name + " is forbidden before v1." + minor, BASELINE, "v1." + (minor - 1), m, "sysctls",
                "spec.securityContext.sysctls[0].name");
        passes("sysctls", name + " is allowed from v1." + minor, BASELINE, "v1." + minor, m);
        passes("sysctls", name + " is allowed at latest", BASELINE, "latest", m);
    }

    static Stream<Arguments> casesByKind() {
        return CASES.stream().flatMap(c -> Stream.of(PodFixtures.Kind.values()).map(k -> Arguments.of(c, k)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("casesByKind")
    void control_failsExactlyTheNamedChecks_atTheFieldPath(Case c, PodFixtures.Kind kind) {
        ObjectNode pod = PodFixtures.restrictedPod();
        c.mutation().accept(pod);
        byte[] manifest = PodFixtures.bytes(kind.wrap(pod));

        PodSecurityReport report = PodSecurity.level(c.level()).version(c.version()).evaluate(manifest, "case.json");

        assertThat(report.results()).hasSize(1);
        PssResult result = report.results().get(0);
        Set<String> failed = result.failures().stream().map(PssCheckResult::checkId)
                .collect(Collectors.toCollection(TreeSet::new));
        if (c.control().equals("windows") && !c.failing().isEmpty()) {
            assertThat(failed).containsExactlyInAnyOrder("windowsHostProcess", "hostNamespaces");
        } else {
            assertThat(failed).as(result.admissionMessage()).isEqualTo(new TreeSet<>(c.failing()));
        }
        assertThat(result.allowed()).isEqualTo(c.failing().isEmpty());
        if (c.path() != null) {
            assertThat(result.violations()).extracting(PssViolation::path).contains(kind.prefix + c.path());
            assertThat(result.violations()).allSatisfy(v -> assertThat(v.path()).startsWith(kind.prefix));
        }
        assertThat(result.document().kind()).isEqualTo(kind.kind);
    }
}
