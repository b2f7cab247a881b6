package dev.containersec.runtime.internal.source.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.EventBatch;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.RuntimeEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream around a stand-in for bpftrace: a shell script printing bpftrace's JSON lines (an exec line
 * ahead of the argv lines of its execve, as seen under load), then staying silent or exiting.
 */
class BpftraceStreamTest {

    @TempDir
    Path dir;

    private static final String JSPAWNHELPER = "/usr/lib/jvm/java-17-openjdk-amd64/lib/jspawnhelper";

    private static String printf(String text) {
        return "{\"type\": \"printf\", \"data\": \"" + text.replace("\\", "\\\\").replace("\t", "\\t") + "\\n\"}";
    }

    private static String exec(long nsecs, String comm, String file) {
        return printf("exec\t" + nsecs + "\t42\t42\t10\t0\t0\t0\t0\t77\t" + comm + "\\x00\t42\t" + file);
    }

    private Path fakeBpftrace(String tail) throws Exception {
        return fakeBpftrace("echo " + BpftraceStream.PROBES_LIVE_LINE + " >&2", tail);
    }

    private Path fakeBpftrace(String live, String tail) throws Exception {
        List<String> out = new ArrayList<>();
        out.add("{\"type\": \"attached_probes\", \"data\": {\"probes\": 2}}");
        out.add(exec(2000, "jspawnhelper", JSPAWNHELPER));
        out.add(printf("execve\t1000\t42\t" + JSPAWNHELPER));
        out.add(printf("argv\t1000\t42\t0\t" + JSPAWNHELPER));
        out.add(printf("argv\t1000\t42\t1\t17.0.15+6"));
        out.add(exec(5000, "cat", "/usr/bin/cat"));
        out.add(printf("execve\t4000\t42\t/usr/bin/cat"));
        out.add(printf("argv\t4000\t42\t0\tcat"));
        out.add(printf("argv\t4000\t42\t1\t/etc/shadow"));
        out.add(printf("no timestamp"));
        Path script = dir.resolve("bpftrace");
        Files.writeString(script, "#!/bin/sh\necho '" + out.get(0) + "'\n" + live + "\ncat <<'EOF'\n"
                + String.join("\n", out.subList(1, out.size())) + "\nEOF\n" + tail + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private BpftraceStream start(Path script) {
        return BpftraceStream.start(script, ProbeProgram.assemble(List.of(), dir), 64, Duration.ofSeconds(20),
                Duration.ofSeconds(2), dir.resolve("proc"));
    }

    private static List<RuntimeEvent> read(BpftraceStream stream, int wanted, List<EventBatch> others) {
        List<RuntimeEvent> events = new ArrayList<>();
        for (int i = 0; i < 100 && events.size() < wanted; i++) {
            EventBatch batch = stream.nextBatch(Duration.ofMillis(200));
            if (batch instanceof EventBatch.Events e) {
                events.addAll(e.events());
            } else if (!(batch instanceof EventBatch.Timeout)) {
                others.add(batch);
                break;
            }
        }
        return events;
    }

    @Test
    void heldLines_areDeliveredInKernelOrder_whileBpftraceStaysSilent() throws Exception {
        try (BpftraceStream stream = start(fakeBpftrace("exec sleep 60"))) {
            List<EventBatch> others = new ArrayList<>();
            List<RuntimeEvent> events = read(stream, 2, others);
            assertThat(others).isEmpty();
            assertThat(events).hasSize(2).allMatch(ProcessExecEvent.class::isInstance);
            assertThat(events).extracting(e -> e.process().args()).containsExactly(
                    List.of(JSPAWNHELPER, "17.0.15+6"), List.of("cat", "/etc/shadow"));
            assertThat(stream.malformedInputs()).isEqualTo(1);
            assertThat(stream.lateLines()).isZero();
        }
    }

    @Test
    void start_waitsUntilBpftraceSaysItsProbesAreLive() throws Exception {
        Path live = dir.resolve("live");
        Path script = fakeBpftrace("test \"$" + BpftraceStream.NOTIFY_ENV + "\" = 1 || exit 9; sleep 0.3; touch " + live
                + "; echo " + BpftraceStream.PROBES_LIVE_LINE + " >&2", "exec sleep 60");
        try (BpftraceStream stream = start(script)) {
            assertThat(live).exists();
            assertThat(stream.attachedProbes()).isEqualTo(2);
        }
    }

    @Test
    void aBpftraceThatNeverSaysItsProbesAreLive_isUsedAfterTheFallback() throws Exception {
        try (BpftraceStream stream = start(fakeBpftrace("", "exec sleep 60"))) {
            assertThat(read(stream, 2, new ArrayList<>())).hasSize(2);
        }
    }

    @Test
    void atTheEndOfOutput_heldLinesAreDelivered_beforeTheFailure() throws Exception {
        try (BpftraceStream stream = start(fakeBpftrace("exit 3"))) {
            List<EventBatch> others = new ArrayList<>();
            List<RuntimeEvent> events = read(stream, 3, others);
            assertThat(events).extracting(e -> e.process().args()).containsExactly(
                    List.of(JSPAWNHELPER, "17.0.15+6"), List.of("cat", "/etc/shadow"));
            assertThat(others).singleElement().isInstanceOf(EventBatch.Failure.class);
        }
    }
}
