package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Each comparator is a total order over generated versions: antisymmetric, transitive, and consistent
 * with equals and hashCode; and parsing the text of a version gives an equal version.
 */
class VersionOrderProperties {

    private static final int TRIES = 250;

    private static void assertTotalOrder(VersionScheme scheme, String a, String b, String c) {
        Version va = scheme.parse(a);
        Version vb = scheme.parse(b);
        Version vc = scheme.parse(c);
        int ab = Integer.signum(va.compareTo(vb));
        int bc = Integer.signum(vb.compareTo(vc));
        int ac = Integer.signum(va.compareTo(vc));
        assertThat(Integer.signum(vb.compareTo(va))).as("antisymmetry %s %s", a, b).isEqualTo(-ab);
        assertThat(va.compareTo(va)).isZero();
        if (ab <= 0 && bc <= 0) {
            assertThat(ac).as("transitivity %s <= %s <= %s", a, b, c).isLessThanOrEqualTo(0);
        }
        if (ab == 0 && bc == 0) {
            assertThat(ac).as("transitive equality %s %s %s", a, b, c).isZero();
        }
        assertThat(va.equals(vb)).as("equals consistent with compareTo %s %s", a, b).isEqualTo(ab == 0);
        if (ab == 0) {
            assertThat(va.hashCode()).as("hashCode %s %s", a, b).isEqualTo(vb.hashCode());
        }
        assertThat(scheme.parse(va.toString())).isEqualTo(va);
        assertThat(scheme.compare(a, b)).isEqualTo(ab);
    }

    // ---- generators: small alphabets so that equal and near-equal versions are common ----

    private static Arbitrary<String> num() {
        return Arbitraries.of("0", "1", "2", "10", "01", "00");
    }

    private static Arbitrary<String> joined(Arbitrary<String> parts, int min, int max, String... seps) {
        return Combinators.combine(parts.list().ofMinSize(min).ofMaxSize(max),
                        Arbitraries.of(seps).list().ofSize(max))
                .as((ps, ss) -> {
                    StringBuilder b = new StringBuilder(ps.get(0));
                    for (int i = 1; i < ps.size(); i++) {
                        b.append(ss.get(i)).append(ps.get(i));
                    }
                    return b.toString();
                });
    }

    @Provide
    Arbitrary<String> maven() {
        // Maven's own order is not a total order: not when a '-' list starts with a null item (0, ga,
        // final) and continues, nor when a qualifier sits between dots (1 < 1.sp.1 < 1-alpha < 1 in
        // maven-artifact 3.9.6). MavenVersionDifferentialProperties checks those shapes against Maven
        // itself; here, the shapes real artifacts use: qualifiers after '-', numbers after '.' or '-'.
        Arbitrary<String> number = Arbitraries.of("1", "2", "10");
        Arbitrary<String> qualifier = Arbitraries.of("alpha", "beta", "rc", "cr", "snapshot", "sp", "foo",
                "SNAPSHOT", "RC", "Final", "a1", "b2", "m3");
        Arbitrary<String> part = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of(".", "-"), number).as(String::concat),
                qualifier.map(q -> "-" + q));
        return Combinators.combine(number, part.list().ofMinSize(1).ofMaxSize(4))
                .as((first, rest) -> first + String.join("", rest));
    }

    @Provide
    Arbitrary<String> pep440() {
        Arbitrary<String> release = joined(num(), 1, 3, ".");
        Arbitrary<String> pre = Arbitraries.of("", "a1", "b2", "rc1", "c1", "alpha", "-beta.2", ".pre0", "a0");
        Arbitrary<String> post = Arbitraries.of("", ".post1", "-1", "post0", ".rev2", "");
        Arbitrary<String> dev = Arbitraries.of("", ".dev0", "dev1", "-dev", "");
        Arbitrary<String> local = Arbitraries.of("", "", "+abc", "+1", "+abc.1", "+1.abc", "+ABC-01");
        Arbitrary<String> epoch = Arbitraries.of("", "", "0!", "1!");
        return Combinators.combine(epoch, release, pre, post, dev, local)
                .as((e, r, p, po, d, l) -> e + r + p + po + d + l);
    }

    private static Arbitrary<String> semverShaped(Arbitrary<String> core) {
        Arbitrary<String> pre = joined(Arbitraries.of("alpha", "beta", "1", "2", "10", "rc", "x-y", "A"), 1, 3, ".");
        Arbitrary<String> build = joined(Arbitraries.of("1", "01", "0", "b", "sha", "00"), 1, 2, ".");
        return Combinators.combine(core, pre.injectNull(0.4), build.injectNull(0.6))
                .as((c, p, b) -> c + (p == null ? "" : "-" + p) + (b == null ? "" : "+" + b));
    }

    @Provide
    Arbitrary<String> semver() {
        return semverShaped(joined(Arbitraries.of("0", "1", "2", "10"), 3, 3, "."));
    }

    @Provide
    Arbitrary<String> go() {
        Arbitrary<String> core = Combinators.combine(Arbitraries.of("v", ""),
                joined(Arbitraries.of("0", "1", "2"), 3, 3, ".")).as((v, c) -> v + c);
        return Arbitraries.oneOf(semverShaped(core), Arbitraries.of("v1", "v1.0", "v2", "v1.2", "v0.0.0-20191109021931-daa7c04131f5"));
    }

    @Provide
    Arbitrary<String> pub() {
        return semverShaped(joined(Arbitraries.of("0", "1", "01", "10"), 3, 3, "."));
    }

    @Provide
    Arbitrary<String> rubygems() {
        Arbitrary<String> seg = Arbitraries.of("0", "1", "2", "10", "a", "b", "rc", "pre", "a1", "0");
        return Combinators.combine(Arbitraries.of("0", "1", "2"), joined(seg, 1, 4, "."),
                Arbitraries.of("", "", "-rc1", "-1", "-beta.2")).as((f, r, s) -> f + "." + r + s);
    }

    @Provide
    Arbitrary<String> nuget() {
        Arbitrary<String> core = joined(Arbitraries.of("0", "1", "2", "01"), 1, 4, ".");
        Arbitrary<String> label = joined(Arbitraries.of("alpha", "ALPHA", "Beta", "1", "2", "10", "-1", "rc"), 1, 3, ".");
        return Combinators.combine(core, label.injectNull(0.4), Arbitraries.of("", "", "+meta", "+x.y"))
                .as((c, l, m) -> c + (l == null ? "" : "-" + l) + m);
    }

    @Provide
    Arbitrary<String> composer() {
        Arbitrary<String> core = Combinators.combine(Arbitraries.of("", "v"), joined(num(), 1, 4, "."))
                .as((v, c) -> v + c);
        Arbitrary<String> mod = Arbitraries.of("", "", "-beta2", "-RC1", "-rc.2", "-alpha", "-patch1", "-pl2", "-dev",
                "-beta2-dev", "-stable", "b1", "+build");
        return Combinators.combine(core, mod).as((c, m) -> c + m);
    }

    @Provide
    Arbitrary<String> cran() {
        return joined(num(), 2, 4, ".", "-");
    }

    @Provide
    Arbitrary<String> hackage() {
        return joined(Arbitraries.of("0", "1", "2", "10"), 1, 4, ".");
    }

    @Provide
    Arbitrary<String> dpkg() {
        Arbitrary<String> upstream = Combinators.combine(Arbitraries.of("0", "1", "2", "10"),
                Arbitraries.strings().withChars("01a~+.b").ofMaxLength(5)).as((d, s) -> d + s);
        Arbitrary<String> revision = Arbitraries.strings().withChars("01a~+.").ofMinLength(1).ofMaxLength(3);
        return Combinators.combine(Arbitraries.of("", "", "0:", "1:", "00:"), upstream, revision.injectNull(0.5))
                .as((e, u, r) -> e + u + (r == null ? "" : "-" + r));
    }

    @Provide
    Arbitrary<String> rpm() {
        return Arbitraries.strings().withChars("01a~^._-:b").ofMinLength(1).ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> apk() {
        Arbitrary<String> core = joined(Arbitraries.of("0", "1", "2", "01", "10"), 1, 3, ".");
        Arbitrary<String> letter = Arbitraries.of("", "", "a", "b");
        Arbitrary<String> suffix = Arbitraries.of("", "", "_alpha", "_beta2", "_rc1", "_p1", "_git1", "_pre", "_alpha_pre");
        Arbitrary<String> hash = Arbitraries.of("", "", "", "~ab", "~ac1");
        Arbitrary<String> rev = Arbitraries.of("", "", "-r0", "-r1", "-r10");
        return Combinators.combine(core, letter, suffix, hash, rev).as((c, l, s, h, r) -> c + l + s + h + r);
    }

    // ---- properties ----

    @Property(tries = TRIES)
    void maven_isTotalOrder(@ForAll("maven") String a, @ForAll("maven") String b, @ForAll("maven") String c) {
        assertTotalOrder(VersionScheme.MAVEN, a, b, c);
    }

    @Property(tries = TRIES)
    void pep440_isTotalOrder(@ForAll("pep440") String a, @ForAll("pep440") String b, @ForAll("pep440") String c) {
        assertTotalOrder(VersionScheme.PEP440, a, b, c);
    }

    @Property(tries = TRIES)
    void semver_isTotalOrder(@ForAll("semver") String a, @ForAll("semver") String b, @ForAll("semver") String c) {
        assertTotalOrder(VersionScheme.SEMVER, a, b, c);
        assertTotalOrder(VersionScheme.NPM, a, b, c);
        assertTotalOrder(VersionScheme.CARGO, a, b, c);
    }

    @Property(tries = TRIES)
    void go_isTotalOrder(@ForAll("go") String a, @ForAll("go") String b, @ForAll("go") String c) {
        assertTotalOrder(VersionScheme.GO, a, b, c);
    }

    @Property(tries = TRIES)
    void pub_isTotalOrder(@ForAll("pub") String a, @ForAll("pub") String b, @ForAll("pub") String c) {
        assertTotalOrder(VersionScheme.PUB, a, b, c);
    }

    @Property(tries = TRIES)
    void rubygems_isTotalOrder(@ForAll("rubygems") String a, @ForAll("rubygems") String b,
                               @ForAll("rubygems") String c) {
        assertTotalOrder(VersionScheme.RUBYGEMS, a, b, c);
    }

    @Property(tries = TRIES)
    void nuget_isTotalOrder(@ForAll("nuget") String a, @ForAll("nuget") String b, @ForAll("nuget") String c) {
        assertTotalOrder(VersionScheme.NUGET, a, b, c);
    }

    @Property(tries = TRIES)
    void composer_isTotalOrder(@ForAll("composer") String a, @ForAll("composer") String b,
                               @ForAll("composer") String c) {
        assertTotalOrder(VersionScheme.COMPOSER, a, b, c);
    }

    @Property(tries = TRIES)
    void cranAndHackage_areTotalOrders(@ForAll("cran") String a, @ForAll("cran") String b, @ForAll("cran") String c,
                                       @ForAll("hackage") String x, @ForAll("hackage") String y,
                                       @ForAll("hackage") String z) {
        assertTotalOrder(VersionScheme.CRAN, a, b, c);
        assertTotalOrder(VersionScheme.HACKAGE, x, y, z);
    }

    @Property(tries = TRIES)
    void dpkg_isTotalOrder(@ForAll("dpkg") String a, @ForAll("dpkg") String b, @ForAll("dpkg") String c) {
        assertTotalOrder(VersionScheme.DPKG, a, b, c);
    }

    @Property(tries = TRIES)
    void rpm_isTotalOrder(@ForAll("rpm") String a, @ForAll("rpm") String b, @ForAll("rpm") String c) {
        assertTotalOrder(VersionScheme.RPM, a, b, c);
    }

    @Property(tries = TRIES)
    void apk_isTotalOrder(@ForAll("apk") String a, @ForAll("apk") String b, @ForAll("apk") String c) {
        assertTotalOrder(VersionScheme.APK, a, b, c);
    }

    @Property(tries = 500)
    void parse_arbitraryInput_onlyEverThrowsInvalidVersionException(@ForAll String text) {
        for (VersionScheme scheme : VersionScheme.values()) {
            try {
                Version v = scheme.parse(text);
                assertThat(scheme.parse(v.toString())).isEqualTo(v);
            } catch (InvalidVersionException expected) {
                assertThat(expected.scheme()).isEqualTo(scheme);
            }
        }
    }
}
