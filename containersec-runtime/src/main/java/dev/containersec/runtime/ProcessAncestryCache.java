package dev.containersec.runtime;

import dev.containersec.api.ProcessAncestor;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.ProcessExitEvent;
import dev.containersec.api.RuntimeEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded cache of the processes a pipeline has seen (pid to parent pid, command name and executable),
 * used to complete an event's ancestry when its source only knows the parent: the ebpf and procfs
 * sources give one ancestor, rules ask for {@code proc.aname[3]} or {@code proc.apid[2]}.
 *
 * <p>Every event records its process (an exec replaces what was recorded for the pid; other events add
 * it when absent) and its known parent; an exit removes the pid after its own event was completed. At
 * most {@code maxEntries} processes are kept: the least recently used is evicted and counted
 * ({@link #evictions()}). A chain is followed at most {@link #MAX_DEPTH} steps and stops at a pid seen
 * twice. Not thread-safe: the pipeline calls it from its evaluating thread only.
 */
public final class ProcessAncestryCache {

    /** The most ancestors an event is given. */
    public static final int MAX_DEPTH = 16;

    private final int maxEntries;
    private final LinkedHashMap<Integer, Node> nodes;
    private long evictions;

    private record Node(int ppid, String comm, String exe) {
    }

    private ProcessAncestryCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.nodes = new LinkedHashMap<>(Math.min(maxEntries, 1024) * 2, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Node> eldest) {
                if (size() > ProcessAncestryCache.this.maxEntries) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    /**
     * Creates a cache.
     *
     * @param maxEntries the most processes kept, 1..16,777,216 (a pid is at most 2^22 on Linux)
     * @return the cache
     * @throws IllegalArgumentException naming the value and the range
     */
    public static ProcessAncestryCache withCapacity(int maxEntries) {
        if (maxEntries < 1 || maxEntries > (1 << 24)) {
            throw new IllegalArgumentException("maxEntries must be in 1..16777216, was " + maxEntries);
        }
        return new ProcessAncestryCache(maxEntries);
    }

    /**
     * Records the event's process and returns its context with the ancestry completed from the cache
     * (unchanged when the cache knows nothing more); an exit then forgets the pid.
     *
     * @param event the event
     * @return the process context to evaluate the event with
     */
    public ProcessContext observe(RuntimeEvent event) {
        ProcessContext p = event.process();
        List<ProcessAncestor> known = p.ancestry();
        if (!known.isEmpty() && known.get(0).pid() == p.ppid() && p.ppid() > 0) {
            // get, then put only when absent: same access order as putIfAbsent, no Node when present
            Integer ppid = p.ppid();
            if (nodes.get(ppid) == null) {
                nodes.put(ppid, new Node(0, known.get(0).comm(), known.get(0).exe()));
            }
        }
        if (p.pid() > 0) {
            Integer pid = p.pid();
            if (event instanceof ProcessExecEvent) {
                Node n = nodes.get(pid);
                if (n == null || n.ppid() != p.ppid() || !n.comm().equals(p.comm()) || !n.exe().equals(p.exe())) {
                    nodes.put(pid, new Node(p.ppid(), p.comm(), p.exe()));
                }
            } else {
                Node n = nodes.get(pid);
                if (n == null) {
                    nodes.put(pid, new Node(p.ppid(), p.comm(), p.exe()));
                } else if (n.ppid() == 0 && p.ppid() > 0) {
                    nodes.put(pid, new Node(p.ppid(), n.comm(), n.exe()));
                }
            }
        }
        ProcessContext completed = complete(p);
        if (event instanceof ProcessExitEvent) {
            nodes.remove(p.pid());
        }
        return completed;
    }

    private ProcessContext complete(ProcessContext p) {
        List<ProcessAncestor> known = p.ancestry();
        if (known.size() >= MAX_DEPTH) {
            return p;
        }
        int next;
        if (known.isEmpty()) {
            next = p.ppid();
        } else {
            Node last = nodes.get(known.get(known.size() - 1).pid());
            next = last == null ? 0 : last.ppid();
        }
        if (next <= 0) {
            return p;
        }
        List<ProcessAncestor> chain = new ArrayList<>(known);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        seen.add(p.pid());
        for (ProcessAncestor a : known) {
            seen.add(a.pid());
        }
        while (next > 0 && chain.size() < MAX_DEPTH && seen.add(next)) {
            Node n = nodes.get(next);
            if (n == null) {
                break;
            }
            chain.add(new ProcessAncestor(next, n.comm(), n.exe()));
            next = n.ppid();
        }
        return chain.size() == known.size() ? p : p.toBuilder().ancestry(chain).build();
    }

    /**
     * Returns how many processes are kept now.
     *
     * @return the count, at most the capacity
     */
    public int size() {
        return nodes.size();
    }

    /**
     * Returns the capacity.
     *
     * @return the most processes kept
     */
    public int maxEntries() {
        return maxEntries;
    }

    /**
     * Returns how many processes were evicted to stay within the capacity (exits are not counted).
     *
     * @return the count
     */
    public long evictions() {
        return evictions;
    }
}
