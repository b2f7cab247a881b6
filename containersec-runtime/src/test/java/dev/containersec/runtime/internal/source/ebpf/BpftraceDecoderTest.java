package dev.containersec.runtime.internal.source.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.CapabilityChangeEvent;
import dev.containersec.api.CredentialChangeEvent;
import dev.containersec.api.CredentialSyscall;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.NetworkListenEvent;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.ProcessExitEvent;
import dev.containersec.api.PtraceEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.runtime.internal.source.ContainerIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpftraceDecoderTest {

    @TempDir
    Path proc;

    private static final String COMM_SH = "sh\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00";

    private static String header(int pid, String comm) {
        return "5000000000\t" + pid + "\t" + pid + "\t10\t0\t0\t0\t2199006478335\t77\t" + comm;
    }

    private List<RuntimeEvent> decode(String... lines) {
        BpftraceDecoder d = new BpftraceDecoder(1_000_000_000_000_000_000L, new ContainerIds(proc, 16), proc, 1);
        List<RuntimeEvent> out = new ArrayList<>();
        for (String line : lines) {
            d.decode(line, out::add);
        }
        return out;
    }

    @Test
    void execLine_joinsItsArgvLines_andCarriesTheContext() throws Exception {
        Files.createDirectories(proc.resolve("42"));
        Files.writeString(proc.resolve("42/cgroup"), "0::/system.slice/docker-"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope\n");
        List<RuntimeEvent> events = decode("execve\t4000\t42\t/usr/bin/sh", "argv\t4000\t42\t0\tsh",
                "argv\t4000\t42\t1\t-c", "argv\t4000\t42\t2\ttrue\twith tab",
                "exec\t" + header(42, COMM_SH) + "\t42\t/usr/bin/sh");
        assertThat(events).hasSize(1);
        ProcessExecEvent exec = (ProcessExecEvent) events.get(0);
        assertThat(exec.process().args()).containsExactly("sh", "-c", "true\twith tab");
        assertThat(exec.process().comm()).isEqualTo("sh");
        assertThat(exec.process().exe()).isEqualTo("/usr/bin/sh");
        assertThat(exec.process().ppid()).isEqualTo(10);
        assertThat(exec.process().containerId()).isEqualTo("0123456789ab");
        assertThat(exec.process().cgroup()).startsWith("/system.slice/docker-");
        assertThat(exec.process().capEffective()).isEqualTo(2199006478335L);
        assertThat(exec.timestamp().getEpochSecond()).isEqualTo(1_000_000_005L);
    }

    @Test
    void exitStatus_isDecoded_asCodeOrSignal() {
        List<RuntimeEvent> events = decode("exit\t" + header(5, COMM_SH) + "\t768",
                "exit\t" + header(6, COMM_SH) + "\t9");
        assertThat(events).extracting(e -> ((ProcessExitEvent) e).exitCode()).containsExactly(3, 137);
    }

    @Test
    void openLine_withAbsolutePath_isAFileOpenEvent_andTheLastFieldMayHoldTabs() {
        List<RuntimeEvent> events = decode("open\t" + header(7, "cat") + "\t-100\t577\t420\t/tmp/a\tb");
        FileOpenEvent open = (FileOpenEvent) events.get(0);
        assertThat(open.path()).isEqualTo("/tmp/a\tb");
        assertThat(open.flagNames()).containsExactly("O_WRONLY", "O_CREAT", "O_TRUNC");
        assertThat(open.mode()).isEqualTo(0644);
    }

    @Test
    void privilegedCalls_waitForTheirRetLine() {
        List<RuntimeEvent> events = decode(
                "cred\t" + header(8, "setpriv") + "\tsetresuid\t65534\t-1\t-1",
                "ret\t5000000001\t8\t0",
                "capset\t" + header(8, "setpriv") + "\t1\t3\t0",
                "ret\t5000000001\t8\t-1",
                "ptrace\t" + header(9, "gdb") + "\t16\t8",
                "ret\t5000000001\t9\t0");
        assertThat(events).hasSize(2);
        CredentialChangeEvent cred = (CredentialChangeEvent) events.get(0);
        assertThat(cred.syscall()).isEqualTo(CredentialSyscall.SETRESUID);
        assertThat(cred.real()).isEqualTo(65534);
        assertThat(cred.effective()).isEqualTo(CredentialChangeEvent.UNCHANGED);
        assertThat(cred.success()).isTrue();
        assertThat(((PtraceEvent) events.get(1)).request()).isEqualTo("PTRACE_ATTACH");
        List<RuntimeEvent> caps = decode("capset\t" + header(8, "setpriv") + "\t1\t3\t0", "ret\t5000000001\t8\t0");
        assertThat(((CapabilityChangeEvent) caps.get(0)).permitted()).isEqualTo(3);
    }

    @Test
    void networkLines_becomeConnectAndListenEvents() {
        List<RuntimeEvent> events = decode("connect\t" + header(11, "curl") + "\t2\t443\t10.0.0.1",
                "listen\t" + header(11, "nc") + "\t10\t8080\t::1");
        assertThat(((NetworkConnectEvent) events.get(0)).remote().toString()).isEqualTo("10.0.0.1:443");
        assertThat(((NetworkListenEvent) events.get(1)).local().address().isLoopbackAddress()).isTrue();
        assertThat(((NetworkListenEvent) events.get(1)).local().port()).isEqualTo(8080);
    }

    @Test
    void malformedOrHostileLines_areCounted_notFatal() {
        BpftraceDecoder d = new BpftraceDecoder(0, new ContainerIds(proc, 16), proc, 1);
        List<RuntimeEvent> out = new ArrayList<>();
        for (String line : List.of("", "bogus", "exec\t1", "open\t" + header(7, "x") + "\tNaN\t0\t0\t/a",
                "connect\t" + header(7, "x") + "\t2\t80\tevil.example.com", "ret\t1\tx\t1", "ret\t8\t0",
                "argv\tNaN\t42\t0\tsh", "execve\t-1\t42\t/bin/sh")) {
            d.decode(line, out::add);
        }
        assertThat(out).isEmpty();
        assertThat(d.malformedLines()).isEqualTo(9);
    }

    @Test
    void eventsOfTheIgnoredPid_areDropped() {
        assertThat(decode("exit\t" + header(1, COMM_SH) + "\t0")).isEmpty();
    }

    @Test
    void comm_decodesEscapes_upToTheFirstNul() {
        assertThat(BpftraceDecoder.comm("a\\x09b\\x00\\x00")).isEqualTo("a\tb");
        assertThat(BpftraceDecoder.comm("plain")).isEqualTo("plain");
    }

    @Test
    void everyBundledProbeGroup_declaresItsTracepoints() {
        for (String group : ProbeProgram.GROUPS) {
            assertThat(ProbeProgram.requirements(ProbeProgram.resource(group))).as(group).isNotEmpty();
        }
    }
}
