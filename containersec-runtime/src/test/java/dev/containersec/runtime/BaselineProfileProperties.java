package dev.containersec.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BaselineProfileProperties {

    @Property(tries = 200)
    void parse_ofToJson_roundTrips(@ForAll("profiles") BaselineProfile profile) {
        String json = profile.toJson();
        BaselineProfile back = BaselineProfile.parse("p", json, ScanLimits.defaults());
        assertThat(back).isEqualTo(profile);
        assertThat(back.toJson()).isEqualTo(json);
    }

    @Property(tries = 300)
    void parse_arbitraryText_onlyDocumentedExceptions(@ForAll("mutated") String text) {
        try {
            BaselineProfile.parse("p", text, ScanLimits.defaults());
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> mutated() {
        return profiles().flatMap(p -> {
            String json = p.toJson();
            return Arbitraries.integers().between(0, json.length()).flatMap(pos -> Arbitraries.strings()
                    .withChars("{}[]\",:0123456789 -/a\\").ofMaxLength(4)
                    .map(ins -> json.substring(0, pos) + ins + json.substring(Math.min(json.length(), pos + 2))));
        });
    }

    @Provide
    Arbitrary<BaselineProfile> profiles() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').withChars("äé€").ofMinLength(1)
                .ofMaxLength(20);
        Arbitrary<String> path = text.map(s -> "/" + s);
        Arbitrary<String> egress = Combinators.combine(Arbitraries.of("tcp", "udp"),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(8, 32),
                Arbitraries.integers().between(0, 65535))
                .as((pr, b, pre, port) -> pr + " " + IpNetText.v4(b, pre) + " " + port);
        Arbitrary<String> listen = Combinators.combine(Arbitraries.of("tcp", "udp"),
                Arbitraries.integers().between(0, 65535)).as((pr, port) -> pr + " " + port);
        Arbitrary<String> parent = Combinators.combine(text, text).as((a, b) -> a + " -> " + b);
        Map<BaselineCategory, Arbitrary<String>> gen = Map.of(BaselineCategory.PROCESS, text,
                BaselineCategory.PARENT, parent, BaselineCategory.FILE_WRITE, path,
                BaselineCategory.EGRESS, egress, BaselineCategory.LISTEN, listen);
        Arbitrary<BaselineProfile.Workload> workload = Combinators.combine(
                gen.get(BaselineCategory.PROCESS).set().ofMaxSize(4), gen.get(BaselineCategory.PARENT).set().ofMaxSize(3),
                gen.get(BaselineCategory.FILE_WRITE).set().ofMaxSize(4), gen.get(BaselineCategory.EGRESS).set().ofMaxSize(3),
                gen.get(BaselineCategory.LISTEN).set().ofMaxSize(3), Arbitraries.longs().between(0, Long.MAX_VALUE))
                .as((a, b, c, d, e, o) -> {
                    EnumMap<BaselineCategory, SortedSet<String>> m = new EnumMap<>(BaselineCategory.class);
                    m.put(BaselineCategory.PROCESS, new TreeSet<>(a));
                    m.put(BaselineCategory.PARENT, new TreeSet<>(b));
                    m.put(BaselineCategory.FILE_WRITE, new TreeSet<>(c));
                    m.put(BaselineCategory.EGRESS, new TreeSet<>(d));
                    m.put(BaselineCategory.LISTEN, new TreeSet<>(e));
                    return new BaselineProfile.Workload(m, Map.of(BaselineCategory.PROCESS, o));
                });
        return Arbitraries.maps(text, workload).ofMaxSize(3).map(m -> new BaselineProfile(new TreeMap<>(m)));
    }

    static final class IpNetText {
        static String v4(int b, int prefix) {
            long addr = ((long) b << 24) | 0x0A0B0CL;
            long masked = prefix == 0 ? 0 : addr & (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            return List.of((masked >> 24) & 255, (masked >> 16) & 255, (masked >> 8) & 255, masked & 255).stream()
                    .map(String::valueOf).reduce((x, y) -> x + "." + y).orElseThrow() + "/" + prefix;
        }
    }
}
