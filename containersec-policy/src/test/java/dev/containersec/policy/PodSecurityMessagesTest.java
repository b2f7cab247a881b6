package dev.containersec.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Forbidden reasons and details, character for character as Pod Security Admission words them. */
class PodSecurityMessagesTest {

    private static PssResult evaluate(PssLevel level, String version, String podSpecYaml) {
        String yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n" + podSpecYaml;
        return PodSecurity.level(level).version(version).evaluate(yaml.getBytes(StandardCharsets.UTF_8), "p.yaml")
                .results().get(0);
    }

    private static String message(PssResult result, String checkId) {
        return result.failures().stream().filter(c -> c.checkId().equals(checkId)).findFirst().orElseThrow().message();
    }

    @Test
    void allowPrivilegeEscalation_singleContainer_namesItInPsaWording() {
        PssResult r = evaluate(PssLevel.RESTRICTED, "latest", """
                spec:
                  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                  containers:
                  - name: app
                    securityContext: {capabilities: {drop: [ALL]}}
                """);
        assertThat(r.admissionMessage()).isEqualTo("violates PodSecurity \"restricted:latest\": "
                + "allowPrivilegeEscalation != false (container \"app\" must set "
                + "securityContext.allowPrivilegeEscalation=false)");
        PssViolation v = r.violations().get(0);
        assertThat(v.checkId()).isEqualTo("allowPrivilegeEscalation");
        assertThat(v.path()).isEqualTo("spec.containers[0].securityContext.allowPrivilegeEscalation");
        assertThat(v.container()).contains("app");
        assertThat(v.message()).isEqualTo("allowPrivilegeEscalation != false (container \"app\" must set "
                + "securityContext.allowPrivilegeEscalation=false)");
    }

    @Test
    void bareTwoContainerPod_restrictedLatest_listsEveryFailureAsPsaDoes() {
        PssResult r = evaluate(PssLevel.RESTRICTED, "v1.30", """
                spec:
                  initContainers: [{name: init, image: busybox}]
                  containers: [{name: app, image: nginx}]
                """);
        assertThat(r.admissionMessage()).isEqualTo("violates PodSecurity \"restricted:v1.30\": "
                + "allowPrivilegeEscalation != false (containers \"init\", \"app\" must set "
                + "securityContext.allowPrivilegeEscalation=false), "
                + "unrestricted capabilities (containers \"init\", \"app\" must set "
                + "securityContext.capabilities.drop=[\"ALL\"]), "
                + "runAsNonRoot != true (pod or containers \"init\", \"app\" must set securityContext.runAsNonRoot=true), "
                + "seccompProfile (pod or containers \"init\", \"app\" must set securityContext.seccompProfile.type to "
                + "\"RuntimeDefault\" or \"Localhost\")");
        assertThat(r.violations()).hasSize(8);
    }

    @Test
    void baselineDetails_matchPsaFormats() {
        PssResult r = evaluate(PssLevel.BASELINE, "latest", """
                  annotations:
                    container.apparmor.security.beta.kubernetes.io/app: unconfined
                spec:
                  hostNetwork: true
                  hostPID: true
                  securityContext:
                    sysctls: [{name: kernel.msgmax, value: "1"}, {name: net.core.somaxconn, value: "1"}]
                    seLinuxOptions: {type: spc_t, user: system_u}
                  volumes: [{name: root, hostPath: {path: /}}]
                  containers:
                  - name: app
                    ports: [{containerPort: 80, hostPort: 80}, {containerPort: 443, hostPort: 443}]
                    securityContext:
                      privileged: true
                      procMount: Unmasked
                      capabilities: {add: [SYS_ADMIN, NET_RAW, CHOWN]}
                      seccompProfile: {type: Unconfined}
                      windowsOptions: {hostProcess: true}
                    livenessProbe: {httpGet: {host: 10.0.0.1, port: 80}}
                  - name: side
                    ports: [{containerPort: 81, hostPort: 81}]
                """.replace("  annotations", "  annotations"));
        assertThat(message(r, "hostNamespaces")).isEqualTo("host namespaces (hostNetwork=true, hostPID=true)");
        assertThat(message(r, "sysctls")).isEqualTo("forbidden sysctls (kernel.msgmax, net.core.somaxconn)");
        assertThat(message(r, "seLinuxOptions")).isEqualTo(
                "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type \"spc_t\"; user may not be set)");
        assertThat(message(r, "hostPathVolumes")).isEqualTo("hostPath volumes (volume \"root\")");
        assertThat(message(r, "hostPorts")).isEqualTo(
                "hostPort (containers \"app\", \"side\" use hostPorts 443, 80, 81)");
        assertThat(message(r, "privileged")).isEqualTo(
                "privileged (container \"app\" must not set securityContext.privileged=true)");
        assertThat(message(r, "procMount")).isEqualTo(
                "procMount (container \"app\" must not set securityContext.procMount to \"Unmasked\")");
        assertThat(message(r, "capabilities_baseline")).isEqualTo("non-default capabilities (container \"app\" "
                + "must not include \"NET_RAW\", \"SYS_ADMIN\" in securityContext.capabilities.add)");
        assertThat(message(r, "seccompProfile_baseline")).isEqualTo("seccompProfile (container \"app\" must not set "
                + "securityContext.seccompProfile.type to \"Unconfined\")");
        assertThat(message(r, "windowsHostProcess")).isEqualTo("hostProcess (container \"app\" must not set "
                + "securityContext.windowsOptions.hostProcess=true)");
        assertThat(message(r, "hostProbesAndHostLifecycle")).isEqualTo("probe or lifecycle host "
                + "(container \"app\" uses probe or lifecycle host \"10.0.0.1\")");
        assertThat(message(r, "appArmorProfile")).isEqualTo("forbidden AppArmor profile (annotation must not set "
                + "AppArmor profile type to \"container.apparmor.security.beta.kubernetes.io/app=\"unconfined\"\")");
        assertThat(r.violations()).filteredOn(v -> v.checkId().equals("hostPorts")).extracting(PssViolation::path)
                .containsExactly("spec.containers[0].ports[0].hostPort", "spec.containers[0].ports[1].hostPort",
                        "spec.containers[1].ports[0].hostPort");
    }

    @Test
    void restrictedDetails_matchPsaFormats() {
        PssResult r = evaluate(PssLevel.RESTRICTED, "latest", """
                spec:
                  securityContext: {runAsNonRoot: false, runAsUser: 0, seccompProfile: {type: Unconfined}}
                  volumes: [{name: a, nfs: {server: s, path: /}}, {name: b, gitRepo: {repository: r}}]
                  containers:
                  - name: app
                    securityContext:
                      allowPrivilegeEscalation: false
                      runAsUser: 0
                      capabilities: {drop: [ALL], add: [SYS_TIME, NET_BIND_SERVICE]}
                """);
        assertThat(message(r, "runAsNonRoot")).isEqualTo(
                "runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)");
        assertThat(message(r, "runAsUser")).isEqualTo(
                "runAsUser=0 (pod and container \"app\" must not set runAsUser=0)");
        assertThat(message(r, "seccompProfile_restricted")).isEqualTo(
                "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")");
        assertThat(message(r, "restrictedVolumes")).isEqualTo("restricted volume types (volumes \"a\", \"b\" use "
                + "restricted volume types \"gitRepo\", \"nfs\")");
        assertThat(message(r, "capabilities_restricted")).isEqualTo("unrestricted capabilities (container \"app\" "
                + "must not include \"SYS_TIME\" in securityContext.capabilities.add)");
    }

    @Test
    void seccompAnnotations_v1_18_matchPsaFormat() {
        PssResult r = evaluate(PssLevel.BASELINE, "v1.18", """
                  annotations:
                    seccomp.security.alpha.kubernetes.io/pod: unconfined
                    container.seccomp.security.alpha.kubernetes.io/app: unconfined
                spec:
                  containers: [{name: app}]
                """);
        assertThat(message(r, "seccompProfile_baseline")).isEqualTo("seccompProfile (forbidden annotations "
                + "container.seccomp.security.alpha.kubernetes.io/app=\"unconfined\", "
                + "seccomp.security.alpha.kubernetes.io/pod=\"unconfined\")");
    }
}
