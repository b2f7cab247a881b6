package dev.containersec.runtime.internal.source.ebpf;

import dev.containersec.runtime.SourceUnavailableException;
import dev.containersec.runtime.SourceUnavailableException.Requirement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Checks what the ebpf source needs before starting bpftrace, failing with the missing requirement. */
final class Preflight {

    static final String SOURCE = "ebpf";
    private static final List<Path> TRACEFS = List.of(Path.of("/sys/kernel/tracing"),
            Path.of("/sys/kernel/debug/tracing"));

    private Preflight() {
    }

    /** Fails unless the effective uid (from {@code /proc/self/status}) is 0. */
    static void requireRoot(Path proc) {
        long euid = effectiveUid(proc);
        if (euid != 0) {
            throw new SourceUnavailableException(SOURCE, Requirement.ROOT, "not root (effective uid " + euid
                    + "): loading BPF programs needs root; run as root or use the procfs source");
        }
    }

    static long effectiveUid(Path proc) {
        try {
            for (String line : Files.readAllLines(proc.resolve("self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: unknown counts as not root
        }
        return -1;
    }

    /** Finds the bpftrace executable: the given path, or {@code bpftrace} on {@code PATH}. */
    static Path findBpftrace(Optional<String> configured) {
        if (configured.isPresent()) {
            Path p = Path.of(configured.get());
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
            throw new SourceUnavailableException(SOURCE, Requirement.TOOL, "no bpftrace binary at " + p
                    + " (parameter bpftrace)");
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, "bpftrace");
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new SourceUnavailableException(SOURCE, Requirement.TOOL,
                "no bpftrace binary on PATH; install it (Debian/Ubuntu: apt-get install bpftrace)");
    }

    /**
     * Returns tracefs' {@code events} directory, mounting tracefs at {@code /sys/kernel/tracing} when
     * neither location has it (the caller is root by then).
     */
    static Path tracefsEvents() {
        Optional<Path> found = mounted();
        if (found.isPresent()) {
            return found.get();
        }
        String detail;
        try {
            Process mount = new ProcessBuilder("mount", "-t", "tracefs", "nodev", "/sys/kernel/tracing")
                    .redirectErrorStream(true).start();
            mount.getOutputStream().close();
            byte[] out = mount.getInputStream().readNBytes(4096);
            if (!mount.waitFor(10, TimeUnit.SECONDS)) {
                mount.destroyForcibly();
                detail = "mount timed out";
            } else {
                detail = mount.exitValue() == 0 ? "" : new String(out, StandardCharsets.UTF_8).trim();
            }
        } catch (IOException e) {
            detail = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            detail = "interrupted";
        }
        String why = detailOrEmpty(detail);
        return mounted().orElseThrow(() -> new SourceUnavailableException(SOURCE, Requirement.TRACEFS,
                "no tracefs at /sys/kernel/tracing or /sys/kernel/debug/tracing, and mounting it failed"
                        + why + "; mount it with: mount -t tracefs nodev /sys/kernel/tracing"));
    }

    private static String detailOrEmpty(String detail) {
        return detail == null || detail.isEmpty() ? "" : " (" + detail + ")";
    }

    private static Optional<Path> mounted() {
        for (Path root : TRACEFS) {
            Path events = root.resolve("events");
            if (Files.isDirectory(events)) {
                return Optional.of(events);
            }
        }
        return Optional.empty();
    }
}
