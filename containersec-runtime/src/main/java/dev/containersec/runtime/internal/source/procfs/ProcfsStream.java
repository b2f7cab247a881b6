package dev.containersec.runtime.internal.source.procfs;

import dev.containersec.api.ContainerSecException;
import dev.containersec.api.EventBatch;
import dev.containersec.api.EventStream;
import dev.containersec.api.NetworkAcceptEvent;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.NetworkListenEvent;
import dev.containersec.api.NetworkProtocol;
import dev.containersec.api.ProcessAncestor;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.ProcessExitEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.api.SocketEndpoint;
import dev.containersec.runtime.internal.source.ContainerIds;
import dev.containersec.runtime.internal.source.CountingStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Polls {@code /proc}; see {@link ProcfsEventSource}. Confined to the reading thread (close from any). */
final class ProcfsStream implements EventStream, CountingStream {

    private static final int MAX_FILE = 64 * 1024;
    private static final int MAX_PROCESSES = 1 << 20;

    /** One row of /proc/net/*: the protocol, both ends, the kernel state and the socket inode. */
    record Socket(NetworkProtocol protocol, SocketEndpoint local, SocketEndpoint remote, int state, long inode) {
        String key() {
            return protocol + " " + local + " " + remote + " " + inode;
        }
    }

    private final Path proc;
    private final Duration interval;
    private final ContainerIds containers;
    private Map<Integer, ProcessContext> processes = new HashMap<>();
    private Map<String, Socket> sockets = new HashMap<>();
    private long nextScan;
    private long malformed;
    private volatile boolean closed;

    ProcfsStream(Path proc, Duration interval) {
        this.proc = proc;
        this.interval = interval;
        this.containers = new ContainerIds(proc, 4096);
        if (!Files.isDirectory(proc.resolve("self")) && !Files.isDirectory(proc.resolve("1"))) {
            throw new ContainerSecException("procfs source: " + proc + " is not a mounted proc file system");
        }
        scanProcesses(new ArrayList<>());
        scanSockets(new ArrayList<>());
        nextScan = System.nanoTime() + interval.toNanos();
    }

    @Override
    public EventBatch nextBatch(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed) {
            long now = System.nanoTime();
            if (now >= nextScan) {
                nextScan = now + interval.toNanos();
                List<RuntimeEvent> events = new ArrayList<>();
                scanProcesses(events);
                scanSockets(events);
                if (!events.isEmpty()) {
                    return EventBatch.events(events);
                }
            }
            long sleep = Math.min(nextScan, deadline) - System.nanoTime();
            if (System.nanoTime() >= deadline) {
                return EventBatch.timeout();
            }
            try {
                Thread.sleep(Math.max(1, sleep / 1_000_000), 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return EventBatch.timeout();
            }
        }
        return EventBatch.endOfStream();
    }

    private void scanProcesses(List<RuntimeEvent> out) {
        Map<Integer, ProcessContext> now = new HashMap<>();
        Instant time = Instant.now();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(proc)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0)) || now.size() >= MAX_PROCESSES) {
                    continue;
                }
                int pid;
                try {
                    pid = Integer.parseInt(name);
                } catch (NumberFormatException e) {
                    continue;
                }
                ProcessContext known = processes.get(pid);
                if (known != null) {
                    now.put(pid, known);
                    continue;
                }
                Optional<ProcessContext> ctx = context(pid, now);
                if (ctx.isPresent()) {
                    now.put(pid, ctx.get());
                    if (!processes.isEmpty()) {
                        out.add(new ProcessExecEvent(time, ctx.get()));
                    }
                }
            }
        } catch (IOException e) {
            malformed++;
            return;
        }
        for (Map.Entry<Integer, ProcessContext> gone : processes.entrySet()) {
            if (!now.containsKey(gone.getKey())) {
                out.add(new ProcessExitEvent(time, gone.getValue(), 0));
            }
        }
        processes = now;
    }

    /** Reads a process's context; empty when it vanished meanwhile. */
    Optional<ProcessContext> context(int pid, Map<Integer, ProcessContext> seen) {
        Path dir = proc.resolve(Integer.toString(pid));
        Optional<String> status = read(dir.resolve("status"));
        if (status.isEmpty()) {
            return Optional.empty();
        }
        String comm = "";
        int ppid = 0;
        long uid = 0;
        long euid = 0;
        long gid = 0;
        long caps = 0;
        try {
            for (String line : status.get().split("\n")) {
                if (line.startsWith("Name:")) {
                    comm = line.substring(5).trim();
                } else if (line.startsWith("PPid:")) {
                    ppid = Integer.parseInt(line.substring(5).trim());
                } else if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).trim().split("\\s+");
                    uid = Long.parseLong(ids[0]);
                    euid = Long.parseLong(ids[1]);
                } else if (line.startsWith("Gid:")) {
                    gid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                } else if (line.startsWith("CapEff:")) {
                    caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (RuntimeException e) {
            malformed++;
            return Optional.empty();
        }
        List<String> args = new ArrayList<>();
        read(dir.resolve("cmdline")).ifPresent(c -> {
            for (String a : c.split("\0")) {
                if (args.size() < 1024) {
                    args.add(a);
                }
            }
        });
        if (args.size() == 1 && args.get(0).isEmpty()) {
            args.clear();
        }
        String exe = link(dir.resolve("exe")).orElse("");
        ContainerIds.Info container = containers.read(pid).orElse(ContainerIds.Info.UNKNOWN);
        ProcessContext.Builder b = ProcessContext.builder().pid(pid).ppid(ppid).comm(comm).exe(exe).args(args)
                .uid(uid).gid(gid).euid(euid).capEffective(caps).cgroup(container.cgroup())
                .containerId(container.containerId()).cwd(link(dir.resolve("cwd")).orElse(null));
        ProcessContext parent = seen.getOrDefault(ppid, processes.get(ppid));
        if (parent != null) {
            b.ancestry(List.of(new ProcessAncestor(ppid, parent.comm(), parent.exe())));
        }
        try {
            return Optional.of(b.build());
        } catch (IllegalArgumentException e) {
            malformed++;
            return Optional.empty();
        }
    }

    private void scanSockets(List<RuntimeEvent> out) {
        Map<String, Socket> now = new HashMap<>();
        for (String file : List.of("tcp", "tcp6", "udp", "udp6")) {
            NetworkProtocol protocol = file.startsWith("tcp") ? NetworkProtocol.TCP : NetworkProtocol.UDP;
            read(proc.resolve("net").resolve(file)).ifPresent(text -> {
                for (Socket s : parseNet(text, protocol)) {
                    now.put(s.key(), s);
                }
            });
        }
        boolean baseline = sockets.isEmpty() && out.isEmpty() && processes.isEmpty();
        List<Socket> added = new ArrayList<>();
        for (Socket s : now.values()) {
            if (!sockets.containsKey(s.key())) {
                added.add(s);
            }
        }
        sockets = now;
        if (baseline || added.isEmpty()) {
            return;
        }
        Set<Integer> listening = new HashSet<>();
        for (Socket s : now.values()) {
            if (isListen(s)) {
                listening.add(s.local().port());
            }
        }
        Map<Long, Integer> owners = owners(added);
        Instant time = Instant.now();
        for (Socket s : added) {
            int pid = owners.getOrDefault(s.inode(), 0);
            ProcessContext p = processes.get(pid);
            if (p == null) {
                p = ProcessContext.builder().pid(pid).ppid(0).build();
            }
            if (isListen(s)) {
                out.add(new NetworkListenEvent(time, p, s.protocol(), s.local(), 0));
            } else if (s.state() == 1 || s.state() == 2) {
                out.add(listening.contains(s.local().port()) && s.protocol() == NetworkProtocol.TCP
                        ? new NetworkAcceptEvent(time, p, s.protocol(), s.local(), s.remote())
                        : new NetworkConnectEvent(time, p, s.protocol(), s.local(), s.remote()));
            }
        }
    }

    private static boolean isListen(Socket s) {
        return s.protocol() == NetworkProtocol.TCP ? s.state() == 0x0A : s.state() == 0x07 && s.remote().port() == 0;
    }

    /** Finds the processes owning socket inodes through {@code /proc/PID/fd} (only one's own, unprivileged). */
    private Map<Long, Integer> owners(List<Socket> added) {
        Set<Long> wanted = new HashSet<>();
        added.forEach(s -> wanted.add(s.inode()));
        wanted.remove(0L);
        Map<Long, Integer> owners = new HashMap<>();
        for (int pid : processes.keySet()) {
            if (owners.size() == wanted.size()) {
                break;
            }
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve(pid + "/fd"))) {
                for (Path fd : fds) {
                    Optional<String> target = link(fd);
                    if (target.isPresent() && target.get().startsWith("socket:[")) {
                        try {
                            long inode = Long.parseLong(target.get().substring(8, target.get().length() - 1));
                            if (wanted.contains(inode)) {
                                owners.putIfAbsent(inode, pid);
                            }
                        } catch (RuntimeException e) {
                            // not a socket link after all
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // gone, or not ours to read
            }
        }
        return owners;
    }

    /** Parses a {@code /proc/net/{tcp,tcp6,udp,udp6}} table; malformed rows are skipped. */
    static List<Socket> parseNet(String text, NetworkProtocol protocol) {
        List<Socket> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            try {
                out.add(new Socket(protocol, endpoint(f[1]), endpoint(f[2]), Integer.parseInt(f[3], 16),
                        Long.parseLong(f[9])));
            } catch (RuntimeException e) {
                // skip the row
            }
        }
        return out;
    }

    /** Decodes {@code 0100007F:1F90}: the address in the kernel's byte order per 32-bit word, port in hex. */
    static SocketEndpoint endpoint(String text) {
        int colon = text.indexOf(':');
        String hex = text.substring(0, colon);
        int port = Integer.parseInt(text.substring(colon + 1), 16);
        if (hex.length() != 8 && hex.length() != 32) {
            throw new IllegalArgumentException("address of " + hex.length() + " hex digits");
        }
        byte[] addr = new byte[hex.length() / 2];
        for (int word = 0; word < addr.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                // each 32-bit word is printed as a host-order (little-endian) integer
                int at = word * 8 + (3 - b) * 2;
                addr[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return new SocketEndpoint(InetAddress.getByAddress(addr), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Optional<String> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(new String(in.readNBytes(MAX_FILE), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> link(Path link) {
        try {
            return Optional.of(Files.readSymbolicLink(link).toString());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public long sourceDrops() {
        return 0;
    }

    @Override
    public long malformedInputs() {
        return malformed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
