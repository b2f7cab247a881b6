package dev.containersec.runtime.internal.source.tetragon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.containersec.api.ContainerInfo;
import dev.containersec.api.CredentialChangeEvent;
import dev.containersec.api.Digest;
import dev.containersec.api.CredentialSyscall;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ModuleLoadEvent;
import dev.containersec.api.NetworkAcceptEvent;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.NetworkProtocol;
import dev.containersec.api.ProcessAncestor;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.ProcessExitEvent;
import dev.containersec.api.PtraceEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.api.SocketEndpoint;
import dev.containersec.runtime.internal.rules.Capabilities;
import dev.containersec.runtime.internal.source.SocketEndpoints;
import dev.containersec.runtime.internal.source.ebpf.PtraceRequests;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Maps one line of Tetragon's JSON export (the {@code GetEventsResponse} of its gRPC API as protobuf
 * JSON: one object per line with one event key, {@code node_name} and {@code time}) to runtime events.
 *
 * <p>Mapped: {@code process_exec} (exec), {@code process_exit} (exit, {@code status} as the exit code),
 * {@code process_kprobe} on {@code tcp_connect} and {@code connect} (connect), {@code inet_csk_accept}
 * (accept, from the returned socket), {@code fd_install}, {@code security_file_open},
 * {@code security_file_permission}, {@code openat}/{@code open} (file open), the set*id system calls
 * (credential change), {@code ptrace}, and any hook whose argument is a kernel module (module load);
 * {@code process_tracepoint} on {@code syscalls/sys_enter_set*id} whose integer arguments are exactly the
 * ids. Everything else is an unsupported kind: counted by name ({@code process_uprobe},
 * {@code process_kprobe:security_bprm_check}, ...; at most {@value #MAX_KIND_NAMES} names, the rest under
 * {@code other}) and skipped. The process context comes from {@code process} (pid, {@code
 * process_credentials} or else {@code uid} as real and effective id, binary, arguments, cwd, {@code cap},
 * the container id from {@code pod.container.id} or {@code docker}, the image repository from {@code
 * pod.container.image.name}) and its ancestry from {@code parent} and {@code ancestors}. Tetragon writes
 * {@code UInt32Value} wrappers as plain numbers; {@code {"value": n}} is accepted too.
 *
 * <p>Thread-safe: the counters may be read while another thread maps.
 */
public final class TetragonJsonMapper {

    /** Most distinct unsupported kinds counted by name. */
    public static final int MAX_KIND_NAMES = 64;
    /** Most ancestors taken from one event. */
    static final int MAX_ANCESTORS = 32;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
    }

    private static final Set<String> META = Set.of("node_name", "time", "cluster_name", "node_labels",
            "aggregation_info");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{12,64}");
    private static final Pattern KIND = Pattern.compile("[A-Za-z0-9_:/.\\-]{1,80}");
    private static final String[] SYSCALL_PREFIXES = {"__x64_sys_", "__arm64_sys_", "__ia32_sys_", "__se_sys_",
        "__do_sys_", "ksys_", "sys_"};
    private static final int MAY_WRITE = 0x2;
    private static final int MAY_READ = 0x4;
    private static final int MAY_APPEND = 0x8;

    private final Map<String, AtomicLong> skipped = new ConcurrentHashMap<>();
    private final AtomicLong skippedTotal = new AtomicLong();

    /** Creates a mapper with empty counters. */
    public TetragonJsonMapper() {
    }

    /**
     * Maps a line.
     *
     * @param line one JSON object
     * @return the events (none for a supported-but-empty or unsupported event, which is counted)
     * @throws InvalidInputException if the line is not a JSON object holding an event, or a field is malformed
     */
    public List<RuntimeEvent> map(String line) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("tetragon-json line", "not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("tetragon-json line", "not a JSON object");
        }
        String kind = null;
        JsonNode body = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!META.contains(e.getKey()) && e.getValue().isObject()) {
                kind = e.getKey();
                body = e.getValue();
                break;
            }
        }
        if (kind == null) {
            throw new InvalidInputException("tetragon-json line", "no event: expected a key such as process_exec");
        }
        try {
            Instant time = str(root, "time").map(Instant::parse).orElse(Instant.EPOCH);
            Optional<RuntimeEvent> event = switch (kind) {
                case "process_exec" -> Optional.of(new ProcessExecEvent(time, process(body)));
                case "process_exit" -> Optional.of(new ProcessExitEvent(time, process(body),
                        (int) Math.min(Integer.MAX_VALUE, Math.max(0, num(body, "status").orElse(0L)))));
                case "process_kprobe" -> kprobe(time, body);
                case "process_tracepoint" -> tracepoint(time, body);
                default -> {
                    skip(kind);
                    yield Optional.empty();
                }
            };
            return event.map(List::of).orElse(List.of());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidInputException("tetragon-json line", e.getMessage(), e);
        }
    }

    /**
     * Returns the unsupported events skipped so far, by kind name.
     *
     * @return a snapshot, in no particular order
     */
    public Map<String, Long> skippedKinds() {
        Map<String, Long> copy = new LinkedHashMap<>();
        skipped.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /**
     * Returns how many unsupported events were skipped.
     *
     * @return the count
     */
    public long skippedTotal() {
        return skippedTotal.get();
    }

    private void skip(String kind) {
        skippedTotal.incrementAndGet();
        String key = KIND.matcher(kind).matches() ? kind : "other";
        AtomicLong counter = skipped.get(key);
        if (counter == null) {
            if (skipped.size() >= MAX_KIND_NAMES) {
                key = "other";
            }
            counter = skipped.computeIfAbsent(key, k -> new AtomicLong());
        }
        counter.incrementAndGet();
    }

    private Optional<RuntimeEvent> kprobe(Instant time, JsonNode body) {
        String function = str(body, "function_name").orElse("");
        String call = syscallName(function);
        List<JsonNode> args = new ArrayList<>();
        body.path("args").forEach(args::add);
        ProcessContext p = process(body);
        switch (call) {
            case "tcp_connect": {
                JsonNode sock = first(args, "sock_arg");
                if (sock != null) {
                    Optional<SocketEndpoint> remote = endpoint(sock, "daddr", "dport");
                    if (remote.isPresent()) {
                        SocketEndpoint local = endpoint(sock, "saddr", "sport")
                                .orElse(SocketEndpoints.anyLike(remote.get()));
                        return Optional.of(new NetworkConnectEvent(time, p, protocol(sock), local, remote.get()));
                    }
                }
                break;
            }
            case "connect": {
                JsonNode sa = first(args, "sockaddr_arg");
                if (sa != null) {
                    Optional<SocketEndpoint> remote = endpoint(sa, "addr", "port");
                    if (remote.isPresent()) {
                        return Optional.of(new NetworkConnectEvent(time, p, NetworkProtocol.TCP,
                                SocketEndpoints.anyLike(remote.get()), remote.get()));
                    }
                }
                break;
            }
            case "inet_csk_accept": {
                JsonNode sock = body.path("return").get("sock_arg");
                if (sock == null) {
                    sock = first(args, "sock_arg");
                }
                if (sock != null) {
                    Optional<SocketEndpoint> local = endpoint(sock, "saddr", "sport");
                    Optional<SocketEndpoint> remote = endpoint(sock, "daddr", "dport");
                    if (local.isPresent() && remote.isPresent()) {
                        return Optional.of(new NetworkAcceptEvent(time, p, protocol(sock), local.get(), remote.get()));
                    }
                }
                break;
            }
            case "fd_install", "security_file_open", "security_file_permission", "openat", "open", "openat2": {
                Optional<String> path = filePath(args);
                if (path.isPresent() && path.get().startsWith("/")) {
                    return Optional.of(new FileOpenEvent(time, p, path.get(), openFlags(call, args), 0));
                }
                break;
            }
            case "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid": {
                List<Long> ids = ints(args);
                Optional<RuntimeEvent> e = credential(time, p, call, ids,
                        body.path("return").has("int_arg") ? body.path("return").get("int_arg").asLong() == 0 : true);
                if (e.isPresent()) {
                    return e;
                }
                break;
            }
            case "ptrace": {
                List<Long> ints = ints(args);
                if (!ints.isEmpty()) {
                    return Optional.of(new PtraceEvent(time, p, PtraceRequests.name(ints.get(0)),
                            ints.size() > 1 ? (int) Math.max(0, Math.min(Integer.MAX_VALUE, ints.get(1))) : 0));
                }
                break;
            }
            default: {
                JsonNode module = first(args, "module_arg");
                if (module != null) {
                    return Optional.of(new ModuleLoadEvent(time, p, str(module, "name").orElse(""), Optional.empty()));
                }
                break;
            }
        }
        skip("process_kprobe:" + (function.isEmpty() ? "unnamed" : function));
        return Optional.empty();
    }

    private Optional<RuntimeEvent> tracepoint(Instant time, JsonNode body) {
        String subsys = str(body, "subsys").orElse("");
        String event = str(body, "event").orElse("");
        if (subsys.equals("syscalls") && event.startsWith("sys_enter_")) {
            List<JsonNode> args = new ArrayList<>();
            body.path("args").forEach(args::add);
            Optional<RuntimeEvent> e = credential(time, process(body), event.substring("sys_enter_".length()),
                    ints(args), true);
            if (e.isPresent()) {
                return e;
            }
        }
        skip("process_tracepoint:" + subsys + "/" + event);
        return Optional.empty();
    }

    private static Optional<RuntimeEvent> credential(Instant time, ProcessContext p, String call, List<Long> ids,
                                                     boolean success) {
        CredentialSyscall syscall;
        try {
            syscall = CredentialSyscall.valueOf(call.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        long u = CredentialChangeEvent.UNCHANGED;
        int needed = call.startsWith("setres") ? 3 : call.startsWith("setre") ? 2 : 1;
        if (ids.size() != needed) {
            return Optional.empty();
        }
        List<Long> v = ids.stream().map(TetragonJsonMapper::credentialId).toList();
        return Optional.of(switch (needed) {
            case 1 -> new CredentialChangeEvent(time, p, syscall, u, v.get(0), u, success);
            case 2 -> new CredentialChangeEvent(time, p, syscall, v.get(0), v.get(1), u, success);
            default -> new CredentialChangeEvent(time, p, syscall, v.get(0), v.get(1), v.get(2), success);
        });
    }

    private static long credentialId(long raw) {
        long id = raw & 0xFFFF_FFFFL;
        return id == 0xFFFF_FFFFL ? CredentialChangeEvent.UNCHANGED : id;
    }

    static String syscallName(String function) {
        for (String prefix : SYSCALL_PREFIXES) {
            if (function.startsWith(prefix)) {
                return function.substring(prefix.length());
            }
        }
        return function;
    }

    private static int openFlags(String call, List<JsonNode> args) {
        List<Long> ints = ints(args);
        switch (call) {
            case "security_file_permission": {
                long mask = ints.isEmpty() ? MAY_READ : ints.get(0);
                boolean write = (mask & (MAY_WRITE | MAY_APPEND)) != 0;
                boolean read = (mask & MAY_READ) != 0;
                int flags = write && read ? FileOpenEvent.O_RDWR : write ? FileOpenEvent.O_WRONLY : FileOpenEvent.O_RDONLY;
                return (mask & MAY_APPEND) != 0 ? flags | FileOpenEvent.O_APPEND : flags;
            }
            case "openat", "open", "openat2": {
                // the syscall's flags are its last integer argument (after the directory fd for openat)
                int expected = call.equals("open") ? 1 : 2;
                return ints.size() >= expected ? (int) (long) ints.get(expected - 1) : 0;
            }
            default: {
                JsonNode file = first(args, "file_arg");
                return file == null ? 0 : flagNames(str(file, "flags").orElse(""));
            }
        }
    }

    private static int flagNames(String names) {
        int flags = 0;
        for (String n : names.split("[|, ]+")) {
            flags |= switch (n) {
                case "O_WRONLY" -> FileOpenEvent.O_WRONLY;
                case "O_RDWR" -> FileOpenEvent.O_RDWR;
                case "O_CREAT" -> FileOpenEvent.O_CREAT;
                case "O_TRUNC" -> FileOpenEvent.O_TRUNC;
                case "O_APPEND" -> FileOpenEvent.O_APPEND;
                case "O_EXCL" -> FileOpenEvent.O_EXCL;
                case "O_CLOEXEC" -> FileOpenEvent.O_CLOEXEC;
                case "O_DIRECTORY" -> FileOpenEvent.O_DIRECTORY;
                default -> 0;
            };
        }
        return flags;
    }

    private static Optional<String> filePath(List<JsonNode> args) {
        for (JsonNode a : args) {
            for (String key : new String[] {"file_arg", "path_arg"}) {
                JsonNode f = a.get(key);
                if (f != null && f.isObject()) {
                    return str(f, "path");
                }
            }
            JsonNode s = a.get("string_arg");
            if (s != null && s.isTextual() && s.asText().startsWith("/")) {
                return Optional.of(s.asText());
            }
        }
        return Optional.empty();
    }

    private static List<Long> ints(List<JsonNode> args) {
        List<Long> out = new ArrayList<>();
        for (JsonNode a : args) {
            for (String key : new String[] {"int_arg", "uint_arg", "long_arg", "size_arg"}) {
                JsonNode v = a.get(key);
                if (v != null) {
                    if (v.isIntegralNumber() && v.canConvertToLong()) {
                        out.add(v.asLong());
                    } else if (v.isTextual()) {
                        try {
                            out.add(Long.parseLong(v.asText()));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException(key + " is not an integer: '" + v.asText() + "'", e);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static JsonNode first(List<JsonNode> args, String key) {
        for (JsonNode a : args) {
            JsonNode v = a.get(key);
            if (v != null && v.isObject()) {
                return v;
            }
        }
        return null;
    }

    private static NetworkProtocol protocol(JsonNode sock) {
        String p = str(sock, "protocol").orElse("IPPROTO_TCP");
        return switch (p) {
            case "IPPROTO_UDP" -> NetworkProtocol.UDP;
            case "IPPROTO_ICMP", "IPPROTO_ICMPV6" -> NetworkProtocol.ICMP;
            default -> NetworkProtocol.TCP;
        };
    }

    private static Optional<SocketEndpoint> endpoint(JsonNode o, String ip, String port) {
        return SocketEndpoints.of(str(o, ip), num(o, port).orElse(0L));
    }

    static ProcessContext process(JsonNode body) {
        JsonNode proc = body.path("process");
        String binary = str(proc, "binary").orElse("");
        List<String> args = new ArrayList<>();
        String base = binary.substring(binary.lastIndexOf('/') + 1);
        if (!binary.isEmpty()) {
            args.add(binary);
        }
        args.addAll(splitArguments(str(proc, "arguments").orElse("")));
        JsonNode cred = proc.path("process_credentials");
        long euid = id(proc, "uid");
        long uid = cred.isObject() && cred.has("uid") ? id(cred, "uid") : euid;
        long gid = cred.isObject() ? id(cred, "gid") : 0;
        if (cred.isObject() && cred.has("euid")) {
            euid = id(cred, "euid");
        }
        JsonNode parent = body.path("parent");
        List<ProcessAncestor> ancestry = new ArrayList<>();
        if (parent.isObject()) {
            ancestry.add(ancestor(parent));
        }
        for (JsonNode a : body.path("ancestors")) {
            if (ancestry.size() >= MAX_ANCESTORS) {
                break;
            }
            if (a.isObject()) {
                ancestry.add(ancestor(a));
            }
        }
        JsonNode container = proc.path("pod").path("container");
        Optional<String> image = str(container.path("image"), "name").filter(s -> !s.isBlank())
                .map(TetragonJsonMapper::repository);
        String containerId = containerId(proc);
        ContainerInfo info = null;
        if (!containerId.equals(ProcessContext.HOST) && container.isObject()) {
            Optional<Digest> digest = str(container.path("image"), "id").flatMap(TetragonJsonMapper::digestOf);
            info = ContainerInfo.of(containerId, str(container, "name").orElse(""),
                    str(container.path("image"), "name").orElse(""), digest, Map.of());
        }
        return ProcessContext.builder().pid(pid(proc)).ppid(parent.isObject() ? pid(parent) : 0)
                .comm(base.length() > 15 ? base.substring(0, 15) : base).exe(binary).args(args)
                .uid(uid).gid(gid).euid(euid).capEffective(caps(proc.path("cap").path("effective")))
                .containerId(containerId).container(info).ancestry(ancestry)
                .cwd(str(proc, "cwd").filter(c -> c.startsWith("/")).orElse(null))
                .userName(str(proc.path("user"), "name").filter(n -> !n.isEmpty()).orElse(null))
                .containerImageRepository(image.orElse(null)).build();
    }

    private static Optional<Digest> digestOf(String imageId) {
        int at = imageId.lastIndexOf('@');
        String text = at >= 0 ? imageId.substring(at + 1) : imageId;
        try {
            return Optional.of(Digest.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static ProcessAncestor ancestor(JsonNode p) {
        String binary = str(p, "binary").orElse("");
        String base = binary.substring(binary.lastIndexOf('/') + 1);
        return new ProcessAncestor(pid(p), base.length() > 15 ? base.substring(0, 15) : base, binary);
    }

    /** The image repository of an image name: {@code docker.io/library/nginx:1.25} gives {@code docker.io/library/nginx}. */
    static String repository(String imageName) {
        String name = imageName;
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            name = name.substring(0, colon);
        }
        return name;
    }

    private static String containerId(JsonNode proc) {
        Optional<String> id = str(proc.path("pod").path("container"), "id").map(s -> {
            int scheme = s.indexOf("://");
            return scheme >= 0 ? s.substring(scheme + 3) : s;
        }).or(() -> str(proc, "docker"));
        return id.map(s -> s.toLowerCase(Locale.ROOT)).filter(s -> HEX.matcher(s).matches())
                .map(s -> s.substring(0, 12)).orElse(ProcessContext.HOST);
    }

    private static long caps(JsonNode names) {
        long set = 0;
        for (JsonNode n : names) {
            int bit = Capabilities.number(n.asText());
            if (bit >= 0) {
                set |= 1L << bit;
            }
        }
        return set;
    }

    /**
     * Splits Tetragon's {@code arguments} string back into words: words are separated by spaces, and a word
     * that held a space is written in double quotes (with {@code \"} for a quote inside).
     */
    static List<String> splitArguments(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                    word.append(text.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == ' ') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '"' && !inWord) {
                quoted = true;
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static int pid(JsonNode p) {
        long v = num(p, "pid").orElse(0L);
        return v < 0 || v > Integer.MAX_VALUE ? 0 : (int) v;
    }

    private static long id(JsonNode p, String name) {
        long v = num(p, name).orElse(0L);
        return v < 0 || v > ProcessContext.MAX_ID ? 0 : v;
    }

    private static Optional<String> str(JsonNode o, String name) {
        JsonNode v = o.get(name);
        return v == null || v.isNull() || v.isContainerNode() ? Optional.empty() : Optional.of(v.asText());
    }

    private static Optional<Long> num(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v != null && v.isObject()) {
            v = v.get("value");
        }
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return Optional.of(v.asLong());
        }
        if (v.isTextual()) {
            try {
                return Optional.of(Long.parseLong(v.asText().trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
