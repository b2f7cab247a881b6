package dev.containersec.runtime.internal.source;

import dev.containersec.api.ProcessContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a process's cgroup and container id from {@code /proc/PID/cgroup}, as Falco does: the first
 * 64-hex-digit id in the cgroup path (Docker {@code /docker/<id>}, systemd {@code docker-<id>.scope},
 * containerd {@code cri-containerd-<id>.scope}, CRI-O {@code crio-<id>.scope}, kubepods paths), cut
 * to 12 characters; {@link ProcessContext#HOST} otherwise. Results are cached per kernel cgroup id in a
 * bounded LRU map. Confined to one thread.
 */
public final class ContainerIds {

    private static final Pattern ID = Pattern.compile("(?<![0-9a-f])([0-9a-f]{64})(?![0-9a-f])");
    private static final int MAX_CGROUP_FILE = 16 * 1024;

    /** A process's cgroup path and container id. */
    public record Info(String cgroup, String containerId) {
        /** Outside any container, cgroup unknown. */
        public static final Info UNKNOWN = new Info("", ProcessContext.HOST);
    }

    private final Path proc;
    private final Map<Long, Info> byCgroupId;

    /**
     * @param proc the proc file system root, normally {@code /proc}
     * @param capacity how many cgroup ids to remember
     */
    public ContainerIds(Path proc, int capacity) {
        this.proc = proc;
        this.byCgroupId = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Info> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Resolves a process's container. A cgroup id of {@code 0} means the source does not know it; the
     * result is then not cached.
     */
    public Info resolve(int pid, long cgroupId) {
        if (cgroupId != 0) {
            Info cached = byCgroupId.get(cgroupId);
            if (cached != null) {
                return cached;
            }
        }
        Optional<Info> read = read(pid);
        if (read.isPresent() && cgroupId != 0) {
            byCgroupId.put(cgroupId, read.get());
        }
        return read.orElse(Info.UNKNOWN);
    }

    /** Reads {@code /proc/PID/cgroup}; empty when the process is gone or the file unreadable. */
    public Optional<Info> read(int pid) {
        try (InputStream in = Files.newInputStream(proc.resolve(Integer.toString(pid)).resolve("cgroup"))) {
            return Optional.of(parse(new String(in.readNBytes(MAX_CGROUP_FILE), StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Parses the text of a {@code /proc/PID/cgroup} file. */
    public static Info parse(String text) {
        String unified = null;
        String cpu = null;
        String container = null;
        for (String line : text.split("\n")) {
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                continue;
            }
            String controllers = line.substring(first + 1, second);
            String path = line.substring(second + 1);
            if (controllers.isEmpty() && line.startsWith("0:")) {
                unified = path;
            } else if (cpu == null && (controllers.equals("cpu") || controllers.startsWith("cpu,")
                    || controllers.contains(",cpu,") || controllers.endsWith(",cpu"))) {
                cpu = path;
            }
            if (container == null) {
                Matcher m = ID.matcher(path);
                if (m.find()) {
                    container = m.group(1).substring(0, 12);
                }
            }
        }
        String cgroup = unified != null && !unified.equals("/") ? unified : cpu != null ? cpu
                : unified != null ? unified : "";
        return new Info(cgroup, container == null ? ProcessContext.HOST : container);
    }
}
