package dev.containersec.runtime.internal.source.ebpf;

import dev.containersec.runtime.internal.source.ContainerIds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Hostile or garbled bpftrace lines never escape the decoder: they are counted. */
class BpftraceDecoderProperties {

    private static final List<String> LINES = List.of(
            "exec\t5000\t42\t42\t10\t0\t0\t0\t3\t77\tsh\\x00\t42\t/usr/bin/sh",
            "open\t5000\t7\t7\t1\t0\t0\t0\t0\t1\tcat\t-100\t577\t420\t/tmp/a",
            "connect\t5000\t7\t7\t1\t0\t0\t0\t0\t1\tcurl\t2\t443\t10.0.0.1",
            "cred\t5000\t8\t8\t1\t0\t0\t0\t0\t1\tsu\tsetresuid\t0\t-1\t-1", "ret\t5001\t8\t0",
            "capset\t5000\t8\t8\t1\t0\t0\t0\t0\t1\tx\t1\t2\t3", "execve\t4000\t42\t/usr/bin/sh",
            "argv\t4000\t42\t0\tsh");

    @Property(tries = 500)
    void anyLine_isDecodedOrCounted(@ForAll("lines") List<String> lines) {
        BpftraceDecoder d = new BpftraceDecoder(0, new ContainerIds(Path.of("/nonexistent-proc"), 8),
                Path.of("/nonexistent-proc"), -1);
        List<Object> out = new ArrayList<>();
        for (String line : lines) {
            d.decode(line, out::add);
        }
    }

    @Provide
    Arbitrary<List<String>> lines() {
        Arbitrary<String> mutated = Arbitraries.of(LINES).flatMap(l -> Arbitraries.integers().between(0, l.length() - 1)
                .flatMap(at -> Arbitraries.strings().withChars("\t-0123456789x\\:/ ").ofMaxLength(3)
                        .map(s -> l.substring(0, at) + s + l.substring(at + 1))));
        return Arbitraries.oneOf(Arbitraries.of(LINES), mutated, Arbitraries.strings().ofMaxLength(80)).list()
                .ofMaxSize(8);
    }
}
