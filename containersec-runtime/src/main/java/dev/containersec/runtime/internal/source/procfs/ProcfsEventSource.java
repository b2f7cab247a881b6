package dev.containersec.runtime.internal.source.procfs;

import dev.containersec.api.EventStream;
import dev.containersec.runtime.internal.source.ParameterizedEventSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code procfs} event source: unprivileged polling of {@code /proc}. Processes that appear between
 * two scans are reported as exec events (with pid, ppid, comm, exe, arguments, ids, capabilities and
 * container), processes that disappear as exit events (exit code {@code 0}: {@code /proc} does not keep
 * it), and new entries of {@code /proc/net/{tcp,tcp6,udp,udp6}} as listen, accept or connect events
 * (a connection whose local port is listened on is an accept). What exists at open is the baseline and
 * not reported. Short-lived processes and connections between two scans are missed: this source is for
 * machines where the ebpf source cannot run. Stateless and thread-safe; streams poll on the caller's
 * thread inside {@code nextBatch}.
 */
public final class ProcfsEventSource extends ParameterizedEventSource {

    /** Creates the provider; does no I/O. */
    public ProcfsEventSource() {
        super("procfs", "unprivileged polling of /proc (processes and sockets; misses what lives between scans)",
                Map.of("interval", "milliseconds between scans, 10..60000 (default 500)",
                        "proc", "the proc file system's root (default /proc)"));
    }

    @Override
    protected EventStream openChecked(Map<String, String> parameters) {
        int interval = intParameter(parameters, "interval", 500, 10, 60_000);
        Path proc = Path.of(parameters.getOrDefault("proc", "/proc"));
        return new ProcfsStream(proc, Duration.ofMillis(interval));
    }
}
