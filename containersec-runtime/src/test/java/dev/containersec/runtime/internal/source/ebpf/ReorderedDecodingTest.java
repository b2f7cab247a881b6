package dev.containersec.runtime.internal.source.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.CredentialChangeEvent;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.runtime.internal.source.ContainerIds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure seen under load: bpftrace printed an {@code exec} line before the {@code argv} lines of the
 * same execve (the task changed CPU inside execve), and the exec of {@code cat} took the arguments of the
 * jspawnhelper exec before it. Lines here are in the order bpftrace printed them, not the kernel's.
 */
class ReorderedDecodingTest {

    private static final long MS = 1_000_000L;
    private static final String JSPAWNHELPER = "/usr/lib/jvm/java-17-openjdk-amd64/lib/jspawnhelper";

    @TempDir
    Path proc;

    private static String header(long nsecs, int pid, String comm) {
        return nsecs + "\t" + pid + "\t" + pid + "\t10\t0\t0\t0\t0\t77\t" + comm + "\\x00";
    }

    private static List<String> execveGroup(long nsecs, int tid, String file, String... argv) {
        List<String> lines = new ArrayList<>();
        lines.add("execve\t" + nsecs + "\t" + tid + "\t" + file);
        for (int i = 0; i < argv.length; i++) {
            lines.add("argv\t" + nsecs + "\t" + tid + "\t" + i + "\t" + argv[i]);
        }
        return lines;
    }

    private static String exec(long nsecs, int pid, String comm, String file) {
        return "exec\t" + header(nsecs, pid, comm) + "\t" + pid + "\t" + file;
    }

    /** jspawnhelper's exec, a failed attempt on the PATH, then cat's: both exec lines ahead of their argv. */
    private static List<String> jspawnhelperThenCat_asPrinted() {
        List<String> lines = new ArrayList<>();
        lines.add(exec(2000, 42, "jspawnhelper", JSPAWNHELPER));
        lines.addAll(execveGroup(1000, 42, JSPAWNHELPER, JSPAWNHELPER, "17.0.15+6-Debian-1deb12u1", "42:44:46"));
        lines.add(exec(5000, 42, "cat", "/usr/bin/cat"));
        lines.addAll(execveGroup(3000, 42, "/usr/local/bin/cat", "cat", "/etc/shadow"));
        lines.addAll(execveGroup(4000, 42, "/usr/bin/cat", "cat", "/etc/shadow"));
        return lines;
    }

    private BpftraceDecoder decoder() {
        return new BpftraceDecoder(0, new ContainerIds(proc, 16), proc, -1);
    }

    private List<RuntimeEvent> decodeAsPrinted(List<String> lines) {
        BpftraceDecoder d = decoder();
        List<RuntimeEvent> out = new ArrayList<>();
        lines.forEach(l -> d.decode(l, out::add));
        return out;
    }

    /** Through the reorderer, each line arriving one millisecond after the previous one. */
    private List<RuntimeEvent> decodeReordered(List<String> lines) {
        BpftraceDecoder d = decoder();
        LineReorderer r = new LineReorderer(50 * MS, 1024, 1 << 20);
        List<RuntimeEvent> out = new ArrayList<>();
        long now = 0;
        for (String line : lines) {
            now += MS;
            for (String due; (due = r.pollDue(now)) != null; ) {
                d.decode(due, out::add);
            }
            r.add(line, now);
        }
        for (String due; (due = r.pollDue(now + 50 * MS)) != null; ) {
            d.decode(due, out::add);
        }
        return out;
    }

    private static List<List<String>> execArgs(List<RuntimeEvent> events) {
        return events.stream().filter(ProcessExecEvent.class::isInstance).map(e -> e.process().args()).toList();
    }

    @Test
    void withoutReordering_anExecNeverTakesTheArgvOfAnotherFile() {
        List<RuntimeEvent> events = decodeAsPrinted(jspawnhelperThenCat_asPrinted());
        // the lines came too late to join: each exec falls back to its comm, never to jspawnhelper's argv
        assertThat(execArgs(events)).containsExactly(List.of("jspawnhelper"), List.of("cat"));
        assertThat(events.get(1).process().exe()).isEqualTo("/usr/bin/cat");
    }

    @Test
    void withReordering_bothExecsCarryTheirOwnArgv() {
        List<RuntimeEvent> events = decodeReordered(jspawnhelperThenCat_asPrinted());
        assertThat(execArgs(events)).containsExactly(
                List.of(JSPAWNHELPER, "17.0.15+6-Debian-1deb12u1", "42:44:46"), List.of("cat", "/etc/shadow"));
        assertThat(events).extracting(e -> e.process().exe()).containsExactly(JSPAWNHELPER, "/usr/bin/cat");
    }

    @Test
    void staleArgvOfTheSameThread_isNotTaken_whenTheExecNamesAnotherFile() {
        List<String> lines = new ArrayList<>(execveGroup(1000, 42, JSPAWNHELPER, JSPAWNHELPER, "x", "1:2:3"));
        lines.add(exec(5000, 42, "cat", "/usr/bin/cat"));
        assertThat(execArgs(decodeAsPrinted(lines))).containsExactly(List.of("cat"));
    }

    @Test
    void execFromAThread_joinsTheArgvOfItsOldPid() {
        List<String> lines = new ArrayList<>(execveGroup(1000, 43, "/bin/sh", "sh", "-c", "true"));
        lines.add("exec\t" + header(2000, 42, "sh") + "\t43\t/bin/sh");
        assertThat(execArgs(decodeAsPrinted(lines))).containsExactly(List.of("sh", "-c", "true"));
    }

    @Test
    void retBeforeItsEntryLine_isPutBack_andCompletesTheCall() {
        List<String> lines = List.of("ret\t2000\t8\t0",
                "cred\t" + header(1000, 8, "setpriv") + "\tsetresuid\t65534\t65534\t65534");
        assertThat(decodeAsPrinted(lines)).isEmpty();
        List<RuntimeEvent> events = decodeReordered(lines);
        assertThat(events).hasSize(1);
        CredentialChangeEvent cred = (CredentialChangeEvent) events.get(0);
        assertThat(cred.success()).isTrue();
        assertThat(cred.effective()).isEqualTo(65534);
    }
}
