package dev.containersec.sbom.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.containersec.api.InvalidInputException;

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

    @Property(tries = 300)
    void decodeUtf8_readsWhatDecodeReads(@ForAll("entries") OsvAffected entry) {
        String text = EntryCodec.encode(entry);
        assertThat(EntryCodec.decode(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(EntryCodec.decode(text)).isEqualTo(entry);
    }

    @Property(tries = 200)
    void decode_damagedText_isInvalidInputInBothForms(@ForAll("damaged") String text) {
        Throwable fromText = catchThrowable(() -> EntryCodec.decode(text));
        Throwable fromBytes = catchThrowable(() -> EntryCodec.decode(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (fromText == null) {
            assertThat(fromBytes).isNull();
            assertThat(EntryCodec.decode(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .isEqualTo(EntryCodec.decode(text));
        } else {
            assertThat(fromText).isInstanceOf(InvalidInputException.class);
            assertThat(fromBytes).isInstanceOf(InvalidInputException.class);
        }
    }

    @Provide
    Arbitrary<String> damaged() {
        Arbitrary<String> line = Arbitraries.oneOf(Arbitraries.of("P\tnpm\tx", "P\tnpm", "R\tSEMVER\t", "R\tSEMVERX\t",
                "R\tGIT", "E\tFIXED\t1.0", "E\tFIXED", "E\tfixed\t1", "V\t1.0", "X\t1", "PP\ta\tb", "\tP", "P",
                "E\tLIMIT\t*", "P\tDebian:12\tcurl"), Arbitraries.strings().withChars("PREV\t\n\\a1").ofMaxLength(8));
        return line.list().ofMaxSize(5).map(l -> String.join("\n", l));
    }

    @Provide
    Arbitrary<OsvAffected> entries() {
        Arbitrary<String> text = Arbitraries.strings().withChars("ab1.:-\\\t\n/@ é€").ofMinLength(1).ofMaxLength(12);
        Arbitrary<OsvEvent> event = Combinators.combine(Arbitraries.of(OsvEvent.Kind.class), text).as(OsvEvent::new);
        Arbitrary<OsvRange> range = Combinators.combine(Arbitraries.of(OsvRange.Type.class),
                event.list().ofMinSize(1).ofMaxSize(4), text.optional())
                .as((t, e, r) -> new OsvRange(t, e, r));
        Arbitrary<String> ecosystem = Arbitraries.oneOf(text, Arbitraries.of("npm", "Go", "Red Hat", "crates.io", "Debian:12"));
        return Combinators.combine(ecosystem, text, range.list().ofMaxSize(3), text.list().ofMaxSize(3))
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
