package dev.containersec.sbom.internal.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.containersec.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The mirror check file: {@code parse(write(x))} is {@code x}; anything else is an InvalidInputException. */
class MirrorChecksProperties {

    @Property(tries = 300)
    void parse_write_roundTrips(@ForAll("checkLists") List<MirrorChecks.Check> checks) {
        Map<String, MirrorChecks.Check> expected = new TreeMap<>();
        checks.forEach(c -> expected.put(c.ecosystem(), c));
        assertThat(MirrorChecks.parse(MirrorChecks.write(checks), "f")).isEqualTo(expected);
    }

    @Property(tries = 500)
    void parse_damagedDocuments_onlyEverThrowsInvalidInput(@ForAll("damaged") byte[] bytes) {
        Throwable t = catchThrowable(() -> MirrorChecks.parse(bytes, "f"));
        if (t != null) {
            assertThat(t).isInstanceOf(InvalidInputException.class);
        }
    }

    @Property(tries = 200)
    void parse_arbitraryBytes_onlyEverThrowsInvalidInput(@ForAll byte[] bytes) {
        Throwable t = catchThrowable(() -> MirrorChecks.parse(bytes, "f"));
        if (t != null) {
            assertThat(t).isInstanceOf(InvalidInputException.class);
        }
    }

    @Provide
    Arbitrary<List<MirrorChecks.Check>> checkLists() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(40)
                .filter(s -> s.codePoints().noneMatch(cp -> cp >= 0xd800 && cp <= 0xdfff));
        Arbitrary<Instant> when = Arbitraries.longs().between(0, 4_102_444_800_000_000L)
                .map(us -> Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1000));
        return Combinators.combine(Arbitraries.of("Go", "Maven", "crates.io", "Rocky Linux", "Debian:12").injectDuplicates(0.3),
                text, text, when).as(MirrorChecks.Check::new).list().ofMaxSize(8);
    }

    /** Valid documents cut, with bytes flipped, or with fields of the wrong type. */
    @Provide
    Arbitrary<byte[]> damaged() {
        Arbitrary<byte[]> valid = checkLists().map(MirrorChecks::write);
        Arbitrary<byte[]> cut = valid.flatMap(b -> Arbitraries.integers().between(0, b.length)
                .map(n -> java.util.Arrays.copyOf(b, n)));
        Arbitrary<byte[]> flipped = valid.flatMap(b -> Arbitraries.integers().between(0, Math.max(0, b.length - 1))
                .map(i -> {
                    byte[] c = b.clone();
                    if (c.length > 0) {
                        c[i] ^= 0x5a;
                    }
                    return c;
                }));
        Arbitrary<byte[]> shapes = Arbitraries.of(
                "{\"version\": 2, \"checks\": []}", "{\"version\": \"1\", \"checks\": []}", "[]", "null", "1",
                "{\"version\": 1}", "{\"version\": 1, \"checks\": {}}", "{\"version\": 1, \"checks\": [1]}",
                "{\"version\": 1, \"checks\": [{\"ecosystem\": 1, \"url\": \"u\", \"download\": \"d\","
                        + " \"checkedAt\": \"2026-01-01T00:00:00Z\"}]}",
                "{\"version\": 1, \"checks\": [{\"ecosystem\": \"Go\", \"url\": \"u\", \"download\": \"d\","
                        + " \"checkedAt\": \"yesterday\"}]}",
                "{\"version\": 1, \"version\": 1, \"checks\": []}",
                "{\"version\": 1, \"checks\": []} trailing", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(cut, flipped, shapes);
    }
}
