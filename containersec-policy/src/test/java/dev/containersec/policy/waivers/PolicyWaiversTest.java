package dev.containersec.policy.waivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.InvalidInputException;
import dev.containersec.policy.PolicyPackCheck;
import dev.containersec.policy.PolicyPackFinding;
import dev.containersec.policy.PolicyPackResult;
import dev.containersec.policy.PolicyWaivers;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyWaiversTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

    private static final String MANIFEST = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                spec:
                  automountServiceAccountToken: false
                  containers:
                  - name: app
                    image: nginx:latest
                    securityContext: {readOnlyRootFilesystem: true}
                    resources: {limits: {cpu: 1, memory: 1Gi}}
                  - name: agent
                    image: agent:latest
                    securityContext: {readOnlyRootFilesystem: true}
                    resources: {limits: {cpu: 1, memory: 1Gi}}
                  volumes:
                  - {name: sock, hostPath: {path: /var/run/docker.sock}}
            """;

    private static PolicyWaivers waivers(String yaml) {
        return PolicyWaivers.parse(yaml.getBytes(StandardCharsets.UTF_8), "waivers.yaml");
    }

    private static PolicyPackResult check(String waiversYaml) {
        PolicyPackCheck check = PolicyPackCheck.builder().packs(List.of("k8s-hardening"))
                .waivers(waivers(waiversYaml)).today(TODAY).build();
        return check.checkManifests(MANIFEST.getBytes(StandardCharsets.UTF_8), "deploy.yaml").get(0);
    }

    private static List<String> waived(PolicyPackResult r) {
        return r.findings().stream().filter(PolicyPackFinding::waived)
                .map(f -> f.violation().rule() + ":" + f.container().orElse(f.value().orElse(""))).toList();
    }

    @Test
    void waiverScopedToOneContainer_waivesOnlyThatContainersViolation() {
        PolicyPackResult r = check("""
                waivers:
                - rule: k8s-image-pinned
                  kind: Deployment
                  namespace: shop
                  name: web
                  container: agent
                  reason: vendor agent ships only latest
                  expires: 2026-12-31
                """);

        assertThat(waived(r)).containsExactly("k8s-image-pinned:agent");
        assertThat(r.allowed()).isFalse();
    }

    @Test
    void waiverByAliasAndFieldValue_waivesTheSocketMount_andEveryDenyWaivedAllowsTheInput() {
        PolicyPackResult r = check("""
                waivers:
                - rules: [KSV-0006]
                  value: /var/run/docker.sock
                  reason: CI builder, isolated node pool
                  expires: 2026-06-01
                - rule: k8s-image-pinned
                  image: "*:latest"
                  name: web*
                  reason: migration in progress
                  expires: 2027-01-01
                """);

        assertThat(waived(r)).containsExactlyInAnyOrder("k8s-docker-sock:/var/run/docker.sock",
                "k8s-image-pinned:app", "k8s-image-pinned:agent");
        assertThat(r.allowed()).isTrue();
        assertThat(r.toPolicyResult().violations()).isEmpty();
        Map<String, Object> json = r.asMap();
        assertThat((List<?>) json.get("violations")).hasSize(3)
                .allSatisfy(v -> assertThat(((Map<?, ?>) v).get("waived")).isEqualTo(true));
        assertThat(((Map<?, ?>) ((List<?>) json.get("violations")).get(0)).get("waiverReason")).isNotNull();
    }

    @Test
    void expiredWaiver_doesNotApply_andIsListed() {
        String yaml = """
                waivers:
                - rule: k8s-docker-sock
                  reason: was fine last year
                  expires: 2026-05-31
                """;
        PolicyPackResult r = check(yaml);

        assertThat(waived(r)).isEmpty();
        assertThat(waivers(yaml).expired(TODAY)).singleElement()
                .satisfies(w -> assertThat(w.source()).isEqualTo("waivers.yaml#waivers[0]"));
    }

    @Test
    void waiverForAnotherNamespace_doesNotApply() {
        PolicyPackResult r = check("""
                waivers:
                - rule: k8s-docker-sock
                  namespace: other
                  reason: r
                  expires: 2030-01-01
                """);

        assertThat(waived(r)).isEmpty();
    }

    @Test
    void malformedWaivers_areRejectedNamingTheWaiverAndField() {
        assertThatThrownBy(() -> waivers("waivers:\n- rule: x\n  expires: 2026-01-01\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("waivers[0]").hasMessageContaining("reason");
        assertThatThrownBy(() -> waivers("waivers:\n- rule: x\n  reason: r\n  expires: next week\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ISO date");
        assertThatThrownBy(() -> waivers("waivers:\n- rule: x\n  reason: r\n  expires: 2026-01-01\n  team: a\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown field 'team'");
        assertThatThrownBy(() -> waivers("items: []\n")).isInstanceOf(InvalidInputException.class);
    }
}
