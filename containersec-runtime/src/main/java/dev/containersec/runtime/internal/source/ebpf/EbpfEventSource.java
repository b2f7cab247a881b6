package dev.containersec.runtime.internal.source.ebpf;

import dev.containersec.api.EventStream;
import dev.containersec.api.InvalidInputException;
import dev.containersec.runtime.SourceUnavailableException;
import dev.containersec.runtime.internal.source.ParameterizedEventSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ebpf} event source: real kernel events on Linux through bpftrace, run as a supervised
 * subprocess with JSON output and the bundled probe programs (exec, exit, openat, connect, accept,
 * listen, the setuid family, capset, ptrace, init_module/finit_module). Each event carries the process's
 * pid, ppid, comm, uids, effective capabilities and cgroup, with the container id read from
 * {@code /proc/PID/cgroup} when the process is still there.
 *
 * <p>Requirements, checked in this order by {@link #open(Map)}, each failure a
 * {@link SourceUnavailableException} naming it: root; a {@code bpftrace} binary; tracefs at
 * {@code /sys/kernel/tracing} or {@code /sys/kernel/debug/tracing} (mounted at the former when absent);
 * the kernel accepting the programs. Probe groups whose tracepoints the kernel lacks are left out
 * (e.g. {@code init_module} on kernels built without module support); {@code open} fails only when none
 * is left.
 *
 * <p>Stateless and thread-safe; each stream runs its own bpftrace.
 */
public final class EbpfEventSource extends ParameterizedEventSource {

    private static final Path PROC = Path.of("/proc");
    private static final Map<String, String> PARAMETERS;

    static {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("probes", "comma-separated probe groups to attach (default all): " + String.join(",", ProbeProgram.GROUPS));
        p.put("bpftrace", "path of the bpftrace executable (default: bpftrace on PATH)");
        p.put("queue", "events buffered between bpftrace and the reader, 1..1048576 (default 16384)");
        p.put("attach-timeout", "seconds to wait for the probes to attach, 1..300 (default 60)");
        PARAMETERS = Map.copyOf(p);
    }

    /** Creates the provider; does no I/O. */
    public EbpfEventSource() {
        super(Preflight.SOURCE, "Linux kernel events through bpftrace (needs root, bpftrace and tracefs)", PARAMETERS);
    }

    @Override
    protected EventStream openChecked(Map<String, String> parameters) {
        List<String> groups = groups(parameters.get("probes"));
        int queue = intParameter(parameters, "queue", 16_384, 1, 1 << 20);
        int attachSeconds = intParameter(parameters, "attach-timeout", 60, 1, 300);
        Preflight.requireRoot(PROC);
        Path bpftrace = Preflight.findBpftrace(Optional.ofNullable(parameters.get("bpftrace")));
        Path events = Preflight.tracefsEvents();
        ProbeProgram program = ProbeProgram.assemble(groups, events).forVersion(BpftraceVersion.of(bpftrace));
        if (program.included().isEmpty()) {
            throw new SourceUnavailableException(Preflight.SOURCE, SourceUnavailableException.Requirement.KERNEL_BPF,
                    "the kernel has none of the tracepoints of the probe groups " + groups + " under " + events);
        }
        return BpftraceStream.start(bpftrace, program, queue, Duration.ofSeconds(attachSeconds),
                Duration.ofSeconds(2), PROC);
    }

    private static List<String> groups(String text) {
        if (text == null || text.isBlank()) {
            return ProbeProgram.GROUPS;
        }
        List<String> groups = new ArrayList<>();
        for (String g : text.split(",")) {
            String group = g.trim();
            if (!ProbeProgram.GROUPS.contains(group)) {
                throw new InvalidInputException("ebpf source parameter probes", "unknown probe group '" + group
                        + "'; expected some of " + String.join(",", ProbeProgram.GROUPS));
            }
            if (!groups.contains(group)) {
                groups.add(group);
            }
        }
        return groups;
    }
}
