package dev.containersec.runtime.internal.source.ebpf;

import dev.containersec.api.CapabilityChangeEvent;
import dev.containersec.api.CredentialChangeEvent;
import dev.containersec.api.CredentialSyscall;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.ModuleLoadEvent;
import dev.containersec.api.NetworkAcceptEvent;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.NetworkListenEvent;
import dev.containersec.api.NetworkProtocol;
import dev.containersec.api.ProcessAncestor;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.ProcessExitEvent;
import dev.containersec.api.PtraceEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.api.SocketEndpoint;
import dev.containersec.runtime.internal.source.ContainerIds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns the {@code printf} lines of the bundled probe programs into {@link RuntimeEvent}s. Stateful
 * (argument vectors wait for their exec line, privileged calls for their {@code ret} line, and each
 * process's executable and arguments are remembered until it exits), every piece of state bounded.
 * Not thread-safe: {@link BpftraceStream} calls it under one lock.
 *
 * <p>Line format: the kind, then for process events the header {@code nsecs pid tid ppid uid gid euid
 * cap_effective cgroup_id comm} ({@code comm} as bpftrace's {@code %r} rendering of the 16-byte buffer,
 * non-printable bytes as {@code \xHH}), then the kind's fields; free-form strings come last, so a tab
 * inside one cannot forge a field. The lines completing another are {@code execve nsecs tid filename}
 * and {@code argv nsecs tid index value} (printed at {@code sys_enter_execve}, completed by the
 * {@code exec} line), and {@code ret nsecs tid value} (completing a privileged call's line). Every kind
 * has {@code nsecs} second, for {@link LineReorderer}, which must run before this decoder: it expects
 * kernel order. Even so, argument vectors are joined to an exec only when their execve named the same
 * file, so lines out of order can lose arguments (the exec then carries {@code [comm]}) but never take
 * another exec's. A line that does not parse is counted, not fatal.
 */
final class BpftraceDecoder {

    static final String HEADER_FORMAT = "%llu\\t%d\\t%d\\t%d\\t%u\\t%u\\t%u\\t%llu\\t%llu\\t%r";
    static final String HEADER_ARGS = "nsecs, pid, tid, curtask->real_parent->tgid, uid, gid, "
            + "curtask->cred->euid.val, curtask->cred->cap_effective.val, cgroup, buf(comm, 16)";
    private static final int HEADER_FIELDS = 10;
    private static final int MAX_ARGS = 64;
    private static final int STATE_CAPACITY = 4096;

    private final long bootToEpochNanos;
    private final ContainerIds containers;
    private final Path proc;
    private final long ignoredPid;
    private final Map<Integer, ArgvGroup> pendingArgv = lru(STATE_CAPACITY);
    private final Map<Integer, Pending> pendingCalls = lru(STATE_CAPACITY);
    private final Map<Integer, ProcInfo> processes = lru(4 * STATE_CAPACITY);
    private long malformed;

    private record ProcInfo(String exe, List<String> args) {
    }

    /** The file name an execve was called with and the arguments read so far. */
    private record ArgvGroup(String filename, List<String> args) {
    }

    private record Pending(String kind, ProcessContext process, Instant time, String[] fields) {
    }

    private record Header(Instant time, int pid, int tid, ProcessContext process) {
    }

    /**
     * @param bootToEpochNanos add to a monotonic kernel timestamp to get nanoseconds since the epoch
     * @param containers resolves cgroup ids to container ids
     * @param proc the proc file system root, for paths relative to a working directory or a dirfd
     * @param ignoredPid a process whose events are dropped (bpftrace itself), or -1
     */
    BpftraceDecoder(long bootToEpochNanos, ContainerIds containers, Path proc, long ignoredPid) {
        this.bootToEpochNanos = bootToEpochNanos;
        this.containers = containers;
        this.proc = proc;
        this.ignoredPid = ignoredPid;
    }

    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Lines that did not parse. */
    long malformedLines() {
        return malformed;
    }

    /** Decodes one printf line (without its newline), handing complete events to the sink. */
    void decode(String line, Consumer<RuntimeEvent> sink) {
        try {
            decodeOrThrow(line, sink);
        } catch (RuntimeException e) {
            malformed++;
        }
    }

    private void decodeOrThrow(String line, Consumer<RuntimeEvent> sink) {
        int tab = line.indexOf('\t');
        if (tab < 0) {
            throw new IllegalArgumentException("no kind");
        }
        String kind = line.substring(0, tab);
        switch (kind) {
            case "execve": {
                String[] f = line.split("\t", 4);
                LineReorderer.timestamp(line);
                int tid = Integer.parseInt(f[2]);
                pendingArgv.put(tid, new ArgvGroup(f.length > 3 ? f[3] : "", new ArrayList<>()));
                return;
            }
            case "argv": {
                String[] f = line.split("\t", 5);
                LineReorderer.timestamp(line);
                int tid = Integer.parseInt(f[2]);
                int index = Integer.parseInt(f[3]);
                String value = f.length > 4 ? f[4] : "";
                ArgvGroup group = pendingArgv.get(tid);
                if (group != null && group.args.size() == index && index < MAX_ARGS) {
                    group.args.add(value);
                }
                return;
            }
            case "ret": {
                String[] f = line.split("\t", 4);
                LineReorderer.timestamp(line);
                int tid = Integer.parseInt(f[2]);
                long ret = Long.parseLong(f[3]);
                Pending p = pendingCalls.remove(tid);
                if (p != null) {
                    complete(p, ret).ifPresent(sink);
                }
                return;
            }
            default:
                break;
        }
        int extra = switch (kind) {
            case "exec" -> 2;
            case "exit" -> 1;
            case "open" -> 4;
            case "connect", "accept", "listen" -> 3;
            case "cred" -> 4;
            case "capset" -> 3;
            case "ptrace" -> 2;
            case "module" -> 1;
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
        String[] f = line.split("\t", 1 + HEADER_FIELDS + extra);
        if (f.length != 1 + HEADER_FIELDS + extra) {
            throw new IllegalArgumentException("expected " + (HEADER_FIELDS + extra) + " fields");
        }
        int pid = Integer.parseInt(f[2]);
        if (pid == ignoredPid) {
            return;
        }
        String[] k = new String[extra];
        System.arraycopy(f, 1 + HEADER_FIELDS, k, 0, extra);
        Header h = header(f, kind.equals("exec") ? Integer.parseInt(k[0]) : -1, kind.equals("exec") ? k[1] : null);
        switch (kind) {
            case "exec" -> sink.accept(new ProcessExecEvent(h.time, h.process));
            case "exit" -> {
                processes.remove(h.pid);
                int status = Integer.parseInt(k[0]);
                int code = (status & 0x7f) != 0 ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
                sink.accept(new ProcessExitEvent(h.time, h.process, code));
            }
            case "open" -> {
                int dirfd = Integer.parseInt(k[0]);
                int flags = Integer.parseInt(k[1]);
                int mode = Integer.parseInt(k[2]) & 07777;
                resolvePath(h.pid, dirfd, k[3]).ifPresentOrElse(
                        path -> sink.accept(new FileOpenEvent(h.time, h.process, path, flags,
                                (flags & FileOpenEvent.O_CREAT) != 0 ? mode : 0)),
                        () -> malformed++);
            }
            case "connect", "accept", "listen" -> {
                int family = Integer.parseInt(k[0]);
                int port = Integer.parseInt(k[1]);
                SocketEndpoint endpoint = new SocketEndpoint(literal(k[2]), port);
                SocketEndpoint any = new SocketEndpoint(literal(family == 10 ? "::" : "0.0.0.0"), 0);
                // the system call's arguments carry one end only; the other is reported as the wildcard
                sink.accept(switch (kind) {
                    case "connect" -> new NetworkConnectEvent(h.time, h.process, NetworkProtocol.TCP, any, endpoint);
                    case "accept" -> new NetworkAcceptEvent(h.time, h.process, NetworkProtocol.TCP, any, endpoint);
                    default -> new NetworkListenEvent(h.time, h.process, NetworkProtocol.TCP, endpoint, 0);
                });
            }
            default -> pendingCalls.put(h.tid, new Pending(kind, h.process, h.time, k));
        }
    }

    private Optional<RuntimeEvent> complete(Pending p, long ret) {
        String[] k = p.fields;
        switch (p.kind) {
            case "cred": {
                CredentialSyscall call = CredentialSyscall.valueOf(k[0].toUpperCase(Locale.ROOT));
                return Optional.of(new CredentialChangeEvent(p.time, p.process, call, id(k[1]), id(k[2]), id(k[3]),
                        ret == 0));
            }
            case "capset":
                if (ret != 0) {
                    return Optional.empty();
                }
                return Optional.of(new CapabilityChangeEvent(p.time, p.process, Long.parseUnsignedLong(k[0]),
                        Long.parseUnsignedLong(k[1]), Long.parseUnsignedLong(k[2])));
            case "ptrace":
                if (ret < 0) {
                    return Optional.empty();
                }
                return Optional.of(new PtraceEvent(p.time, p.process, PtraceRequests.name(Long.parseLong(k[0])),
                        (int) Math.max(0, Math.min(Integer.MAX_VALUE, Long.parseLong(k[1])))));
            case "module": {
                if (ret != 0) {
                    return Optional.empty();
                }
                int fd = Integer.parseInt(k[0]);
                Optional<String> path = fd < 0 ? Optional.empty()
                        : Optional.of(readLink(proc.resolve(p.process.pid() + "/fd/" + fd)).orElse("/proc/"
                                + p.process.pid() + "/fd/" + fd));
                return Optional.of(new ModuleLoadEvent(p.time, p.process, "", path));
            }
            default:
                return Optional.empty();
        }
    }

    private static long id(String text) {
        long v = Long.parseLong(text);
        return v < 0 ? CredentialChangeEvent.UNCHANGED : v;
    }

    private Header header(String[] f, int oldPid, String execFile) {
        long nsecs = Long.parseUnsignedLong(f[1]);
        int pid = Integer.parseInt(f[2]);
        int tid = Integer.parseInt(f[3]);
        int ppid = Integer.parseInt(f[4]);
        long uid = Long.parseLong(f[5]);
        long gid = Long.parseLong(f[6]);
        long euid = Long.parseLong(f[7]);
        long caps = Long.parseUnsignedLong(f[8]);
        long cgroupId = Long.parseUnsignedLong(f[9]);
        String comm = comm(f[10]);
        ProcInfo info;
        if (execFile != null) {
            List<String> argv = argvOf(oldPid, execFile);
            if (argv == null) {
                argv = argvOf(tid, execFile);
            }
            info = new ProcInfo(execFile, argv == null || argv.isEmpty() ? List.of(comm) : List.copyOf(argv));
            processes.put(pid, info);
        } else {
            info = processes.get(pid);
            if (info == null) {
                info = new ProcInfo(readLink(proc.resolve(pid + "/exe")).orElse(""), List.of(comm));
                processes.put(pid, info);
            }
        }
        ContainerIds.Info container = containers.resolve(pid, cgroupId);
        ProcessContext.Builder b = ProcessContext.builder().pid(pid).ppid(ppid).comm(comm).exe(info.exe)
                .args(info.args).uid(uid).gid(gid).euid(euid).capEffective(caps).cgroup(container.cgroup())
                .containerId(container.containerId());
        ProcInfo parent = ppid == 0 ? null : processes.get(ppid);
        if (parent == null && ppid != 0) {
            // a parent started before the probes attached: read it once from /proc and remember it
            Optional<String> parentComm = readSmall(proc.resolve(ppid + "/comm"));
            if (parentComm.isPresent()) {
                parent = new ProcInfo(readLink(proc.resolve(ppid + "/exe")).orElse(""), List.of(parentComm.get()));
                processes.put(ppid, parent);
            }
        }
        if (parent != null) {
            String parentComm = parent.args.isEmpty() ? "" : basename(parent.args.get(0));
            b.ancestry(List.of(new ProcessAncestor(ppid, parentComm.length() > 15 ? parentComm.substring(0, 15)
                    : parentComm, parent.exe)));
        }
        long epochNanos = nsecs + bootToEpochNanos;
        Instant time = Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L));
        return new Header(time, pid, tid, b.build());
    }

    /**
     * The arguments of the execve a thread made with this file name, taken; null when its last execve
     * named another file (its argv lines are from a different exec, which may still be to come).
     */
    private List<String> argvOf(int tid, String execFile) {
        ArgvGroup group = pendingArgv.get(tid);
        if (group == null || !group.filename.equals(execFile)) {
            return null;
        }
        pendingArgv.remove(tid);
        return group.args;
    }

    private static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private Optional<String> resolvePath(int pid, int dirfd, String path) {
        if (path.startsWith("/")) {
            return Optional.of(path);
        }
        // AT_FDCWD is -100: relative to the working directory; otherwise to the directory fd
        Path base = dirfd == -100 ? proc.resolve(pid + "/cwd") : proc.resolve(pid + "/fd/" + dirfd);
        return readLink(base).filter(d -> d.startsWith("/"))
                .map(d -> path.isEmpty() ? d : (d.endsWith("/") ? d + path : d + "/" + path));
    }

    private static Optional<String> readSmall(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            String text = new String(in.readNBytes(64), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> readLink(Path link) {
        try {
            return Optional.of(Files.readSymbolicLink(link).toString());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static InetAddress literal(String text) {
        if (!text.matches("[0-9a-fA-F:.]{2,45}")) {
            throw new IllegalArgumentException("not an address literal");
        }
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Decodes bpftrace's {@code %r} rendering: {@code \xHH} escapes, up to the first NUL. */
    static String comm(String rendered) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = rendered.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\\' && i + 3 < bytes.length && bytes[i + 1] == 'x'
                    && hex(bytes[i + 2]) >= 0 && hex(bytes[i + 3]) >= 0) {
                int b = hex(bytes[i + 2]) * 16 + hex(bytes[i + 3]);
                if (b == 0) {
                    break;
                }
                out.write(b);
                i += 3;
            } else {
                out.write(bytes[i]);
            }
        }
        String s = out.toString(StandardCharsets.UTF_8);
        return s.length() > 16 ? s.substring(0, 16) : s;
    }

    private static int hex(byte b) {
        return b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F'
                ? b - 'A' + 10 : -1;
    }
}
