package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.Digest;
import dev.containersec.api.OsRelease;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Platform;
import dev.containersec.api.Purl;
import dev.containersec.api.Sbom;
import dev.containersec.api.SbomSubject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Writing an SBOM and reading it back gives the same subject and the same packages (name, version,
 * type, purl, licences, locations, cataloger, metadata), in both formats, and every document written
 * validates against the official schema.
 */
class SbomRoundTripPropertiesTest {
    private static final SbomReader READER = SbomReader.withDefaults();

    @Property(tries = 150)
    void cycloneDx_writeThenRead_givesSamePackages(@ForAll("sboms") Sbom sbom) {
        byte[] doc = SbomWriter.of(SbomFormat.CYCLONEDX_JSON).toBytes(sbom);
        assertThat(OfficialSchemas.problems(OfficialSchemas.CYCLONEDX_1_6, doc)).isEmpty();
        assertSame(sbom, READER.read(doc, "generated.cdx.json"));
    }

    @Property(tries = 150)
    void spdx_writeThenRead_givesSamePackages(@ForAll("sboms") Sbom sbom) {
        byte[] doc = SbomWriter.of(SbomFormat.SPDX_JSON).toBytes(sbom);
        assertThat(OfficialSchemas.problems(OfficialSchemas.SPDX_2_3, doc)).isEmpty();
        assertSame(sbom, READER.read(doc, "generated.spdx.json"));
    }

    @Property(tries = 100)
    void cycloneDxToSpdxToCycloneDx_isStable(@ForAll("sboms") Sbom sbom) {
        Sbom viaSpdx = READER.read(SbomWriter.of(SbomFormat.SPDX_JSON).toBytes(
                READER.read(SbomWriter.of(SbomFormat.CYCLONEDX_JSON).toBytes(sbom), "a")), "b");
        assertSame(sbom, viaSpdx);
    }

    private static void assertSame(Sbom expected, Sbom actual) {
        assertThat(actual.subject()).isEqualTo(expected.subject());
        List<Package> want = new ArrayList<>(expected.packages());
        want.sort(dev.containersec.sbom.internal.document.SbomDocuments.PACKAGE_ORDER);
        assertThat(actual.packages()).hasSameSizeAs(want);
        for (int i = 0; i < want.size(); i++) {
            Package w = want.get(i);
            Package a = actual.packages().get(i);
            assertThat(a.name()).as("name").isEqualTo(w.name());
            assertThat(a.version()).as("version").isEqualTo(w.version());
            assertThat(a.type()).as("type").isEqualTo(w.type());
            assertThat(a.purl()).as("purl").isEqualTo(w.purl());
            assertThat(a.licenses()).as("licenses").isEqualTo(w.licenses());
            assertThat(a.locations()).as("locations").isEqualTo(w.locations());
            assertThat(a.foundBy()).as("foundBy").isEqualTo(w.foundBy());
            assertThat(a.metadata()).as("metadata").isEqualTo(w.metadata());
        }
    }

    /** Printable ASCII with the characters purls and JSON care about, accented Latin, CJK, NUL and emoji. */
    static Arbitrary<String> awkward(int min, int max) {
        Arbitrary<String> plain = Arbitraries.strings().ascii().withCharRange('\u00e0', '\u00ff')
                .withCharRange('\u4e00', '\u4e1f').withChars("\u0000\n\t\u00a0\u2028").ofMinLength(min).ofMaxLength(max);
        return Arbitraries.oneOf(plain, plain.map(s -> s + "\uD83D\uDE00"),
                Arbitraries.of("@scope/pkg", "a b", "100%", "x#y?z=&", "ünïcödé", "名前", "../etc/passwd", "C:\\x"));
    }

    static Arbitrary<Digest> digests() {
        return Arbitraries.strings().ascii().ofMaxLength(8).map(s -> Digest.sha256(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    static Arbitrary<String> licences() {
        return Arbitraries.oneOf(
                Arbitraries.of("MIT", "Apache-2.0", "GPL-2.0-only", "BSD-3-Clause", "LGPL-2.1-or-later", "0BSD"),
                Arbitraries.of("MIT OR Apache-2.0", "(MIT AND BSD-3-Clause) OR GPL-2.0-only", "MPL-2.0 AND MIT",
                        "GPL-2.0-or-later WITH Classpath-exception-2.0", "(MIT OR Apache-2.0)", "((MIT AND Apache-2.0))",
                        "Apache-2.0+", "(MIT)"),
                awkward(1, 20).filter(s -> !s.isBlank()));
    }

    static Arbitrary<PackageLocation> locations(List<Digest> layers) {
        Arbitrary<Integer> index = Arbitraries.integers().between(-1, Math.max(-1, layers.size() - 1));
        return Combinators.combine(awkward(0, 30), index, Arbitraries.of(true, false))
                .as((path, i, withDigest) -> new PackageLocation(path, i,
                        withDigest && i >= 0 ? Optional.of(layers.get(i)) : Optional.empty()));
    }

    static Arbitrary<Package> packages(List<Digest> layers) {
        Arbitrary<String> type = Arbitraries.of("deb", "apk", "rpm", "maven", "npm", "pypi", "golang", "generic");
        Arbitrary<String> ns = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.of("debian", "alpine", "@angular",
                "org.apache.logging.log4j", "github.com/x/y", "ünï"));
        Arbitrary<String> version = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.of("1.2.3", "1:2.36-9+deb12u4",
                "2.14.1", "v0.0.0-20240101-abcdef"), awkward(1, 12));
        Arbitrary<TreeMap<String, String>> metadata = Arbitraries.maps(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), awkward(0, 12)).ofMaxSize(3).map(TreeMap::new);
        Arbitrary<TreeMap<String, String>> qualifiers = Arbitraries.maps(Arbitraries.of("arch", "distro", "type"),
                awkward(1, 8)).ofMaxSize(2).map(TreeMap::new);
        return Combinators.combine(type, ns, awkward(1, 20), version, licences().list().ofMaxSize(3),
                        locations(layers).list().ofMaxSize(3), awkward(1, 12), metadata)
                .flatAs((t, n, name, v, lic, locs, foundBy, meta) -> Combinators.combine(qualifiers,
                        Arbitraries.of(true, false)).as((q, otherType) -> {
                            Purl purl = new Purl(t, Optional.of(n), name, Optional.of(v), q, Optional.empty());
                            return new Package(name, v, otherType ? "binary" : purl.type(), purl, lic, locs, foundBy,
                                    meta, List.of());
                        }));
    }

    @Provide
    Arbitrary<Sbom> sboms() {
        Arbitrary<List<Digest>> layers = digests().list().ofMaxSize(3);
        Arbitrary<Optional<OsRelease>> os = Arbitraries.oneOf(Arbitraries.just(Optional.empty()),
                Combinators.combine(Arbitraries.of("alpine", "debian", "rhel"), Arbitraries.of("", "3.20.3", "12"),
                        awkward(0, 10), Arbitraries.of(List.<String>of(), List.of("rhel", "fedora")))
                        .as((id, v, pretty, like) -> Optional.of(new OsRelease(id, v, "", pretty, like, "/etc/os-release"))));
        Arbitrary<Optional<Platform>> platform = Arbitraries.of(Optional.empty(), Optional.of(Platform.parse("linux/amd64")),
                Optional.of(Platform.parse("linux/arm/v7")));
        return layers.flatMap(ls -> Combinators.combine(awkward(1, 30).filter(s -> !s.isBlank()),
                        digests().optional(), digests().optional(), platform, os, packages(ls).list().ofMaxSize(6))
                .as((name, manifest, config, p, o, pkgs) ->
                        new Sbom(new SbomSubject(name, manifest, config, p, o, ls), pkgs, List.of())));
    }
}
