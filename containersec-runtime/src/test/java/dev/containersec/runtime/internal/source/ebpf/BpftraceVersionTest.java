package dev.containersec.runtime.internal.source.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BpftraceVersionTest {

    private static BpftraceVersion v(String text) {
        return BpftraceVersion.parse(text).orElseThrow();
    }

    @Test
    void versionOutput_isParsed_inTheFormsBpftracePrints() {
        assertThat(v("bpftrace v0.17.0\n")).isEqualTo(new BpftraceVersion(0, 17, 0));
        assertThat(v("bpftrace v0.20.1-dirty")).isEqualTo(new BpftraceVersion(0, 20, 1));
        assertThat(v("bpftrace v0.21.0-48-gabcdef")).isEqualTo(new BpftraceVersion(0, 21, 0));
        assertThat(v("bpftrace 0.18")).isEqualTo(new BpftraceVersion(0, 18, 0));
        assertThat(BpftraceVersion.parse("bpftrace: command not found")).isEmpty();
        assertThat(BpftraceVersion.parse("")).isEmpty();
        assertThat(BpftraceVersion.parse("x".repeat(5000) + " v0.20.0")).isEmpty();
    }

    @Test
    void dotArgs_from018On_except0190_whoseTracepointsRejectedThem() {
        assertThat(v("bpftrace v0.17.0").takesDotArgs()).isFalse();
        assertThat(v("bpftrace v0.17.9").takesDotArgs()).isFalse();
        assertThat(v("bpftrace v0.18.0").takesDotArgs()).isTrue();
        assertThat(v("bpftrace v0.19.0").takesDotArgs()).isFalse();
        assertThat(v("bpftrace v0.19.1").takesDotArgs()).isTrue();
        assertThat(v("bpftrace v0.23.2").takesDotArgs()).isTrue();
        assertThat(v("bpftrace v1.0.0").takesDotArgs()).isTrue();
    }

    @Test
    void dialect_rewritesOnlyTracepointArgs_notOtherPointers() {
        String probe = "tracepoint:syscalls:sys_enter_setuid { printf(\"%d %d\\n\", (int32)args->uid, "
                + "curtask->cred->euid.val); @x[myargs->y] = 1; }";
        assertThat(v("bpftrace v0.20.0").dialect(probe)).contains("(int32)args.uid").contains("curtask->cred->euid.val")
                .contains("myargs->y").doesNotContain("args->uid");
        assertThat(v("bpftrace v0.17.0").dialect(probe)).isEqualTo(probe);
    }

    @Test
    void everyBundledProbe_hasNoArrowArgsLeft_inTheNewDialect() {
        for (String group : ProbeProgram.GROUPS) {
            String text = ProbeProgram.resource(group);
            assertThat(v("bpftrace v0.21.0").dialect(text)).as(group).doesNotContain("args->");
        }
    }

    @Test
    void installedBpftrace_answersItsVersion() {
        Optional<Path> bpftrace = Optional.of(Path.of("/usr/bin/bpftrace")).filter(p -> p.toFile().canExecute());
        bpftrace.ifPresent(p -> assertThat(BpftraceVersion.of(p)).isPresent());
    }
}
