package dev.containersec.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.Alert;
import dev.containersec.api.ContainerInfo;
import dev.containersec.api.ContainerResolver;
import dev.containersec.api.Digest;
import dev.containersec.api.ProcessContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerResolverTest {

    private static Path storage() throws Exception {
        return Path.of(ContainerResolverTest.class.getResource("/containers-storage/README.md").toURI()).getParent();
    }

    @Test
    void containersStorage_readsPodmansStateFiles_nameImageTagAndManifestDigest() throws Exception {
        ContainerResolver r = ContainerResolverRegistry.containersStorage(List.of(storage()));
        ContainerInfo info = r.resolve("8e3799245ca8").orElseThrow();
        assertThat(info.name()).isEqualTo("web");
        assertThat(info.imageName()).isEqualTo("localhost/demo/app:1.0");
        assertThat(info.imageRepository()).isEqualTo("localhost/demo/app");
        assertThat(info.imageTag()).contains("1.0");
        assertThat(info.imageDigest()).contains(Digest.parse(
                "sha256:2296b248cb9a95bdb4d3d039af77ee671991064c117f9e9ae1a9258dde0105d2"));
        assertThat(r.resolve("000000000000")).isEmpty();
        assertThat(r.resolve("short")).isEmpty();
    }

    @Test
    void containersStorage_picksUpAContainerCreatedLater_andSurvivesGarbage(@TempDir Path root) throws Exception {
        ContainerResolver r = ContainerResolverRegistry.containersStorage(List.of(root));
        assertThat(r.resolve("aaaaaaaaaaaa")).isEmpty();
        Files.createDirectories(root.resolve("overlay-containers"));
        Files.writeString(root.resolve("overlay-containers/containers.json"), "not json");
        assertThat(r.resolve("aaaaaaaaaaaa")).isEmpty();
        Files.writeString(root.resolve("overlay-containers/containers.json"), "[{\"id\":\"" + "a".repeat(64)
                + "\",\"names\":[\"k8s_app\"],\"image\":\"x\",\"metadata\":\"{\\\"pod-name\\\":\\\"web-1\\\","
                + "\\\"image-name\\\":\\\"quay.io/team/app@sha256:" + "b".repeat(64) + "\\\",\\\"name\\\":\\\"app\\\"}\"},"
                + "{\"id\":\"../../etc\"}, 42]");
        ContainerInfo info = r.resolve("aaaaaaaaaaaa").orElseThrow();
        assertThat(info.name()).isEqualTo("app");
        assertThat(info.imageRepository()).isEqualTo("quay.io/team/app");
        assertThat(info.imageTag()).isEmpty();
        assertThat(info.imageDigest().orElseThrow().hex()).isEqualTo("b".repeat(64));
    }

    @Test
    void registry_isFoundThroughServiceLoader_andRefusesDuplicates() {
        ContainerResolverRegistry registry = ContainerResolverRegistry.fromServiceLoader();
        assertThat(registry.ids()).contains("containers-storage");
        ContainerResolver other = new ContainerResolver() {
            @Override
            public String id() {
                return "containers-storage";
            }

            @Override
            public Optional<ContainerInfo> resolve(String containerId) {
                return Optional.empty();
            }
        };
        assertThatThrownBy(() -> registry.with(other)).isInstanceOf(DuplicateProviderException.class);
    }

    @Test
    void pipeline_fillsContainerFields_fromTheResolver_askingOncePerContainer() {
        AtomicInteger asked = new AtomicInteger();
        ContainerResolver fixed = new ContainerResolver() {
            @Override
            public String id() {
                return "fixed";
            }

            @Override
            public Optional<ContainerInfo> resolve(String containerId) {
                asked.incrementAndGet();
                return containerId.equals("0123456789ab") ? Optional.of(ContainerInfo.of(containerId, "web",
                        "docker.io/library/nginx:1.25", Optional.empty(), Map.of("team", "payments"))) : Optional.empty();
            }
        };
        String rules = """
                - rule: Shell in nginx
                  desc: shell in a container of the nginx image
                  condition: >
                    evt.type = execve and container.image.repository = docker.io/library/nginx
                    and container.image.tag = "1.25" and container.label[team] = payments and container.name = web
                  output: shell in %container.image (%container.name)
                  priority: WARNING
                """;
        RuleSet set = RuleEngine.create().load(List.of(new RuleSource("r.yaml", rules)));
        ProcessContext p = Events.containerShell().containerId("0123456789ab").build();
        ProcessContext other = Events.containerShell().containerId("ba9876543210").build();
        List<Alert> alerts = new ArrayList<>();
        EventPipeline.builder(EventPipelineFixtures.streamOf(List.of(Events.exec(p), Events.exec(p),
                        Events.exec(other), Events.exec(other))), set)
                .containerResolvers(ContainerResolverRegistry.of(List.of(fixed))).onAlert(alerts::add).build()
                .run(Duration.ofSeconds(10));
        assertThat(alerts).hasSize(2).allSatisfy(a ->
                assertThat(a.output()).endsWith("shell in docker.io/library/nginx:1.25 (web)"));
        assertThat(asked).as("answers, found or not, are cached").hasValue(2);
    }
}
