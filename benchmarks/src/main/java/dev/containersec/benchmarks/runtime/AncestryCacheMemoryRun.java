package dev.containersec.benchmarks.runtime;

import dev.containersec.api.ProcessAncestor;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.runtime.ProcessAncestryCache;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.List;

/**
 * Memory per tracked process in {@link ProcessAncestryCache}: fills a cache with N processes (each exec
 * with its own command-name and executable strings, as decoded events bring them: the worst case, no
 * sharing) and prints the heap retained per process, measured with {@link MemoryMXBean} after
 * {@code System.gc()} before and after filling, with the events themselves dropped. Not JMH: a retained
 * size, not a speed.
 *
 * <p>Run: {@code java -Xmx1g -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar
 * dev.containersec.benchmarks.runtime.AncestryCacheMemoryRun [processes]}
 */
public final class AncestryCacheMemoryRun {
    private AncestryCacheMemoryRun() {
    }

    /**
     * Measures.
     *
     * @param args optional process count (default 100,000)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        long before = settledHeap(memory);
        ProcessAncestryCache cache = ProcessAncestryCache.withCapacity(n);
        for (int pid = 2; pid < n + 2; pid++) {
            // new String(...) so that no two processes share their strings
            String comm = new String("worker-" + (pid % 1000));
            String exe = new String("/usr/local/bin/worker-" + (pid % 1000));
            ProcessContext p = ProcessContext.builder().pid(pid).ppid(pid / 2).comm(comm).exe(exe)
                    .ancestry(List.of(new ProcessAncestor(pid / 2, "parent", "/usr/bin/parent"))).build();
            cache.observe(new ProcessExecEvent(t, p));
        }
        long after = settledHeap(memory);
        System.out.printf("processes=%d size=%d evictions=%d retained=%d bytes => %.1f bytes per tracked process%n",
                n, cache.size(), cache.evictions(), after - before, (double) (after - before) / cache.size());
    }

    private static long settledHeap(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
