package dev.containersec.runtime.internal.source.falco;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.containersec.api.CapabilityChangeEvent;
import dev.containersec.api.CredentialChangeEvent;
import dev.containersec.api.CredentialSyscall;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.InvalidInputException;
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
import dev.containersec.runtime.internal.source.SocketEndpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps one line of Falco's JSON output ({@code json_output: true}: an alert with {@code output_fields})
 * to a {@link RuntimeEvent}. The event type comes from {@code evt.type}; without it, an {@code fd.name}
 * that is a path means an open and a {@code proc.*} field alone means an exec. Fields used:
 * {@code proc.pid}, {@code proc.ppid}, {@code proc.name}, {@code proc.exepath}/{@code proc.exe},
 * {@code proc.cmdline}/{@code proc.args}, {@code proc.pname}, {@code proc.cwd}, {@code user.uid},
 * {@code user.name}, {@code group.gid}, {@code container.id}, {@code container.image.repository},
 * {@code fd.name}, {@code evt.arg.flags}, {@code fd.sip}/{@code fd.sport}/{@code fd.cip}/{@code fd.cport},
 * {@code fd.l4proto}, {@code evt.arg.uid} (and the other id arguments), {@code evt.arg.request},
 * {@code evt.arg.status}, {@code evt.res}. Stateless and thread-safe.
 */
final class FalcoJsonMapper {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build()).build();
    private static final Object NULL = new Object();

    /** The output_fields names read; a field's index is its slot. */
    private static final String[] NAMES = {"evt.type", "fd.name", "proc.name", "evt.arg.status", "evt.arg.name",
        "evt.arg.flags", "evt.arg.mode", "fd.l4proto", "fd.sip", "fd.sport", "fd.cip", "fd.cport", "evt.arg.backlog",
        "evt.arg.ruid", "evt.arg.euid", "evt.arg.uid", "evt.arg.suid", "evt.arg.rgid", "evt.arg.egid", "evt.arg.gid",
        "evt.arg.sgid", "evt.res", "evt.arg.request", "evt.arg.pid", "evt.rawtime", "proc.cmdline", "proc.args",
        "container.id", "proc.pid", "proc.ppid", "proc.exepath", "proc.exe", "user.uid", "group.gid", "proc.cwd",
        "user.name", "container.image.repository", "proc.pname", "proc.pexepath"};
    private static final Map<String, Integer> SLOT = slots();
    private static final int EVT_TYPE = 0;
    private static final int FD_NAME = 1;
    private static final int PROC_NAME = 2;
    private static final int EVT_ARG_FLAGS = 5;
    private static final int EVT_ARG_MODE = 6;
    private static final int PROC_CMDLINE = 25;
    private static final int PROC_ARGS = 26;
    private static final int CONTAINER_ID = 27;
    private static final int PROC_PID = 28;
    private static final int PROC_PPID = 29;
    private static final int PROC_EXEPATH = 30;
    private static final int PROC_EXE = 31;
    private static final int USER_UID = 32;
    private static final int GROUP_GID = 33;
    private static final int PROC_CWD = 34;
    private static final int USER_NAME = 35;
    private static final int CONTAINER_IMAGE_REPOSITORY = 36;
    private static final int PROC_PNAME = 37;
    private static final int PROC_PEXEPATH = 38;

    private static final Map<String, Integer> FLAGS = Map.ofEntries(Map.entry("O_RDONLY", FileOpenEvent.O_RDONLY),
            Map.entry("O_WRONLY", FileOpenEvent.O_WRONLY), Map.entry("O_RDWR", FileOpenEvent.O_RDWR),
            Map.entry("O_CREAT", FileOpenEvent.O_CREAT), Map.entry("O_EXCL", FileOpenEvent.O_EXCL),
            Map.entry("O_TRUNC", FileOpenEvent.O_TRUNC), Map.entry("O_APPEND", FileOpenEvent.O_APPEND),
            Map.entry("O_NONBLOCK", FileOpenEvent.O_NONBLOCK), Map.entry("O_DIRECTORY", FileOpenEvent.O_DIRECTORY),
            Map.entry("O_CLOEXEC", FileOpenEvent.O_CLOEXEC), Map.entry("O_TMPFILE", FileOpenEvent.O_TMPFILE),
            Map.entry("O_NOFOLLOW", FileOpenEvent.O_NOFOLLOW), Map.entry("O_PATH", FileOpenEvent.O_PATH),
            Map.entry("O_SYNC", FileOpenEvent.O_SYNC), Map.entry("O_DSYNC", FileOpenEvent.O_DSYNC));

    private FalcoJsonMapper() {
    }

    private static Map<String, Integer> slots() {
        Map<String, Integer> m = new HashMap<>(NAMES.length * 2);
        for (int i = 0; i < NAMES.length; i++) {
            if (m.put(NAMES[i], i) != null) {
                throw new IllegalStateException("duplicate field " + NAMES[i]);
            }
        }
        return Map.copyOf(m);
    }

    /**
     * Maps a line.
     *
     * @return the event, or none for a line that holds no event Falco describes (e.g. a drop notice)
     * @throws InvalidInputException if the line is not a JSON object or a field is malformed
     */
    static List<RuntimeEvent> map(String line) {
        // streamed, not a tree: only "time" and the flat "output_fields" are kept (twice as fast)
        String time = null;
        Slots fields = null;
        boolean seenTime = false;
        boolean seenFields = false;
        try (JsonParser p = parser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidInputException("falco-json line", "not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                // the keys read must be unambiguous; a duplicate of any other key is left unread
                if (name.equals("time") || name.equals("output_fields")) {
                    if (seenTime && name.equals("time") || seenFields && name.equals("output_fields")) {
                        throw new InvalidInputException("falco-json line", "duplicate key '" + name + "'");
                    }
                    seenTime |= name.equals("time");
                    seenFields |= name.equals("output_fields");
                }
                if (name.equals("time") && t == JsonToken.VALUE_STRING) {
                    time = p.getText();
                } else if (name.equals("output_fields") && t == JsonToken.START_OBJECT) {
                    fields = fields(p);
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new InvalidInputException("falco-json line", "content after the JSON object");
            }
        } catch (IOException e) {
            throw new InvalidInputException("falco-json line", "not JSON: " + e.getMessage(), e);
        }
        if (fields == null) {
            return List.of();
        }
        try {
            return event(time, fields).map(List::of).orElse(List.of());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidInputException("falco-json line", e.getMessage(), e);
        }
    }

    /**
     * Jackson's byte parser (quad-hashed names) is the faster one; used when the line is ASCII, where
     * bytes and chars are the same text. Anything else is read as chars: a lone surrogate, which the
     * encoder replaces by one {@code '?'}, is kept as Jackson's char parser keeps it.
     */
    private static JsonParser parser(String line) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (bytes.length != line.length()) {
            return JSON.createParser(line);
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '?' && line.charAt(i) != '?') {
                return JSON.createParser(line);
            }
        }
        return JSON.createParser(bytes);
    }

    /**
     * Reads a flat object: strings, integers (as longs), other scalars as their text; nested values and
     * nulls are present but hold nothing. Only the names this mapper reads are kept, in slots (no map per
     * line); other names are remembered only to reject duplicates.
     */
    private static Slots fields(JsonParser p) throws IOException {
        Slots out = new Slots();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            Integer slot = SLOT.get(name);
            if (slot == null) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
                if (out.others == null) {
                    out.others = new HashSet<>();
                }
                if (!out.others.add(name)) {
                    throw new InvalidInputException("falco-json line", "duplicate key '" + name + "' in output_fields");
                }
                continue;
            }
            int i = slot;
            if (out.values[i] != null) {
                throw new InvalidInputException("falco-json line", "duplicate key '" + name + "' in output_fields");
            }
            out.values[i] = switch (t) {
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT -> {
                    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        yield p.getText();
                    }
                    yield p.getLongValue();
                }
                case VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
                default -> {
                    p.skipChildren();
                    yield NULL;
                }
            };
        }
        return out;
    }

    private static Optional<RuntimeEvent> event(String rootTime, Slots f) {
        Instant time = time(rootTime, f);
        ProcessContext p = process(f);
        String type = text(f, EVT_TYPE);
        if (type == null) {
            String fd = text(f, FD_NAME);
            type = fd != null && fd.startsWith("/") ? "openat" : text(f, PROC_NAME) != null ? "execve" : "";
        }
        switch (type) {
            case "execve", "execveat":
                return Optional.of(new ProcessExecEvent(time, p));
            case "procexit":
                return Optional.of(new ProcessExitEvent(time, p, (int) Math.max(0, num(f, "evt.arg.status").orElse(0L))));
            case "open", "openat", "openat2", "creat": {
                String path = text(f, FD_NAME);
                if (path == null) {
                    path = text(f, SLOT.get("evt.arg.name"));
                }
                if (path == null || !path.startsWith("/")) {
                    return Optional.empty();
                }
                String flags = text(f, EVT_ARG_FLAGS);
                return Optional.of(new FileOpenEvent(time, p, path, flags == null ? 0 : flags(flags),
                        (int) (num(f, EVT_ARG_MODE, 0L) & 07777)));
            }
            case "connect", "accept", "accept4", "listen": {
                NetworkProtocol proto = protocol(str(f, "fd.l4proto").orElse("tcp"));
                Optional<SocketEndpoint> server = endpoint(f, "fd.sip", "fd.sport");
                Optional<SocketEndpoint> client = endpoint(f, "fd.cip", "fd.cport");
                if (server.isEmpty()) {
                    return Optional.empty();
                }
                SocketEndpoint any = SocketEndpoints.anyLike(server.get());
                return Optional.of(switch (type) {
                    case "connect" -> new NetworkConnectEvent(time, p, proto, client.orElse(any), server.get());
                    case "listen" -> new NetworkListenEvent(time, p, proto, server.get(),
                            (int) Math.max(0, num(f, "evt.arg.backlog").orElse(0L)));
                    default -> new NetworkAcceptEvent(time, p, proto, server.get(), client.orElse(any));
                });
            }
            case "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid": {
                CredentialSyscall call = CredentialSyscall.valueOf(type.toUpperCase(Locale.ROOT));
                String u = call.changesGroup() ? "g" : "u";
                long unchanged = CredentialChangeEvent.UNCHANGED;
                long real = num(f, "evt.arg.r" + u + "id").orElse(unchanged);
                long eff = num(f, "evt.arg.e" + u + "id").or(() -> num(f, "evt.arg." + u + "id")).orElse(unchanged);
                long saved = num(f, "evt.arg.s" + u + "id").orElse(unchanged);
                boolean ok = str(f, "evt.res").map("SUCCESS"::equals).orElse(true);
                return Optional.of(new CredentialChangeEvent(time, p, call, real, eff, saved, ok));
            }
            case "capset":
                return Optional.of(new CapabilityChangeEvent(time, p, 0, 0, 0));
            case "ptrace": {
                String request = str(f, "evt.arg.request").orElse("PTRACE_ATTACH");
                return Optional.of(new PtraceEvent(time, p, request.startsWith("PTRACE_") ? request
                        : "PTRACE_" + request.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_"),
                        (int) Math.max(0, num(f, "evt.arg.pid").orElse(0L))));
            }
            case "init_module", "finit_module":
                return Optional.of(new ModuleLoadEvent(time, p, str(f, "evt.arg.name").orElse(""),
                        type.equals("finit_module") ? Optional.of(str(f, "fd.name").orElse("")) : Optional.empty()));
            default:
                return Optional.empty();
        }
    }

    private static Instant time(String text, Slots f) {
        if (text != null) {
            Instant fast = fastInstant(text);
            return fast != null ? fast : Instant.parse(text);
        }
        Optional<Long> raw = num(f, "evt.rawtime");
        return raw.map(ns -> Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L)))
                .orElse(Instant.EPOCH);
    }

    private static ProcessContext process(Slots f) {
        String name = text(f, PROC_NAME);
        if (name == null) {
            name = "";
        }
        List<String> args;
        String cmdline = text(f, PROC_CMDLINE);
        if (cmdline != null && !cmdline.isEmpty()) {
            // Falco joins argv with spaces: split back, the best that can be done
            args = words(cmdline, null);
        } else if (!name.isEmpty()) {
            String procArgs = text(f, PROC_ARGS);
            args = procArgs == null ? List.of(name) : words(procArgs, name);
        } else {
            args = List.of();
        }
        String container = text(f, CONTAINER_ID);
        if (container == null || container.isEmpty()) {
            container = ProcessContext.HOST;
        }
        String exe = text(f, PROC_EXEPATH);
        if (exe == null) {
            exe = text(f, PROC_EXE);
        }
        long uid = uid(f, USER_UID);
        int ppid = id32(f, PROC_PPID);
        ProcessContext.Builder b = ProcessContext.builder().pid(id32(f, PROC_PID)).ppid(ppid)
                .comm(name).exe(exe == null ? "" : exe).args(args)
                .uid(uid).gid(uid(f, GROUP_GID)).euid(uid)
                .containerId(container).cwd(text(f, PROC_CWD))
                .userName(text(f, USER_NAME))
                .containerImageRepository(text(f, CONTAINER_IMAGE_REPOSITORY));
        String pname = text(f, PROC_PNAME);
        if (pname != null) {
            String pexe = text(f, PROC_PEXEPATH);
            b.ancestry(List.of(new ProcessAncestor(ppid, pname, pexe == null ? "" : pexe)));
        }
        return b.build();
    }

    private static int id32(Slots f, String name) {
        return id32(f, slot(name));
    }

    private static int id32(Slots f, int slot) {
        long v = num(f, slot, 0L);
        return v < 0 || v > Integer.MAX_VALUE ? 0 : (int) v;
    }

    private static long uid(Slots f, int slot) {
        long v = num(f, slot, 0L);
        return v < 0 || v > ProcessContext.MAX_ID ? 0 : v;
    }

    private static int flags(String names) {
        int flags = 0;
        int start = 0;
        int n = names.length();
        while (start <= n) {
            int bar = names.indexOf('|', start);
            int end = bar < 0 ? n : bar;
            Integer bit = FLAGS.get(names.substring(start, end).trim());
            if (bit != null) {
                flags |= bit;
            }
            start = end + 1;
        }
        return flags;
    }

    private static NetworkProtocol protocol(String name) {
        for (NetworkProtocol p : NetworkProtocol.values()) {
            if (p.falcoName().equals(name)) {
                return p;
            }
        }
        return NetworkProtocol.TCP;
    }

    private static Optional<SocketEndpoint> endpoint(Slots f, String ip, String port) {
        return SocketEndpoints.of(str(f, ip), num(f, port).orElse(0L));
    }

    /**
     * Parses Falco's own form, {@code 2026-01-02T03:04:05.123456789Z} (0 to 9 fraction digits, UTC),
     * without the general ISO parser; null for anything else, which {@link Instant#parse} then decides.
     */
    static Instant fastInstant(String t) {
        int n = t.length();
        if (n < 20 || n > 30 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || hour > 23
                || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            if (t.charAt(19) != '.' || n == 21) {
                return null;
            }
            int fraction = digits(t, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = n - 1 - 20; i < 9; i++) {
                nanos *= 10;
            }
        } else if (t.charAt(19) != 'Z') {
            return null;
        }
        if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3600L + minute * 60L + second, nanos);
    }

    private static int digits(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Splits on spaces, after {@code first} when given; an immutable list. */
    private static List<String> words(String text, String first) {
        String[] out = new String[8];
        int count = 0;
        if (first != null) {
            out[count++] = first;
        }
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < n && text.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                if (count == out.length) {
                    out = java.util.Arrays.copyOf(out, count * 2);
                }
                out[count++] = text.substring(start, i);
            }
        }
        return count == out.length ? List.of(out) : List.of(java.util.Arrays.copyOf(out, count));
    }

    private static Optional<String> str(Slots o, String name) {
        return str(o, slot(name));
    }

    private static Optional<Long> num(Slots o, String name) {
        return num(o, slot(name));
    }

    private static int slot(String name) {
        Integer i = SLOT.get(name);
        if (i == null) {
            throw new IllegalStateException("field not mapped: " + name);
        }
        return i;
    }

    private static Optional<String> str(Slots o, int slot) {
        String v = text(o, slot);
        return v == null ? Optional.empty() : Optional.of(v);
    }

    /** The value as text, or null when absent or null/nested. */
    private static String text(Slots o, int slot) {
        Object v = o.values[slot];
        if (v == null || v == NULL) {
            return null;
        }
        return v.toString();
    }

    private static Optional<Long> num(Slots o, int slot) {
        Object v = o.values[slot];
        if (v instanceof Long l) {
            return Optional.of(l);
        }
        if (v instanceof String s) {
            try {
                return Optional.of(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A number, or the default when absent or not an integer (as {@code num(o, slot).orElse(dflt)}). */
    private static long num(Slots o, int slot, long dflt) {
        Object v = o.values[slot];
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
        return dflt;
    }

    /** The output_fields values this mapper reads, by slot; see {@link #SLOT}. */
    private static final class Slots {
        final Object[] values = new Object[NAMES.length];
        Set<String> others;
    }
}
