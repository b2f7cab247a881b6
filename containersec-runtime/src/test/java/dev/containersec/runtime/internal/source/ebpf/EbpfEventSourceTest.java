package dev.containersec.runtime.internal.source.ebpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.InvalidInputException;
import dev.containersec.runtime.SourceUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EbpfEventSourceTest {

    @Test
    void parameters_areValidatedBeforeAnyPrivilegeCheck() {
        EbpfEventSource source = new EbpfEventSource();
        assertThat(source.id()).isEqualTo("ebpf");
        assertThatThrownBy(() -> source.open(Map.of("prob", "exec"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown parameter 'prob'");
        assertThatThrownBy(() -> source.open(Map.of("probes", "exec,fork"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown probe group 'fork'");
        assertThatThrownBy(() -> source.open(Map.of("queue", "0"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1..1048576");
    }

    @Test
    void notRoot_isNamedAsTheMissingRequirement(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("self/status"), "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\n");
        assertThatThrownBy(() -> Preflight.requireRoot(proc)).isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("not root (effective uid 1000)")
                .satisfies(e -> assertThat(((SourceUnavailableException) e).requirement())
                        .isEqualTo(SourceUnavailableException.Requirement.ROOT));
    }

    @Test
    void missingBpftrace_isNamedAsTheMissingRequirement(@TempDir Path dir) {
        assertThatThrownBy(() -> Preflight.findBpftrace(Optional.of(dir.resolve("bpftrace").toString())))
                .isInstanceOf(SourceUnavailableException.class).hasMessageContaining("no bpftrace binary")
                .satisfies(e -> assertThat(((SourceUnavailableException) e).requirement())
                        .isEqualTo(SourceUnavailableException.Requirement.TOOL));
    }

    @Test
    void groupsWhoseTracepointsAreMissing_areLeftOut(@TempDir Path events) throws Exception {
        for (String tp : List.of("sched/sched_process_exit", "syscalls/sys_enter_ptrace", "syscalls/sys_exit_ptrace")) {
            Files.createDirectories(events.resolve(tp));
        }
        ProbeProgram program = ProbeProgram.assemble(ProbeProgram.GROUPS, events);
        assertThat(program.included()).containsExactly("exit", "ptrace");
        assertThat(program.skipped()).contains("exec", "init_module", "finit_module");
        assertThat(program.text()).contains("tracepoint:sched:sched_process_exit").doesNotContain("${H");
    }
}
