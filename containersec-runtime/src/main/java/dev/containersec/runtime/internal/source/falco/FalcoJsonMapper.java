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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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

    /**
     * Maps a line.
     *
     * @return the event, or none for a line that holds no event Falco describes (e.g. a drop notice)
     * @throws InvalidInputException if the line is not a JSON object or a field is malformed
     */
    static List<RuntimeEvent> map(String line) {
        // streamed, not a tree: only "time" and the flat "output_fields" are kept (twice as fast)
        String time = null;
        Map<String, Object> fields = null;
        boolean seenTime = false;
        boolean seenFields = false;
        try (JsonParser p = JSON.createParser(line)) {
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

    /** Reads a flat object: strings, integers (as Long), other scalars as their text; nested values skipped. */
    private static Map<String, Object> fields(JsonParser p) throws IOException {
        Map<String, Object> out = new HashMap<>(64);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            Object value = switch (t) {
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getText()
                        : (Object) p.getLongValue();
                case VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
                default -> {
                    p.skipChildren();
                    yield NULL;
                }
            };
            if (out.put(name, value) != null) {
                throw new InvalidInputException("falco-json line", "duplicate key '" + name + "' in output_fields");
            }
        }
        return out;
    }

    private static Optional<RuntimeEvent> event(String rootTime, Map<String, Object> f) {
        Instant time = time(rootTime, f);
        ProcessContext p = process(f);
        String type = str(f, "evt.type").orElseGet(() -> str(f, "fd.name").filter(n -> n.startsWith("/")).isPresent()
                ? "openat" : str(f, "proc.name").isPresent() ? "execve" : "");
        switch (type) {
            case "execve", "execveat":
                return Optional.of(new ProcessExecEvent(time, p));
            case "procexit":
                return Optional.of(new ProcessExitEvent(time, p, (int) Math.max(0, num(f, "evt.arg.status").orElse(0L))));
            case "open", "openat", "openat2", "creat": {
                Optional<String> path = str(f, "fd.name").or(() -> str(f, "evt.arg.name"));
                if (path.isEmpty() || !path.get().startsWith("/")) {
                    return Optional.empty();
                }
                return Optional.of(new FileOpenEvent(time, p, path.get(), flags(str(f, "evt.arg.flags").orElse("")),
                        (int) (num(f, "evt.arg.mode").orElse(0L) & 07777)));
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

    private static Instant time(String text, Map<String, Object> f) {
        if (text != null) {
            Instant fast = fastInstant(text);
            return fast != null ? fast : Instant.parse(text);
        }
        Optional<Long> raw = num(f, "evt.rawtime");
        return raw.map(ns -> Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L)))
                .orElse(Instant.EPOCH);
    }

    private static ProcessContext process(Map<String, Object> f) {
        String name = str(f, "proc.name").orElse("");
        List<String> args = new ArrayList<>();
        Optional<String> cmdline = str(f, "proc.cmdline");
        Optional<String> procArgs = str(f, "proc.args");
        if (cmdline.isPresent() && !cmdline.get().isEmpty()) {
            // Falco joins argv with spaces: split back, the best that can be done
            words(cmdline.get(), args);
        } else if (!name.isEmpty()) {
            args.add(name);
            procArgs.ifPresent(a -> words(a, args));
        }
        String container = str(f, "container.id").filter(c -> !c.isEmpty()).orElse(ProcessContext.HOST);
        ProcessContext.Builder b = ProcessContext.builder().pid(id32(f, "proc.pid")).ppid(id32(f, "proc.ppid"))
                .comm(name).exe(str(f, "proc.exepath").or(() -> str(f, "proc.exe")).orElse("")).args(args)
                .uid(uid(f, "user.uid")).gid(uid(f, "group.gid")).euid(uid(f, "user.uid"))
                .containerId(container).cwd(str(f, "proc.cwd").orElse(null))
                .userName(str(f, "user.name").orElse(null))
                .containerImageRepository(str(f, "container.image.repository").orElse(null));
        str(f, "proc.pname").ifPresent(pn -> b.ancestry(List.of(new ProcessAncestor(id32(f, "proc.ppid"), pn,
                str(f, "proc.pexepath").orElse("")))));
        return b.build();
    }

    private static int id32(Map<String, Object> f, String name) {
        long v = num(f, name).orElse(0L);
        return v < 0 || v > Integer.MAX_VALUE ? 0 : (int) v;
    }

    private static long uid(Map<String, Object> f, String name) {
        long v = num(f, name).orElse(0L);
        return v < 0 || v > ProcessContext.MAX_ID ? 0 : v;
    }

    private static int flags(String names) {
        int flags = 0;
        for (String n : names.split("\\|")) {
            Integer bit = FLAGS.get(n.trim());
            if (bit != null) {
                flags |= bit;
            }
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

    private static Optional<SocketEndpoint> endpoint(Map<String, Object> f, String ip, String port) {
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

    private static void words(String text, List<String> out) {
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
                out.add(text.substring(start, i));
            }
        }
    }

    private static Optional<String> str(Map<String, Object> o, String name) {
        Object v = o.get(name);
        return v == null || v == NULL ? Optional.empty() : Optional.of(v.toString());
    }

    private static Optional<Long> num(Map<String, Object> o, String name) {
        Object v = o.get(name);
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
}
