package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.Purl;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@code Purl.parse(p.toString()).equals(p)} for generated purls, and parsing arbitrary text fails only as documented. */
class PurlPropertiesTest {

    @Property(tries = 500)
    void parse_ofToString_givesEqualPurl(@ForAll("purls") Purl p) {
        assertThat(Purl.parse(p.toString())).isEqualTo(p);
        assertThat(Purl.parse(p.toString()).toString()).isEqualTo(p.toString());
    }

    @Property(tries = 500)
    void parse_arbitraryText_throwsOnlyIllegalArgument(@ForAll("purlish") String text) {
        try {
            Purl p = Purl.parse(text);
            assertThat(Purl.parse(p.toString())).isEqualTo(p);
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> purlish() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("pkg:/@?#&=%2Fab.-_ÿ名").ofMaxLength(30).map(s -> "pkg:" + s));
    }

    @Provide
    Arbitrary<Purl> purls() {
        Arbitrary<String> type = Arbitraries.of("maven", "npm", "deb", "apk", "rpm", "pypi", "golang", "generic", "oci",
                "nuget", "c++");
        Arbitrary<String> segment = SbomRoundTripPropertiesTest.awkward(1, 10).filter(s -> !s.contains("/"));
        Arbitrary<Optional<String>> namespace = Arbitraries.oneOf(Arbitraries.just(Optional.empty()),
                segment.list().ofMinSize(1).ofMaxSize(3).map(l -> Optional.of(String.join("/", l))));
        Arbitrary<Optional<String>> version = SbomRoundTripPropertiesTest.awkward(0, 12).optional();
        Arbitrary<TreeMap<String, String>> qualifiers = Arbitraries.maps(
                Arbitraries.strings().withCharRange('a', 'z').withChars("._-").ofMinLength(1).ofMaxLength(6),
                SbomRoundTripPropertiesTest.awkward(1, 8)).ofMaxSize(3).map(TreeMap::new);
        Arbitrary<Optional<String>> subpath = Arbitraries.oneOf(Arbitraries.just(Optional.empty()),
                segment.filter(s -> !s.equals(".") && !s.equals("..")).list().ofMinSize(1).ofMaxSize(3)
                        .map(l -> Optional.of(String.join("/", l))));
        return Combinators.combine(type, namespace, SbomRoundTripPropertiesTest.awkward(1, 16), version, qualifiers, subpath)
                .as(Purl::new);
    }
}
