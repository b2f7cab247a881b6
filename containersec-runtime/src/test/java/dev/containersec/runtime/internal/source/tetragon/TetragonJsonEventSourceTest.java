package dev.containersec.runtime.internal.source.tetragon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.Alert;
import dev.containersec.api.CredentialChangeEvent;
import dev.containersec.api.CredentialSyscall;
import dev.containersec.api.EventBatch;
import dev.containersec.api.EventStream;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.ProcessExitEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.runtime.DefaultRules;
import dev.containersec.runtime.EventSourceRegistry;
import dev.containersec.runtime.RuleEngine;
import dev.containersec.runtime.RuleSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TetragonJsonEventSourceTest {

    private static Path fixture() throws Exception {
        return Path.of(TetragonJsonEventSourceTest.class.getResource("/tetragon/export.jsonl").toURI());
    }

    private static List<RuntimeEvent> readAll(EventStream stream) {
        List<RuntimeEvent> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            EventBatch b = stream.nextBatch(Duration.ofSeconds(5));
            if (b instanceof EventBatch.Events e) {
                events.addAll(e.events());
            } else if (!(b instanceof EventBatch.Timeout)) {
                break;
            }
        }
        return events;
    }

    @Test
    void export_isFoundThroughServiceLoader_andMapsEachSupportedEvent_countingTheRest() throws Exception {
        TetragonJsonEventSource.Stream stream = (TetragonJsonEventSource.Stream) EventSourceRegistry.fromServiceLoader()
                .get("tetragon-json").open(Map.of("path", fixture().toString()));
        List<RuntimeEvent> events;
        try (stream) {
            events = readAll(stream);
            assertThat(events).extracting(RuntimeEvent::eventType)
                    .containsExactly("execve", "connect", "openat", "openat", "setuid", "procexit");
            // the uprobe, the unmapped kprobe and the line that is not JSON
            assertThat(stream.malformedInputs()).isEqualTo(3);
            assertThat(stream.skippedKinds()).containsOnlyKeys("process_uprobe", "process_kprobe:security_bprm_check");
        }
        ProcessExecEvent exec = (ProcessExecEvent) events.get(0);
        assertThat(exec.timestamp()).isEqualTo(Instant.parse("2026-10-06T22:03:57.700326678Z"));
        assertThat(exec.process().pid()).isEqualTo(52700);
        assertThat(exec.process().ppid()).isEqualTo(52699);
        assertThat(exec.process().comm()).isEqualTo("curl");
        assertThat(exec.process().exe()).isEqualTo("/usr/bin/curl");
        assertThat(exec.process().args()).containsExactly("/usr/bin/curl", "https://ebpf.io/applications/#tetragon");
        assertThat(exec.process().containerId()).isEqualTo("551e161c47d8");
        assertThat(exec.process().containerImageRepository()).contains("docker.io/tgraf/netperf");
        assertThat(exec.process().cwd()).contains("/");
        assertThat(exec.process().hasEffectiveCapability(21)).isTrue();
        assertThat(exec.process().hasEffectiveCapability(12)).isFalse();
        assertThat(exec.process().ancestry()).extracting(a -> a.comm())
                .containsExactly("bash", "containerd-shim");
        assertThat(exec.process().ancestry().get(1).exe()).isEqualTo("/usr/bin/containerd-shim-runc-v2");

        NetworkConnectEvent connect = (NetworkConnectEvent) events.get(1);
        assertThat(connect.remote().toString()).isEqualTo("104.198.14.52:443");
        assertThat(connect.local().toString()).isEqualTo("10.98.56.228:37360");

        FileOpenEvent install = (FileOpenEvent) events.get(2);
        assertThat(install.path()).isEqualTo("/etc/ssl/certs/ca-certificates.crt");
        assertThat(install.isWrite()).isFalse();
        FileOpenEvent write = (FileOpenEvent) events.get(3);
        assertThat(write.path()).isEqualTo("/etc/passwd");
        assertThat(write.isWrite()).as("MAY_WRITE mask").isTrue();

        CredentialChangeEvent setuid = (CredentialChangeEvent) events.get(4);
        assertThat(setuid.syscall()).isEqualTo(CredentialSyscall.SETUID);
        assertThat(setuid.effective()).isZero();
        assertThat(setuid.real()).isEqualTo(CredentialChangeEvent.UNCHANGED);
        assertThat(setuid.success()).isTrue();
        assertThat(((ProcessExitEvent) events.get(5)).exitCode()).isZero();
    }

    @Test
    void defaultRules_fireOnTetragonEvents_likeOnKernelEvents() throws Exception {
        RuleSet rules = RuleEngine.builder().build().load(List.of(DefaultRules.source()));
        List<Alert> alerts = new ArrayList<>();
        try (EventStream stream = new TetragonJsonEventSource().open(Map.of("path", fixture().toString()))) {
            for (RuntimeEvent e : readAll(stream)) {
                alerts.addAll(rules.evaluate(e));
            }
        }
        assertThat(alerts).extracting(Alert::rule).contains("Write below etc");
    }

    @Test
    void wrappedNumbers_processCredentials_andSetresuidWithUnchangedIds_areRead() {
        TetragonJsonMapper m = new TetragonJsonMapper();
        CredentialChangeEvent e = (CredentialChangeEvent) m.map("{\"process_kprobe\":{\"process\":{\"pid\":{\"value\":9},"
                + "\"uid\":{\"value\":1000},\"binary\":\"/usr/bin/su\",\"process_credentials\":{\"uid\":1000,"
                + "\"gid\":100,\"euid\":0}},\"function_name\":\"__arm64_sys_setresuid\",\"args\":[{\"int_arg\":-1},"
                + "{\"int_arg\":0},{\"uint_arg\":4294967295}],\"return\":{\"int_arg\":-1}},"
                + "\"time\":\"2026-01-01T00:00:00Z\"}").get(0);
        assertThat(e.process().pid()).isEqualTo(9);
        assertThat(e.process().uid()).isEqualTo(1000);
        assertThat(e.process().gid()).isEqualTo(100);
        assertThat(e.process().euid()).isZero();
        assertThat(e.real()).isEqualTo(CredentialChangeEvent.UNCHANGED);
        assertThat(e.effective()).isZero();
        assertThat(e.saved()).isEqualTo(CredentialChangeEvent.UNCHANGED);
        assertThat(e.success()).isFalse();
        assertThat(e.process().containerId()).isEqualTo("host");
    }

    @Test
    void tracepointOfASetuidSyscall_isMapped_otherTracepointsAreCountedByName() {
        TetragonJsonMapper m = new TetragonJsonMapper();
        assertThat(m.map("{\"process_tracepoint\":{\"process\":{\"pid\":5,\"binary\":\"/bin/x\"},\"subsys\":\"syscalls\","
                + "\"event\":\"sys_enter_setgid\",\"args\":[{\"long_arg\":0}]},\"time\":\"2026-01-01T00:00:00Z\"}").get(0))
                .isInstanceOf(CredentialChangeEvent.class);
        assertThat(m.map("{\"process_tracepoint\":{\"process\":{\"pid\":5},\"subsys\":\"sched\",\"event\":\"sched_switch\"},"
                + "\"time\":\"2026-01-01T00:00:00Z\"}")).isEmpty();
        assertThat(m.skippedKinds()).containsEntry("process_tracepoint:sched/sched_switch", 1L);
    }

    @Test
    void unsupportedKindNames_areBounded() {
        TetragonJsonMapper m = new TetragonJsonMapper();
        for (int i = 0; i < TetragonJsonMapper.MAX_KIND_NAMES * 3; i++) {
            m.map("{\"process_kind_" + i + "\":{},\"time\":\"2026-01-01T00:00:00Z\"}");
        }
        assertThat(m.skippedTotal()).isEqualTo(TetragonJsonMapper.MAX_KIND_NAMES * 3L);
        assertThat(m.skippedKinds()).hasSizeLessThanOrEqualTo(TetragonJsonMapper.MAX_KIND_NAMES + 1)
                .containsKey("other");
    }

    @Test
    void linesWithoutAnEvent_orWithABadTime_areInvalidInput() {
        TetragonJsonMapper m = new TetragonJsonMapper();
        assertThatThrownBy(() -> m.map("{\"node_name\":\"n\",\"time\":\"2026-01-01T00:00:00Z\"}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no event");
        assertThatThrownBy(() -> m.map("{\"process_exec\":{},\"time\":\"yesterday\"}"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> m.map("[1,2]")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> m.map("{\"process_exec\":{},\"process_exec\":{}}"))
                .as("duplicate keys").isInstanceOf(InvalidInputException.class);
    }

    @Test
    void arguments_withQuotedWords_splitBackIntoArgv() {
        assertThat(TetragonJsonMapper.splitArguments("-c \"curl https://x/#y\" --flag \"a \\\"b\\\"\""))
                .containsExactly("-c", "curl https://x/#y", "--flag", "a \"b\"");
        assertThat(TetragonJsonMapper.splitArguments("")).isEmpty();
        assertThat(TetragonJsonMapper.repository("registry:5000/team/app:1.2@sha256:ab")).isEqualTo("registry:5000/team/app");
        assertThat(TetragonJsonMapper.repository("nginx")).isEqualTo("nginx");
    }

    @Test
    void overlongLine_isSkippedAndCounted_andReadingGoesOn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.jsonl");
        String exec = "{\"process_exec\":{\"process\":{\"pid\":1,\"binary\":\"/bin/sh\"}},\"time\":\"2026-01-01T00:00:00Z\"}\n";
        Files.writeString(file, "{\"process_exec\":{\"process\":{\"arguments\":\"" + "a".repeat(TetragonJsonEventSource.MAX_LINE_BYTES)
                + "\"}}}\n" + exec, StandardCharsets.UTF_8);
        try (TetragonJsonEventSource.Stream s = (TetragonJsonEventSource.Stream) new TetragonJsonEventSource()
                .open(Map.of("path", file.toString()))) {
            assertThat(readAll(s)).hasSize(1);
            assertThat(s.malformedInputs()).isEqualTo(1);
        }
    }
}
