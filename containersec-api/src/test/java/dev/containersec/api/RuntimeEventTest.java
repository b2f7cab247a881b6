package dev.containersec.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimeEventTest {

    private static final Instant T = Instant.EPOCH;
    private static final ProcessContext P = ProcessContext.builder().pid(10).comm("sh").args("sh", "-c", "id").build();

    @Test
    void eventTypes_areFalcoNames() throws Exception {
        SocketEndpoint e = new SocketEndpoint(InetAddress.getByName("::1"), 443);
        List<RuntimeEvent> events = List.of(new ProcessExecEvent(T, P), new ProcessExitEvent(T, P, 0),
                new FileOpenEvent(T, P, "/etc/passwd", 0, 0),
                new NetworkConnectEvent(T, P, NetworkProtocol.TCP, e, e),
                new NetworkAcceptEvent(T, P, NetworkProtocol.UDP, e, e),
                new NetworkListenEvent(T, P, NetworkProtocol.TCP, e, 5),
                new CredentialChangeEvent(T, P, CredentialSyscall.SETRESUID, 0, 0, 0, true),
                new CapabilityChangeEvent(T, P, 0, 0, 0),
                new ModuleLoadEvent(T, P, "x", Optional.empty()),
                new PtraceEvent(T, P, "PTRACE_ATTACH", 1));
        assertThat(events).extracting(RuntimeEvent::eventType).containsExactly("execve", "procexit", "openat",
                "connect", "accept", "listen", "setresuid", "capset", "init_module", "ptrace");
        assertThat(e).hasToString("[0:0:0:0:0:0:0:1]:443");
    }

    @Test
    void processContext_validatesAndDefaults() {
        assertThat(P.containerId()).isEqualTo(ProcessContext.HOST);
        assertThat(P.inContainer()).isFalse();
        assertThat(P.toBuilder().build()).isEqualTo(P);
        assertThatThrownBy(() -> ProcessContext.builder().uid(-1).build()).hasMessageContaining("uid");
        assertThatThrownBy(() -> ProcessContext.builder().containerId("").build())
                .hasMessageContaining("HOST");
        assertThat(ProcessContext.builder().capEffective(1L << 21).build().hasEffectiveCapability(21)).isTrue();
    }

    @Test
    void fileOpenFlags_renderAsFalco() {
        FileOpenEvent open = new FileOpenEvent(T, P, "/x", FileOpenEvent.O_WRONLY | FileOpenEvent.O_CREAT
                | FileOpenEvent.O_TRUNC | FileOpenEvent.O_SYNC, 0644);
        assertThat(open.flagNames()).containsExactly("O_WRONLY", "O_CREAT", "O_TRUNC", "O_SYNC");
        assertThat(open.isWrite()).isTrue();
        assertThat(open.isRead()).isFalse();
        assertThat(open.hasFlag(FileOpenEvent.O_DSYNC)).isTrue();
        assertThatThrownBy(() -> new FileOpenEvent(T, P, "relative", 0, 0)).hasMessageContaining("absolute");
    }

    @Test
    void validation_rejectsBadValues() {
        assertThatThrownBy(() -> new PtraceEvent(T, P, "attach", 1)).hasMessageContaining("PTRACE_");
        assertThatThrownBy(() -> new CredentialChangeEvent(T, P, CredentialSyscall.SETUID, -2, 0, 0, true))
                .hasMessageContaining("real");
        assertThatThrownBy(() -> EventBatch.events(List.of())).hasMessageContaining("timeout");
        assertThatThrownBy(() -> new StreamProgress(1.5, "")).hasMessageContaining("fraction");
        assertThat(EventBatch.timeout()).isInstanceOf(EventBatch.Timeout.class);
        assertThat(EventBatch.failure(new ContainerSecException("x"))).isInstanceOf(EventBatch.Failure.class);
    }

    @Test
    void priority_parsesAsFalco() {
        assertThat(Priority.parse("info")).isEqualTo(Priority.INFORMATIONAL);
        assertThat(Priority.parse("Critical")).isEqualTo(Priority.CRITICAL);
        assertThat(Priority.WARNING.falcoName()).isEqualTo("Warning");
        assertThat(Priority.ERROR.isAtLeast(Priority.WARNING)).isTrue();
        assertThatThrownBy(() -> Priority.parse("severe")).hasMessageContaining("emergency");
    }

    @Test
    void alert_copiesAndSortsFields_andRestrictsValueTypes() {
        Alert a = new Alert(T, "r", Priority.NOTICE, "o", Map.of("b", Optional.of(1L), "a", Optional.empty()),
                List.of("t"), "syscall", "h");
        assertThat(a.outputFields().keySet()).containsExactly("a", "b");
        assertThatThrownBy(() -> new Alert(T, "r", Priority.NOTICE, "o", Map.of("x", Optional.of(1.5)), List.of(),
                "syscall", "h")).hasMessageContaining("String, Long or Boolean");
    }

    @Test
    void apiModule_declaresNoUses() throws Exception {
        try (var in = RuntimeEventTest.class.getResourceAsStream("/module-info.class")) {
            assertThat(java.lang.module.ModuleDescriptor.read(in).uses()).isEmpty();
        }
        assertThat(Duration.ZERO).isNotNull();
    }
}
