package dev.containersec.runtime.internal.source.falco;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The fast timestamp path agrees with {@link Instant#parse} wherever it answers. */
class FalcoTimeProperties {

    @Property(tries = 2000)
    void fastInstant_readsEveryInstantsOwnText(@ForAll("instants") Instant instant) {
        assertThat(FalcoJsonMapper.fastInstant(instant.toString())).isEqualTo(instant);
    }

    @Property(tries = 2000)
    void fastInstant_onMutatedText_isNullOrWhatInstantParseSays(@ForAll("mutated") String text) {
        Instant fast = FalcoJsonMapper.fastInstant(text);
        if (fast != null) {
            assertThat(fast).isEqualTo(Instant.parse(text));
        } else {
            try {
                Instant.parse(text);
            } catch (DateTimeParseException e) {
                // both refuse: fine
            }
        }
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("9999-12-31T23:59:59Z").getEpochSecond()).flatMap(s -> Arbitraries.of(0, 1, 3, 6, 9)
                .flatMap(digits -> Arbitraries.integers().between(0, 999_999_999)
                        .map(n -> Instant.ofEpochSecond(s, digits == 0 ? 0 : n - n % (int) Math.pow(10, 9 - digits)))));
    }

    @Provide
    Arbitrary<String> mutated() {
        String base = "2026-02-28T23:59:59.123456789Z";
        return Arbitraries.integers().between(0, base.length() - 1).flatMap(at -> Arbitraries.strings()
                .withChars("0123456789:.-TZ+x").ofMaxLength(2).map(s -> base.substring(0, at) + s + base.substring(at + 1)));
    }
}
