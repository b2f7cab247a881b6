package dev.containersec.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containersec.api.CapabilityChangeEvent;
import dev.containersec.api.ContainerInfo;
import dev.containersec.api.CredentialChangeEvent;
import dev.containersec.api.CredentialSyscall;
import dev.containersec.api.Digest;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ModuleLoadEvent;
import dev.containersec.api.NetworkAcceptEvent;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.NetworkEvent;
import dev.containersec.api.NetworkListenEvent;
import dev.containersec.api.NetworkProtocol;
import dev.containersec.api.ProcessAncestor;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.ProcessExitEvent;
import dev.containersec.api.PtraceEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.api.SocketEndpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * containersec's own JSON form of a {@link RuntimeEvent}, one object per line: what
 * {@code containersec watch --record} writes and the {@code replay} source reads. The form is stable:
 * fields are only ever added.
 *
 * <pre>{@code
 * {"type":"open","time":"2026-01-02T03:04:05.123456789Z",
 *  "process":{"pid":42,"ppid":1,"comm":"cat","exe":"/usr/bin/cat","args":["cat","/etc/shadow"],"uid":0,
 *             "gid":0,"euid":0,"capEffective":0,"cgroup":"/","containerId":"host","ancestry":[]},
 *  "path":"/etc/shadow","flags":0,"mode":0}
 * }</pre>
 *
 * <p>{@code type} is one of {@code exec}, {@code exit} ({@code exitCode}), {@code open} ({@code path},
 * {@code flags}, {@code mode}), {@code connect} and {@code accept} ({@code protocol}, {@code local},
 * {@code remote}, each endpoint {@code {"address","port"}}), {@code listen} ({@code protocol},
 * {@code local}, {@code backlog}), {@code credential} ({@code syscall} as {@code setresuid},
 * {@code real}, {@code effective}, {@code saved} with {@code -1} for unchanged, {@code success}),
 * {@code capability} ({@code effective}, {@code permitted}, {@code inheritable}), {@code module}
 * ({@code moduleName}, optional {@code path}) and {@code ptrace} ({@code request}, {@code targetPid}).
 * Optional process fields ({@code cwd}, {@code userName}, {@code containerImageRepository}) are left out
 * when unknown. Stateless and thread-safe.
 */
public final class RuntimeEventJson {

    /** The longest line {@link #read(String)} accepts, in characters. */
    public static final int MAX_LINE_CHARS = 1 << 20;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16)
                .maxStringLength(MAX_LINE_CHARS).build());
    }

    private RuntimeEventJson() {
    }

    /**
     * Writes an event as one line of JSON (without a line terminator).
     *
     * @param event the event
     * @return the JSON text
     */
    public static String write(RuntimeEvent event) {
        Objects.requireNonNull(event, "event");
        ObjectNode o = JSON.createObjectNode();
        o.put("type", typeOf(event));
        o.put("time", event.timestamp().toString());
        o.set("process", process(event.process()));
        if (event instanceof ProcessExitEvent e) {
            o.put("exitCode", e.exitCode());
        } else if (event instanceof FileOpenEvent f) {
            o.put("path", f.path());
            o.put("flags", f.flags());
            o.put("mode", f.mode());
        } else if (event instanceof NetworkEvent n) {
            o.put("protocol", n.protocol().falcoName());
            o.set("local", endpoint(n.local()));
            if (n instanceof NetworkConnectEvent c) {
                o.set("remote", endpoint(c.remote()));
            } else if (n instanceof NetworkAcceptEvent a) {
                o.set("remote", endpoint(a.remote()));
            } else if (n instanceof NetworkListenEvent l) {
                o.put("backlog", l.backlog());
            }
        } else if (event instanceof CredentialChangeEvent c) {
            o.put("syscall", c.syscall().syscallName());
            o.put("real", c.real());
            o.put("effective", c.effective());
            o.put("saved", c.saved());
            o.put("success", c.success());
        } else if (event instanceof CapabilityChangeEvent c) {
            o.put("effective", c.effective());
            o.put("permitted", c.permitted());
            o.put("inheritable", c.inheritable());
        } else if (event instanceof ModuleLoadEvent m) {
            o.put("moduleName", m.moduleName());
            m.path().ifPresent(p -> o.put("path", p));
        } else if (event instanceof PtraceEvent p) {
            o.put("request", p.request());
            o.put("targetPid", p.targetPid());
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an event tree", e);
        }
    }

    private static String typeOf(RuntimeEvent event) {
        if (event instanceof ProcessExecEvent) {
            return "exec";
        } else if (event instanceof ProcessExitEvent) {
            return "exit";
        } else if (event instanceof FileOpenEvent) {
            return "open";
        } else if (event instanceof NetworkConnectEvent) {
            return "connect";
        } else if (event instanceof NetworkAcceptEvent) {
            return "accept";
        } else if (event instanceof NetworkListenEvent) {
            return "listen";
        } else if (event instanceof CredentialChangeEvent) {
            return "credential";
        } else if (event instanceof CapabilityChangeEvent) {
            return "capability";
        } else if (event instanceof ModuleLoadEvent) {
            return "module";
        } else {
            return "ptrace";
        }
    }

    private static ObjectNode process(ProcessContext p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("pid", p.pid());
        o.put("ppid", p.ppid());
        o.put("comm", p.comm());
        o.put("exe", p.exe());
        ArrayNode args = o.putArray("args");
        p.args().forEach(args::add);
        o.put("uid", p.uid());
        o.put("gid", p.gid());
        o.put("euid", p.euid());
        o.put("capEffective", p.capEffective());
        o.put("cgroup", p.cgroup());
        o.put("containerId", p.containerId());
        ArrayNode ancestry = o.putArray("ancestry");
        for (ProcessAncestor a : p.ancestry()) {
            ancestry.addObject().put("pid", a.pid()).put("comm", a.comm()).put("exe", a.exe());
        }
        p.cwd().ifPresent(v -> o.put("cwd", v));
        p.userName().ifPresent(v -> o.put("userName", v));
        p.containerImageRepository().ifPresent(v -> o.put("containerImageRepository", v));
        p.container().ifPresent(c -> {
            ObjectNode n = o.putObject("container").put("id", c.containerId()).put("name", c.name())
                    .put("imageName", c.imageName());
            c.imageDigest().ifPresent(d -> n.put("imageDigest", d.toString()));
            ObjectNode labels = n.putObject("labels");
            c.labels().forEach(labels::put);
        });
        return o;
    }

    private static ObjectNode endpoint(SocketEndpoint e) {
        return JSON.createObjectNode().put("address", e.addressLiteral()).put("port", e.port());
    }

    /**
     * Reads one line written by {@link #write(RuntimeEvent)}.
     *
     * @param line the JSON text
     * @return the event
     * @throws InvalidInputException if the line is not such an event (naming the problem)
     */
    public static RuntimeEvent read(String line) {
        Objects.requireNonNull(line, "line");
        if (line.length() > MAX_LINE_CHARS) {
            throw new InvalidInputException("event line", "longer than " + MAX_LINE_CHARS + " characters");
        }
        JsonNode o;
        try {
            o = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("event line", "not JSON: " + e.getOriginalMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new InvalidInputException("event line", "not a JSON object");
        }
        try {
            return event(o);
        } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
            throw new InvalidInputException("event line", e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    private static RuntimeEvent event(JsonNode o) {
        String type = text(o, "type");
        Instant time = Instant.parse(text(o, "time"));
        ProcessContext p = process(field(o, "process"));
        switch (type) {
            case "exec":
                return new ProcessExecEvent(time, p);
            case "exit":
                return new ProcessExitEvent(time, p, integer(o, "exitCode"));
            case "open":
                return new FileOpenEvent(time, p, text(o, "path"), integer(o, "flags"), integer(o, "mode"));
            case "connect":
                return new NetworkConnectEvent(time, p, protocol(o), endpoint(field(o, "local")),
                        endpoint(field(o, "remote")));
            case "accept":
                return new NetworkAcceptEvent(time, p, protocol(o), endpoint(field(o, "local")),
                        endpoint(field(o, "remote")));
            case "listen":
                return new NetworkListenEvent(time, p, protocol(o), endpoint(field(o, "local")), integer(o, "backlog"));
            case "credential": {
                String name = text(o, "syscall");
                CredentialSyscall call;
                try {
                    call = CredentialSyscall.valueOf(name.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown syscall '" + name + "'", e);
                }
                return new CredentialChangeEvent(time, p, call, number(o, "real"), number(o, "effective"),
                        number(o, "saved"), bool(o, "success"));
            }
            case "capability":
                return new CapabilityChangeEvent(time, p, number(o, "effective"), number(o, "permitted"),
                        number(o, "inheritable"));
            case "module":
                return new ModuleLoadEvent(time, p, text(o, "moduleName"), optionalText(o, "path"));
            case "ptrace":
                return new PtraceEvent(time, p, text(o, "request"), integer(o, "targetPid"));
            default:
                throw new IllegalArgumentException("unknown type '" + type + "'; expected one of exec, exit, open, "
                        + "connect, accept, listen, credential, capability, module, ptrace");
        }
    }

    private static ProcessContext process(JsonNode o) {
        List<String> args = new ArrayList<>();
        for (JsonNode a : array(o, "args")) {
            if (!a.isTextual()) {
                throw new IllegalArgumentException("process.args must hold strings");
            }
            args.add(a.asText());
        }
        List<ProcessAncestor> ancestry = new ArrayList<>();
        for (JsonNode a : array(o, "ancestry")) {
            ancestry.add(new ProcessAncestor(integer(a, "pid"), text(a, "comm"), text(a, "exe")));
        }
        return ProcessContext.builder().pid(integer(o, "pid")).ppid(integer(o, "ppid")).comm(text(o, "comm"))
                .exe(text(o, "exe")).args(args).uid(number(o, "uid")).gid(number(o, "gid"))
                .euid(number(o, "euid")).capEffective(number(o, "capEffective")).cgroup(text(o, "cgroup"))
                .containerId(text(o, "containerId")).ancestry(ancestry).cwd(optionalText(o, "cwd").orElse(null))
                .userName(optionalText(o, "userName").orElse(null))
                .containerImageRepository(optionalText(o, "containerImageRepository").orElse(null))
                .container(container(o.get("container"))).build();
    }

    private static ContainerInfo container(JsonNode c) {
        if (c == null || c.isNull()) {
            return null;
        }
        if (!c.isObject()) {
            throw new IllegalArgumentException("process.container must be an object");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode l = c.path("labels");
        if (!l.isMissingNode() && !l.isObject()) {
            throw new IllegalArgumentException("process.container.labels must be an object");
        }
        l.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("process.container.labels must hold strings");
            }
            labels.put(e.getKey(), e.getValue().asText());
        });
        return ContainerInfo.of(text(c, "id"), text(c, "name"), text(c, "imageName"),
                optionalText(c, "imageDigest").map(Digest::parse), labels);
    }

    private static NetworkProtocol protocol(JsonNode o) {
        String name = text(o, "protocol");
        for (NetworkProtocol p : NetworkProtocol.values()) {
            if (p.falcoName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + name + "'; expected tcp, udp, icmp or raw");
    }

    private static SocketEndpoint endpoint(JsonNode o) {
        String address = text(o, "address");
        if (!address.matches("[0-9a-fA-F:.]{2,45}")) {
            throw new IllegalArgumentException("address '" + address + "' is not an IP literal");
        }
        try {
            return new SocketEndpoint(InetAddress.getByName(address), integer(o, "port"));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address '" + address + "' is not an IP literal", e);
        }
    }

    private static JsonNode field(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        return v;
    }

    private static Iterable<JsonNode> array(JsonNode o, String name) {
        JsonNode v = field(o, name);
        if (!v.isArray()) {
            throw new IllegalArgumentException("field '" + name + "' must be an array");
        }
        return v;
    }

    private static String text(JsonNode o, String name) {
        JsonNode v = field(o, name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + name + "' must be a string");
        }
        return v.asText();
    }

    private static Optional<String> optionalText(JsonNode o, String name) {
        return o.has(name) && !o.get(name).isNull() ? Optional.of(text(o, name)) : Optional.empty();
    }

    private static long number(JsonNode o, String name) {
        JsonNode v = field(o, name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + name + "' must be an integer");
        }
        return v.asLong();
    }

    private static int integer(JsonNode o, String name) {
        long v = number(o, name);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field '" + name + "' is out of range: " + v);
        }
        return (int) v;
    }

    private static boolean bool(JsonNode o, String name) {
        JsonNode v = field(o, name);
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("field '" + name + "' must be true or false");
        }
        return v.asBoolean();
    }
}
