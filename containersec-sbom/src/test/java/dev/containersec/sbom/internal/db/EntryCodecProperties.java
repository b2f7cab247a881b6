package dev.containersec.sbom.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.sbom.OsvAffected;
import dev.containersec.sbom.OsvEvent;
import dev.containersec.sbom.OsvRange;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@code decode(encode(x))} is {@code x} for generated affected entries, including tabs, newlines, backslashes. */
class EntryCodecProperties {

    @Property(tries = 300)
    void decode_encode_roundTrips(@ForAll("entries") OsvAffected entry) {
        assertThat(EntryCodec.decode(EntryCodec.encode(entry))).isEqualTo(entry);
    }

    @Provide
    Arbitrary<OsvAffected> entries() {
        Arbitrary<String> text = Arbitraries.strings().withChars("ab1.:-\\\t\n/@ é").ofMinLength(1).ofMaxLength(12);
        Arbitrary<OsvEvent> event = Combinators.combine(Arbitraries.of(OsvEvent.Kind.class), text).as(OsvEvent::new);
        Arbitrary<OsvRange> range = Combinators.combine(Arbitraries.of(OsvRange.Type.class),
                event.list().ofMinSize(1).ofMaxSize(4), text.optional())
                .as((t, e, r) -> new OsvRange(t, e, r));
        return Combinators.combine(text, text, range.list().ofMaxSize(3), text.list().ofMaxSize(3))
                .as(OsvAffected::new);
    }

    @Property(tries = 50)
    void decode_repoIsOptional(@ForAll("plain") String version) {
        OsvAffected a = new OsvAffected("Go", "m", List.of(new OsvRange(OsvRange.Type.SEMVER,
                List.of(OsvEvent.introduced(version)), Optional.empty())), List.of());
        assertThat(EntryCodec.decode(EntryCodec.encode(a))).isEqualTo(a);
    }

    @Provide
    Arbitrary<String> plain() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8);
    }
}
