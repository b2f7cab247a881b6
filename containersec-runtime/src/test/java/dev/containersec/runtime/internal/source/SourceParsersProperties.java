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
