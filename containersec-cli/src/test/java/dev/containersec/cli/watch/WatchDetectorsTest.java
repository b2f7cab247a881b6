package dev.containersec.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.NetworkListenEvent;
import dev.containersec.api.NetworkProtocol;
import dev.containersec.api.ProcessAncestor;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.api.SocketEndpoint;
import dev.containersec.cli.Cli;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.TestImages;
import dev.containersec.runtime.RuntimeEventJson;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code watch} with the baseline, drift and egress detectors, on replayed events. */
class WatchDetectorsTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05.123456789Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static ProcessContext app(String comm, String exe, String... args) {
        return ProcessContext.builder().pid(4242).ppid(4200).comm(comm).exe(exe).args(args)
                .containerId("0123456789ab").containerImageRepository("registry.example/shop/web")
                .ancestry(List.of(new ProcessAncestor(4200, "containerd-shim", "/usr/bin/containerd-shim"))).build();
    }

    private static SocketEndpoint ep(String ip, int port) throws Exception {
        return new SocketEndpoint(InetAddress.getByName(ip), port);
    }

    private static List<RuntimeEvent> normal() throws Exception {
        ProcessContext web = app("run.sh", "/app/run.sh", "/app/run.sh", "--serve");
        return List.of(new ProcessExecEvent(T, web),
                new FileOpenEvent(T, web, "/app/cache/1", FileOpenEvent.O_WRONLY, 0),
                new NetworkConnectEvent(T, web, NetworkProtocol.TCP, ep("10.1.0.2", 40000), ep("10.2.0.9", 5432)),
                new NetworkListenEvent(T, web, NetworkProtocol.TCP, ep("0.0.0.0", 8080), 128));
    }

    private Path replay(String name, List<RuntimeEvent> events) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, events.stream().map(RuntimeEventJson::write).toList());
        return file;
    }

    /** A rules file whose one rule never matches, so only the detectors print alerts. */
    private Path quietRules() throws Exception {
        Path rules = dir.resolve("quiet.yaml");
        Files.writeString(rules, """
                - rule: Never
                  desc: never matches
                  condition: evt.type = ptrace and proc.name = no-such-process
                  output: never
                  priority: DEBUG
                """);
        return rules;
    }

    private Cli.Result watch(Path events, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("watch", "--source", "replay:" + events, "--rules",
                quietRules().toString(), "--format", "json"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static List<JsonNode> alerts(Cli.Result r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void baseline_learnThenEnforce_sameEvents_noAlerts_newOnesOneEach() throws Exception {
        Path profile = dir.resolve("profile.json");
        Cli.Result learn = watch(replay("normal.jsonl", normal()), "--baseline", "learn", "--profile",
                profile.toString());
        assertThat(learn.exitCode()).as(learn.toString()).isEqualTo(ExitCode.OK);
        assertThat(learn.out()).isEmpty();
        assertThat(learn.err()).contains("baseline learned for 1 workloads");
        JsonNode saved = JSON.readTree(profile.toFile());
        assertThat(saved.get("version").asInt()).isEqualTo(1);
        assertThat(saved.get("workloads").get("registry.example/shop/web").get("listening").get(0).asText())
                .isEqualTo("tcp 8080");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }

        Cli.Result same = watch(replay("normal.jsonl", normal()), "--baseline", "enforce", "--profile",
                profile.toString());
        assertThat(same.exitCode()).as(same.toString()).isEqualTo(ExitCode.OK);
        assertThat(same.out()).isEmpty();
        assertThat(same.err()).contains("0 baseline, drift and egress alerts");

        ProcessContext curl = app("curl", "/usr/bin/curl", "curl", "http://x");
        List<RuntimeEvent> deviating = new ArrayList<>(normal());
        deviating.add(new ProcessExecEvent(T, curl));
        deviating.add(new ProcessExecEvent(T, curl));
        Cli.Result enforce = watch(replay("dev.jsonl", deviating), "--baseline", "enforce", "--profile",
                profile.toString());
        assertThat(enforce.exitCode()).as(enforce.toString()).isEqualTo(ExitCode.OK);
        List<JsonNode> alerts = alerts(enforce);
        assertThat(alerts).extracting(a -> a.get("rule").asText())
                .containsExactly("Baseline deviation: new process", "Baseline deviation: new parent");
        assertThat(alerts.get(0).get("output_fields").get("baseline.new").asText()).isEqualTo("curl http://x");
        assertThat(alerts.get(0).get("output_fields").get("baseline.known").asText()).isEqualTo("[run.sh --serve]");
        assertThat(alerts.get(0).get("priority").asText()).isEqualTo("Warning");
    }

    @Test
    void baseline_usageAndHostileProfile_exitCodes() throws Exception {
        Path events = replay("normal.jsonl", normal());
        assertThat(watch(events, "--baseline", "learn").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(watch(events, "--baseline", "guess", "--profile", "p").exitCode()).isEqualTo(ExitCode.USAGE);
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\":\"containersec-baseline\",\"version\":1,\"workloads\":{\"w\":"
                + "{\"egress\":[\"tcp 10.0.0.0/99 1\"]}}}");
        Cli.Result r = watch(events, "--baseline", "enforce", "--profile", bad.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("10.0.0.0/99");
    }

    @Test
    void drift_realImage_execOfShippedFileQuiet_droppedFileAlerts() throws Exception {
        TestImages.assumeTools();
        Path layout = TestImages.buildLayout(dir.resolve("layout"));
        List<RuntimeEvent> events = List.of(
                new ProcessExecEvent(T, app("run.sh", "/app/run.sh", "/app/run.sh")),
                new ProcessExecEvent(T, app("sh", "/bin/sh", "sh")),
                new ProcessExecEvent(T, app("xmrig", "/tmp/xmrig", "xmrig")),
                new ProcessExecEvent(T, app("motd", "/etc/motd", "motd")),
                new ProcessExecEvent(T, app("tool", "/opt/tools/tool", "tool")));
        Cli.Result r = watch(replay("drift.jsonl", events), "--image", "oci:" + layout + ":" + TestImages.TAG,
                "--drift-allow", "/opt/tools");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.OK);
        List<JsonNode> alerts = alerts(r);
        assertThat(alerts).extracting(a -> a.get("output_fields").get("drift.path").asText())
                .containsExactly("/tmp/xmrig", "/etc/motd"); // /etc/motd was deleted by the upper layer
        assertThat(alerts.get(0).get("rule").asText()).isEqualTo("Drift: executable not in image");
        assertThat(alerts.get(0).get("priority").asText()).isEqualTo("Critical");
        assertThat(alerts.get(0).get("output_fields").get("drift.image").asText()).contains(layout.toString());
    }

    @Test
    void drift_imageRepository_checksOnlyThatRepositorysContainers_andCountsWithRuleAlerts() throws Exception {
        TestImages.assumeTools();
        Path layout = TestImages.buildLayout(dir.resolve("layout"));
        ProcessContext other = ProcessContext.builder().pid(7).ppid(6).comm("xmrig").exe("/tmp/xmrig")
                .args("xmrig").containerId("ba9876543210").containerImageRepository("docker.io/library/redis").build();
        List<RuntimeEvent> events = List.of(new ProcessExecEvent(T, app("xmrig", "/tmp/xmrig", "xmrig")),
                new ProcessExecEvent(T, other));
        String image = "oci:" + layout + ":" + TestImages.TAG;
        Cli.Result scoped = watch(replay("scoped.jsonl", events), "--image", image, "--image-repository",
                "registry.example/shop/web");
        assertThat(scoped.exitCode()).as(scoped.toString()).isEqualTo(ExitCode.OK);
        assertThat(alerts(scoped)).extracting(a -> a.get("output_fields").get("container.id").asText())
                .containsExactly("0123456789ab");
        assertThat(scoped.err()).contains("1 alerts");
        Cli.Result all = watch(replay("all.jsonl", events), "--image", image);
        assertThat(alerts(all)).hasSize(2);
        assertThat(watch(replay("bad.jsonl", events), "--image-repository", "x").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void egress_allowlist_unexpectedDestinationAlertsOnce() throws Exception {
        ProcessContext web = app("run.sh", "/app/run.sh", "/app/run.sh");
        List<RuntimeEvent> events = List.of(
                new NetworkConnectEvent(T, web, NetworkProtocol.TCP, ep("10.1.0.2", 40000), ep("10.2.0.9", 5432)),
                new NetworkConnectEvent(T, web, NetworkProtocol.TCP, ep("10.1.0.2", 40001), ep("198.51.100.7", 443)),
                new NetworkConnectEvent(T, web, NetworkProtocol.TCP, ep("10.1.0.2", 40002), ep("198.51.100.7", 443)));
        Cli.Result r = watch(replay("egress.jsonl", events), "--egress-allow", "10.0.0.0/8:5432");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.OK);
        List<JsonNode> alerts = alerts(r);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("rule").asText()).isEqualTo("Unexpected egress");
        assertThat(alerts.get(0).get("output_fields").get("fd.sip").asText()).isEqualTo("198.51.100.7");
        assertThat(alerts.get(0).get("output_fields").get("fd.sport").asLong()).isEqualTo(443);
        assertThat(watch(replay("e.jsonl", events), "--egress-allow", "nope").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void egress_networkPolicies_onlyTheAllowedRangeIsQuiet() throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("cluster.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata: {name: shop}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: shop}
                spec:
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: web:1}]}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: web-egress, namespace: shop}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  policyTypes: [Egress]
                  egress:
                  - to: [{ipBlock: {cidr: 10.2.0.0/16}}]
                    ports: [{port: 5432, protocol: TCP}]
                """);
        ProcessContext web = app("run.sh", "/app/run.sh", "/app/run.sh");
        List<RuntimeEvent> events = List.of(
                new NetworkConnectEvent(T, web, NetworkProtocol.TCP, ep("10.1.0.2", 40000), ep("10.2.0.9", 5432)),
                new NetworkConnectEvent(T, web, NetworkProtocol.TCP, ep("10.1.0.2", 40001), ep("10.2.0.9", 22)),
                new NetworkConnectEvent(T, web, NetworkProtocol.TCP, ep("10.1.0.2", 40002), ep("8.8.8.8", 5432)));
        Cli.Result r = watch(replay("np.jsonl", events), "--netpol", manifests.toString(), "--workload", "shop/web");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.OK);
        assertThat(alerts(r)).extracting(a -> a.get("output_fields").get("fd.sip").asText() + ":"
                + a.get("output_fields").get("fd.sport").asLong()).containsExactly("10.2.0.9:22", "8.8.8.8:5432");
        assertThat(alerts(r).get(0).get("output_fields").get("egress.denied_by").asText())
                .isEqualTo("networkpolicy shop/web");
        assertThat(watch(replay("np.jsonl", events), "--netpol", manifests.toString()).exitCode())
                .isEqualTo(ExitCode.USAGE);
    }
}
