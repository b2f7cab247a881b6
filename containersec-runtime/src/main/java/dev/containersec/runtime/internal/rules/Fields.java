package dev.containersec.runtime.internal.rules;

import dev.containersec.api.CapabilityChangeEvent;
import dev.containersec.api.CredentialChangeEvent;
import dev.containersec.api.CredentialSyscall;
import dev.containersec.api.ContainerInfo;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.ModuleLoadEvent;
import dev.containersec.api.NetworkAcceptEvent;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.NetworkEvent;
import dev.containersec.api.NetworkListenEvent;
import dev.containersec.api.ProcessAncestor;
import dev.containersec.api.ProcessExitEvent;
import dev.containersec.api.PtraceEvent;
import dev.containersec.api.SocketEndpoint;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fields a condition or output may use, mapped onto containersec's {@link dev.containersec.api.RuntimeEvent}s.
 * Names and renderings follow Falco's syscall fields; {@code fd.dip}/{@code fd.dport} are containersec
 * aliases of {@code fd.sip}/{@code fd.sport} (the destination of a connection is its server).
 */
public final class Fields {

    private static final String[] L4PROTO = java.util.Arrays.stream(dev.containersec.api.NetworkProtocol.values())
            .map(dev.containersec.api.NetworkProtocol::falcoName).toArray(String[]::new);

    private static final Map<String, FieldSpec> PLAIN = plainFields();

    private Fields() {
    }

    /**
     * Returns the names of the fields without arguments, sorted.
     *
     * @return the field names
     */
    public static List<String> names() {
        List<String> names = new ArrayList<>(PLAIN.keySet());
        names.addAll(List.of("proc.aname[N]", "proc.apid[N]", "evt.arg.<name>", "container.label[KEY]"));
        Collections.sort(names);
        return names;
    }

    /**
     * Resolves a field.
     *
     * @param name the field name
     * @param arg the argument, or {@code ""}
     * @return the field, or null if there is no such field
     * @throws IllegalArgumentException if the field exists but the argument is invalid
     */
    static FieldSpec resolve(String name, String arg) {
        String display = arg.isEmpty() ? name : name + "[" + arg + "]";
        switch (name) {
            case "proc.aname": {
                if (arg.isEmpty()) {
                    return PLAIN.get(name);
                }
                int n = index(display, arg);
                return FieldSpec.string(display, v -> n == 0 ? v.proc.comm() : ancestorComm(v, n - 1));
            }
            case "proc.apid": {
                int n = index(display, arg);
                if (arg.isEmpty()) {
                    throw new IllegalArgumentException("field 'proc.apid' needs an index, e.g. proc.apid[1]");
                }
                return FieldSpec.number(display, v -> {
                    if (n == 0) {
                        return v.proc.pid();
                    }
                    List<ProcessAncestor> a = v.proc.ancestry();
                    return n - 1 < a.size() ? a.get(n - 1).pid() : FieldSpec.MISSING;
                });
            }
            case "container.label": {
                if (arg.isEmpty()) {
                    throw new IllegalArgumentException("field 'container.label' needs a key, e.g. container.label[app]");
                }
                return FieldSpec.string(display, v -> v.proc.container().map(c -> c.labels().get(arg)).orElse(null));
            }
            default:
                break;
        }
        if (!arg.isEmpty()) {
            if (name.equals("evt.arg")) {
                // Positional arguments are accepted, as Falco accepts them; our events have none.
                return FieldSpec.string(display, v -> null);
            }
            return null;
        }
        FieldSpec plain = PLAIN.get(name);
        if (plain != null) {
            return plain;
        }
        if (name.startsWith("evt.arg.") && name.length() > "evt.arg.".length()) {
            // Falco accepts any argument name at load time; absent arguments are missing at run time.
            return FieldSpec.string(name, v -> null);
        }
        return null;
    }

    private static int index(String display, String arg) {
        if (arg.isEmpty()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(arg);
            if (n < 0 || n > 64) {
                throw new IllegalArgumentException("index of '" + display + "' must be in 0..64");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("index of '" + display + "' must be a number", e);
        }
    }

    private static String ancestorComm(EventView v, int i) {
        List<ProcessAncestor> a = v.proc.ancestry();
        return i < a.size() ? a.get(i).comm() : null;
    }

    private static String ancestorExe(EventView v, int i) {
        List<ProcessAncestor> a = v.proc.ancestry();
        return i < a.size() && !a.get(i).exe().isEmpty() ? a.get(i).exe() : null;
    }

    private static Map<String, FieldSpec> plainFields() {
        Map<String, FieldSpec> m = new TreeMap<>();
        // evt.*
        put(m, FieldSpec.string("evt.type", v -> v.event.eventType()));
        put(m, FieldSpec.string("evt.time", v -> timeOfDay(v.event.timestamp())));
        put(m, FieldSpec.number("evt.rawtime", v -> v.event.timestamp().getEpochSecond() * 1_000_000_000L
                + v.event.timestamp().getNano()));
        put(m, FieldSpec.string("evt.hostname", v -> v.hostname));
        put(m, FieldSpec.string("evt.source", v -> "syscall"));
        put(m, FieldSpec.string("evt.dir", v -> "<"));
        put(m, FieldSpec.bool("evt.is_open_read", v -> v.event instanceof FileOpenEvent f ? (f.isRead() ? 1 : 0)
                : FieldSpec.MISSING));
        put(m, FieldSpec.bool("evt.is_open_write", v -> v.event instanceof FileOpenEvent f ? (f.isWrite() ? 1 : 0)
                : FieldSpec.MISSING));
        put(m, FieldSpec.flags("evt.arg.flags", v -> v.event instanceof FileOpenEvent f
                ? String.join("|", f.flagNames()) : null));
        put(m, FieldSpec.number("evt.arg.mode", v -> v.event instanceof FileOpenEvent f ? f.mode() : FieldSpec.MISSING));
        put(m, FieldSpec.string("evt.arg.name", v -> v.event instanceof FileOpenEvent f ? f.path()
                : v.event instanceof ModuleLoadEvent ml ? ml.moduleName() : null));
        put(m, FieldSpec.string("evt.arg.path", v -> v.event instanceof ModuleLoadEvent ml
                ? ml.path().orElse(null) : null));
        put(m, FieldSpec.number("evt.arg.status", v -> v.event instanceof ProcessExitEvent e ? e.exitCode()
                : FieldSpec.MISSING));
        put(m, FieldSpec.number("evt.arg.backlog", v -> v.event instanceof NetworkListenEvent l ? l.backlog()
                : FieldSpec.MISSING));
        put(m, FieldSpec.string("evt.arg.request", v -> v.event instanceof PtraceEvent p ? p.request() : null));
        put(m, FieldSpec.number("evt.arg.pid", v -> v.event instanceof PtraceEvent p ? p.targetPid()
                : FieldSpec.MISSING));
        put(m, credential("evt.arg.uid", false, 1));
        put(m, credential("evt.arg.gid", true, 1));
        put(m, credential("evt.arg.ruid", false, 0));
        put(m, credential("evt.arg.euid", false, 1));
        put(m, credential("evt.arg.suid", false, 2));
        put(m, credential("evt.arg.rgid", true, 0));
        put(m, credential("evt.arg.egid", true, 1));
        put(m, credential("evt.arg.sgid", true, 2));
        put(m, FieldSpec.string("evt.arg.cap_effective", v -> v.event instanceof CapabilityChangeEvent c
                ? Capabilities.names(c.effective()) : null));
        put(m, FieldSpec.string("evt.arg.cap_permitted", v -> v.event instanceof CapabilityChangeEvent c
                ? Capabilities.names(c.permitted()) : null));
        put(m, FieldSpec.string("evt.arg.cap_inheritable", v -> v.event instanceof CapabilityChangeEvent c
                ? Capabilities.names(c.inheritable()) : null));
        put(m, FieldSpec.string("evt.res", v -> v.event instanceof CredentialChangeEvent c
                ? (c.success() ? "SUCCESS" : "FAILURE") : null));
        // proc.*, thread.*, user.*, group.*
        put(m, FieldSpec.string("proc.name", v -> v.proc.comm()));
        put(m, FieldSpec.string("proc.exe", v -> v.proc.args().isEmpty() ? v.proc.exe() : v.proc.args().get(0)));
        put(m, FieldSpec.string("proc.exepath", v -> v.proc.exe()));
        put(m, FieldSpec.string("proc.args", EventView::args));
        put(m, FieldSpec.string("proc.cmdline", EventView::cmdline));
        put(m, FieldSpec.number("proc.pid", v -> v.proc.pid()));
        put(m, FieldSpec.number("proc.ppid", v -> v.proc.ppid()));
        put(m, FieldSpec.string("proc.pname", v -> ancestorComm(v, 0)));
        put(m, FieldSpec.string("proc.pexe", v -> ancestorExe(v, 0)));
        put(m, FieldSpec.string("proc.pexepath", v -> ancestorExe(v, 0)));
        put(m, FieldSpec.multi("proc.aname", v -> {
            List<ProcessAncestor> a = v.proc.ancestry();
            if (a.isEmpty()) {
                return null;
            }
            List<String> names = new ArrayList<>(a.size());
            for (ProcessAncestor p : a) {
                names.add(p.comm());
            }
            return names;
        }));
        put(m, FieldSpec.string("proc.cwd", v -> v.proc.cwd().orElse(null)));
        put(m, FieldSpec.string("thread.cap_effective", EventView::capNames));
        put(m, FieldSpec.number("user.uid", v -> v.proc.uid()));
        put(m, FieldSpec.number("user.euid", v -> v.proc.euid()));
        put(m, FieldSpec.string("user.name", v -> v.proc.userName().orElse(null)));
        put(m, FieldSpec.number("group.gid", v -> v.proc.gid()));
        // fd.*
        put(m, FieldSpec.string("fd.name", v -> v.fdName(Fields::computeFdName)));
        put(m, FieldSpec.string("fd.directory", v -> v.event instanceof FileOpenEvent f ? directory(f.path()) : null));
        put(m, FieldSpec.string("fd.filename", v -> v.event instanceof FileOpenEvent f ? filename(f.path()) : null));
        put(m, FieldSpec.string("fd.typechar", v -> v.event instanceof FileOpenEvent ? "f"
                : v.event instanceof NetworkEvent n ? (n.local().address() instanceof Inet6Address ? "6" : "4") : null));
        put(m, FieldSpec.string("fd.type", v -> v.event instanceof FileOpenEvent ? "file"
                : v.event instanceof NetworkEvent n ? (n.local().address() instanceof Inet6Address ? "ipv6" : "ipv4")
                : null));
        put(m, FieldSpec.string("fd.l4proto", v -> v.event instanceof NetworkEvent n ? L4PROTO[n.protocol().ordinal()] : null));
        for (String role : new String[] {"s", "c", "l", "r", "d"}) {
            FieldSpec.Ip ip = v -> {
                SocketEndpoint e = endpoint(v, role);
                if (e == null) {
                    return null;
                }
                return e == localOf(v) ? v.localIp(e) : v.remoteIp(e);
            };
            FieldSpec.Str text = v -> {
                SocketEndpoint e = endpoint(v, role);
                return e == null ? null : e.addressLiteral();
            };
            put(m, FieldSpec.ip("fd." + role + "ip", ip, text));
            if (!role.equals("d")) {
                put(m, FieldSpec.ip("fd." + role + "net", ip, text));
            }
            put(m, FieldSpec.number("fd." + role + "port", v -> {
                SocketEndpoint e = endpoint(v, role);
                return e == null ? FieldSpec.MISSING : e.port();
            }));
        }
        // container.*
        put(m, FieldSpec.string("container.id", v -> v.proc.containerId()));
        put(m, FieldSpec.string("container.image.repository", v -> v.proc.containerImageRepository()
                .or(() -> v.proc.container().map(ContainerInfo::imageRepository).filter(r -> !r.isEmpty()))
                .orElse(null)));
        put(m, FieldSpec.string("container.image", v -> v.proc.container().map(ContainerInfo::imageName)
                .filter(n -> !n.isEmpty()).or(v.proc::containerImageRepository).orElse(null)));
        put(m, FieldSpec.string("container.image.tag", v -> v.proc.container().flatMap(ContainerInfo::imageTag)
                .orElse(null)));
        put(m, FieldSpec.string("container.image.digest", v -> v.proc.container().flatMap(ContainerInfo::imageDigest)
                .map(Object::toString).orElse(null)));
        put(m, FieldSpec.string("container.name", v -> v.proc.container().map(ContainerInfo::name)
                .filter(n -> !n.isEmpty()).orElse(null)));
        return Collections.unmodifiableMap(m);
    }

    private static void put(Map<String, FieldSpec> m, FieldSpec spec) {
        m.put(spec.display(), spec);
    }

    private static FieldSpec credential(String name, boolean group, int which) {
        return FieldSpec.number(name, v -> {
            if (!(v.event instanceof CredentialChangeEvent c) || c.syscall().changesGroup() != group) {
                return FieldSpec.MISSING;
            }
            boolean single = c.syscall() == CredentialSyscall.SETUID || c.syscall() == CredentialSyscall.SETGID;
            if (single && which != 1) {
                return FieldSpec.MISSING;
            }
            long id = which == 0 ? c.real() : which == 1 ? c.effective() : c.saved();
            return id == CredentialChangeEvent.UNCHANGED ? FieldSpec.MISSING : id;
        });
    }

    private static SocketEndpoint localOf(EventView v) {
        return v.event instanceof NetworkEvent n ? n.local() : null;
    }

    /** The endpoint playing a role: server, client, local, remote, or destination (= server). */
    private static SocketEndpoint endpoint(EventView v, String role) {
        if (v.event instanceof NetworkConnectEvent c) {
            switch (role) {
                case "s": case "d": case "r": return c.remote();
                default: return c.local();
            }
        }
        if (v.event instanceof NetworkAcceptEvent a) {
            switch (role) {
                case "s": case "d": case "l": return a.local();
                default: return a.remote();
            }
        }
        if (v.event instanceof NetworkListenEvent l) {
            return role.equals("c") || role.equals("r") ? null : l.local();
        }
        return null;
    }

    private static String computeFdName(EventView v) {
        if (v.event instanceof FileOpenEvent f) {
            return f.path();
        }
        if (v.event instanceof NetworkConnectEvent c) {
            return c.local() + "->" + c.remote();
        }
        if (v.event instanceof NetworkAcceptEvent a) {
            return a.remote() + "->" + a.local();
        }
        if (v.event instanceof NetworkListenEvent l) {
            return l.local().toString();
        }
        if (v.event instanceof ModuleLoadEvent ml) {
            return ml.path().orElse(null);
        }
        return null;
    }

    /**
     * Formats the time of day as Falco prints {@code evt.time}, in UTC: {@code HH:mm:ss.nnnnnnnnn}.
     * Hand-rolled because it runs for every alert.
     */
    static String timeOfDay(java.time.Instant t) {
        long secs = Math.floorMod(t.getEpochSecond(), 86_400L);
        char[] c = new char[18];
        two(c, 0, (int) (secs / 3600));
        c[2] = ':';
        two(c, 3, (int) (secs / 60 % 60));
        c[5] = ':';
        two(c, 6, (int) (secs % 60));
        c[8] = '.';
        int nano = t.getNano();
        for (int i = 17; i >= 9; i--) {
            c[i] = (char) ('0' + nano % 10);
            nano /= 10;
        }
        return new String(c);
    }

    private static void two(char[] c, int at, int n) {
        c[at] = (char) ('0' + n / 10);
        c[at + 1] = (char) ('0' + n % 10);
    }

    static String directory(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String filename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
