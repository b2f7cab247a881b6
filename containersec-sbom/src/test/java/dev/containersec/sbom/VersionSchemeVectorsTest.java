package dev.containersec.sbom;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Ordered pairs taken from each ecosystem's own test suite or specification; the source is cited above
 * each table. Every line is its own test, named by scheme and line number.
 */
class VersionSchemeVectorsTest {

    // semver.org 2.0.0, §11 (precedence examples) and §10 (build metadata ignored).
    @TestFactory
    Stream<DynamicTest> semver_precedenceExamplesFromTheSpec() {
        return VersionVectors.run(VersionScheme.SEMVER, """
                1.0.0 < 2.0.0
                2.0.0 < 2.1.0
                2.1.0 < 2.1.1
                1.0.0-alpha < 1.0.0
                1.0.0-alpha < 1.0.0-alpha.1
                1.0.0-alpha.1 < 1.0.0-alpha.beta
                1.0.0-alpha.beta < 1.0.0-beta
                1.0.0-beta < 1.0.0-beta.2
                1.0.0-beta.2 < 1.0.0-beta.11
                1.0.0-beta.11 < 1.0.0-rc.1
                1.0.0-rc.1 < 1.0.0
                1.0.0+20130313144700 = 1.0.0
                1.0.0-beta+exp.sha.5114f85 = 1.0.0-beta
                1.0.0+21AF26D3----117B344092BD = 1.0.0
                99999999999999999999999.0.0 > 9999999999999999999999.999.999
                """);
    }

    // npm/node-semver test/fixtures/comparisons.js (first > second) and equality.js.
    @TestFactory
    Stream<DynamicTest> npm_comparisonsFixtures() {
        return VersionVectors.run(VersionScheme.NPM, """
                0.0.0 > 0.0.0-foo
                0.0.1 > 0.0.0
                1.0.0 > 0.9.9
                0.10.0 > 0.9.0
                0.99.0 > 0.10.0
                2.0.0 > 1.2.3
                v0.0.0 > 0.0.0-foo
                v0.0.1 > 0.0.0
                v1.0.0 > 0.9.9
                1.2.3 > 1.2.3-asdf
                1.2.3 > 1.2.3-4
                1.2.3 > 1.2.3-4-foo
                1.2.3-5-foo > 1.2.3-5
                1.2.3-5 > 1.2.3-4
                1.2.3-5-foo > 1.2.3-5-Foo
                3.0.0 > 2.7.2+asdf
                1.2.3-a.10 > 1.2.3-a.5
                1.2.3-a.b > 1.2.3-a.5
                1.2.3-a.b > 1.2.3-a
                1.2.3-a.b.c.10.d.5 > 1.2.3-a.b.c.5.d.100
                1.2.3-r2 > 1.2.3-r100
                1.2.3-r100 > 1.2.3-R2
                1.2.3 = v1.2.3
                1.2.3-beta+build = 1.2.3-beta+otherbuild
                1.2.3+build = 1.2.3+otherbuild
                """);
    }

    // golang.org/x/mod/semver semver_test.go (the tests table is in increasing order; shorthands equal),
    // and the Go modules reference (pseudo-versions, +incompatible).
    @TestFactory
    Stream<DynamicTest> go_xModSemverTable() {
        return VersionVectors.run(VersionScheme.GO, """
                v1.0.0-alpha < v1.0.0-alpha.1
                v1.0.0-alpha.1 < v1.0.0-alpha.beta
                v1.0.0-alpha.beta < v1.0.0-beta
                v1.0.0-beta < v1.0.0-beta.2
                v1.0.0-beta.2 < v1.0.0-beta.11
                v1.0.0-beta.11 < v1.0.0-rc.1
                v1.0.0-rc.1 < v1
                v1 = v1.0
                v1.0 = v1.0.0
                v1.0.0 < v1.2
                v1.2 = v1.2.0
                v1.2.0 < v1.2.3-456
                v1.2.3-456 < v1.2.3-456.789
                v1.2.3-456.789 < v1.2.3-456-789
                v1.2.3-456-789 < v1.2.3-456a
                v1.2.3-456a < v1.2.3-pre
                v1.2.3-pre = v1.2.3-pre+meta
                v1.2.3-pre+meta < v1.2.3-pre.1
                v1.2.3-pre.1 < v1.2.3-zzz
                v1.2.3-zzz < v1.2.3
                v1.2.3 = v1.2.3+meta
                v1.2.3+meta = v1.2.3+meta-pre
                v1.2.3+meta-pre = v1.2.3+meta-pre.sha.256a
                v0.0.0-20191109021931-daa7c04131f5 < v0.0.0-20200101000000-aaaaaaaaaaaa
                v0.0.0-20200101000000-aaaaaaaaaaaa < v0.0.0
                v1.2.3 < v1.2.4-0.20191109021931-daa7c04131f5
                v1.2.4-0.20191109021931-daa7c04131f5 < v1.2.4
                v1.2.4-pre.0.20191109021931-daa7c04131f5 > v1.2.4-pre
                v2.0.0+incompatible = v2.0.0
                v2.0.0+incompatible > v1.9.9
                2.7.0-rc.0+incompatible = v2.7.0-rc.0
                """);
    }

    // Rust semver crate: precedence tests (tests/test_version.rs) and BuildMetadata's documented Ord
    // ("0 < 00 < 1 < 01 < 001 < 2 < 02 < 002 < 10", numeric before alphanumeric, no build first).
    @TestFactory
    Stream<DynamicTest> cargo_semverCrateOrder() {
        return VersionVectors.run(VersionScheme.CARGO, """
                1.0.0-alpha < 1.0.0-alpha.1
                1.0.0-alpha.1 < 1.0.0-alpha.beta
                1.0.0-beta.2 < 1.0.0-beta.11
                1.0.0-rc.1 < 1.0.0
                1.0.0 < 1.0.0+0
                1.0.0+0 < 1.0.0+00
                1.0.0+00 < 1.0.0+1
                1.0.0+1 < 1.0.0+01
                1.0.0+01 < 1.0.0+001
                1.0.0+001 < 1.0.0+2
                1.0.0+2 < 1.0.0+10
                1.0.0+10 < 1.0.0+a
                1.0.0+a < 1.0.0+a.b
                1.0.0+build.5 = 1.0.0+build.5
                0.8.1+zstd.1.5.0 < 0.8.2
                18446744073709551615.0.0 > 1.0.0
                """);
    }

    // Hex: Elixir's Version.compare/2 docs ("1.0.0-beta < 1.0.0", build ignored): SemVer precedence.
    @TestFactory
    Stream<DynamicTest> hex_usesSemverPrecedence() {
        return VersionVectors.run(Ecosystem.HEX.scheme(), """
                1.0.0-beta < 1.0.0
                1.0.0 < 1.1.0
                1.1.0-rc.0 < 1.1.0-rc.1
                2.0.0+build = 2.0.0
                """);
    }

    // PEP 440, "Summary of permitted suffixes and relative ordering" (the example list is increasing),
    // plus the normalisation rules of PEP 440 ("Normalization" section) and epochs.
    @TestFactory
    Stream<DynamicTest> pep440_orderingAndNormalisationExamples() {
        return VersionVectors.run(VersionScheme.PEP440, """
                1.dev0 < 1.0.dev456
                1.0.dev456 < 1.0a1
                1.0a1 < 1.0a2.dev456
                1.0a2.dev456 < 1.0a12.dev456
                1.0a12.dev456 < 1.0a12
                1.0a12 < 1.0b1.dev456
                1.0b1.dev456 < 1.0b2
                1.0b2 < 1.0b2.post345.dev456
                1.0b2.post345.dev456 < 1.0b2.post345
                1.0b2.post345 < 1.0rc1.dev456
                1.0rc1.dev456 < 1.0rc1
                1.0rc1 < 1.0
                1.0 < 1.0+abc.5
                1.0+abc.5 < 1.0+abc.7
                1.0+abc.7 < 1.0+5
                1.0+5 < 1.0.post456.dev34
                1.0.post456.dev34 < 1.0.post456
                1.0.post456 < 1.0.15
                1.0.15 < 1.1.dev1
                1!1.0 > 2.0
                0!1.0 = 1.0
                1.0 = 1.0.0
                1.0 = 1.0.0.0
                v1.0 = 1.0
                1.0alpha1 = 1.0a1
                1.0-a.1 = 1.0a1
                1.0c1 = 1.0rc1
                1.0pre1 = 1.0rc1
                1.0preview1 = 1.0rc1
                1.0-1 = 1.0.post1
                1.0-post1 = 1.0.post1
                1.0rev1 = 1.0.post1
                1.0.post = 1.0.post0
                1.0.dev = 1.0.dev0
                1.0a = 1.0a0
                1.0+ubuntu-1 = 1.0+ubuntu.1
                1.0+ABC = 1.0+abc
                1.0+007 = 1.0+7
                1.01 = 1.1
                1.0.DEV1 = 1.0.dev1
                """);
    }

    // maven-artifact ComparableVersionTest: VERSIONS_QUALIFIER and VERSIONS_NUMBER are increasing,
    // testVersionsEqual lists equal spellings. Maven 3.9 reads a trailing ".a" as "-a" (2.0.a = 2.0.0.a = 2-a,
    // below 2-1); the lines around 2.0.a follow maven-artifact 3.9.6, not the older lists.
    @TestFactory
    Stream<DynamicTest> maven_comparableVersionTestLists() {
        return VersionVectors.run(VersionScheme.MAVEN, """
                1-alpha2snapshot < 1-alpha2
                1-alpha2 < 1-alpha-123
                1-alpha-123 < 1-beta-2
                1-beta-2 < 1-beta123
                1-beta123 < 1-m2
                1-m2 < 1-m11
                1-m11 < 1-rc
                1-rc < 1-cr2
                1-cr2 < 1-rc123
                1-rc123 < 1-SNAPSHOT
                1-SNAPSHOT < 1
                1 < 1-sp
                1-sp < 1-sp2
                1-sp2 < 1-sp123
                1-sp123 < 1-abc
                1-abc < 1-def
                1-def < 1-pom-1
                1-pom-1 < 1-1-snapshot
                1-1-snapshot < 1-1
                1-1 < 1-2
                1-2 < 1-123
                2.0 < 2.0.a
                2.0.a = 2.0.0.a
                2.0.0.a < 2-1
                2-1 < 2.0.2
                2.0.2 < 2.0.123
                2.0.123 < 2.1.0
                2.1.0 < 2.1-a
                2.1-a < 2.1b
                2.1b < 2.1-c
                2.1-c < 2.1-1
                2.1-1 < 2.1.0.1
                2.1.0.1 < 2.2
                2.2 < 2.123
                2.123 < 11.a2
                11.a2 < 11.a11
                11.a11 < 11.b2
                11.b2 < 11.b11
                11.b11 < 11.m2
                11.m2 < 11.m11
                11.m11 < 11
                11 < 11.a
                11.a < 11b
                11b < 11c
                11c < 11m
                1 = 1.0
                1 = 1.0.0
                1.0 = 1.0.0
                1 = 1-0
                1 = 1.0-0
                1ga = 1.ga
                1ga = 1-ga
                1ga = 1.0.ga
                1ga = 1-final
                1final = 1.final
                1.0.0.Final = 1
                1release = 1
                1a1 = 1-a1
                1a1 = 1-alpha-1
                1b2 = 1-beta-2
                1m3 = 1-milestone-3
                1X = 1x
                1X = 1-x
                1cr = 1rc
                1-SNAPSHOT = 1-snapshot
                1.0.1 = 1.0.01
                2.15.0 > 2.15.0-rc2
                5.3.18 < 5.3.20
                2.0-beta9 < 2.0-rc1
                2.0-rc1 < 2.0
                1.10 > 1.9
                100000000000000000000000 > 99999999999999999999999
                1.0.RELEASE = 1.0
                5.2.20.RELEASE > 5.2.19.RELEASE
                """);
    }

    // RubyGems test/rubygems/test_gem_version.rb, test_spaceship and test_eql_eh, plus '-' as '.pre.'.
    @TestFactory
    Stream<DynamicTest> rubygems_testGemVersionSpaceship() {
        return VersionVectors.run(VersionScheme.RUBYGEMS, """
                1.0 = 1.0.0
                1.0 > 1.0.a
                1.8.2 > 0.0.0
                1.8.2 > 1.8.2.a
                1.8.2.b > 1.8.2.a
                1.8.2.a < 1.8.2
                1.8.2.a10 > 1.8.2.a9
                0.beta.1 = 0.0.beta.1
                0.0.beta < 0.0.beta.1
                0.0.beta < 0.beta.1
                5.a < 5.0.0.rc2
                5.x > 5.0.0.rc2
                1.2.b1 < 1.2
                1.0.0-rc1 < 1.0.0
                1.0.0-rc1 < 1.0.0.rc1
                1.0.0.pre.rc1 = 1.0.0-rc1
                1.9.3 < 1.10.0
                1.0.a = 1.0.0.a
                """);
    }

    // NuGet.Client test/NuGet.Core.Tests/NuGet.Versioning.Test (VersionComparerTests, NuGetVersionTest):
    // four-part versions, case-insensitive labels, metadata ignored, SemVer 2.0.0 label precedence.
    @TestFactory
    Stream<DynamicTest> nuget_versioningTests() {
        return VersionVectors.run(VersionScheme.NUGET, """
                1.0.0 = 1.0.0.0
                1.0 = 1.0.0
                1 = 1.0.0.0
                1.0.0-BETA = 1.0.0-beta
                1.0.0-Beta.1 = 1.0.0-bEtA.1
                1.0.0+meta = 1.0.0
                1.0.0-beta+a = 1.0.0-beta+b
                1.0.0-alpha < 1.0.0-alpha.1
                1.0.0-alpha.1 < 1.0.0-alpha.beta
                1.0.0-alpha.beta < 1.0.0-beta
                1.0.0-beta < 1.0.0-beta.2
                1.0.0-beta.2 < 1.0.0-beta.11
                1.0.0-beta.11 < 1.0.0-rc.1
                1.0.0-rc.1 < 1.0.0
                1.0.0 < 1.0.0.1
                1.0.0.1 < 1.0.1
                1.0.0-alpha.2 < 1.0.0-alpha.10
                01.02.03 = 1.2.3
                2.0.0-rc.1 < 2.0.0-RC.2
                """);
    }

    // composer/semver tests: VersionParserTest::successfulNormalizedVersions gives the normal forms;
    // ComparatorTest and PHP's version_compare docs give the order of the normalised strings.
    @TestFactory
    Stream<DynamicTest> composer_normaliseThenVersionCompare() {
        return VersionVectors.run(VersionScheme.COMPOSER, """
                1.0 = 1.0.0
                v1.0.0 = 1.0.0.0
                1.0.0 = 1.0.0+foo
                1.0.0-stable = 1.0.0
                1.25.0 > 1.24.0
                1.0.0-dev < 1.0.0-alpha1
                1.0.0-alpha1 < 1.0.0-beta1
                1.0.0-beta1 < 1.0.0-beta2
                1.0.0-beta2 < 1.0.0-RC1
                1.0.0-rc1 = 1.0.0-RC1
                1.0.0RC1 = 1.0.0-RC1
                1.0.0-RC1 < 1.0.0
                1.0.0 < 1.0.0-patch1
                1.0.0-pl1 = 1.0.0-patch1
                1.0.0-p1 = 1.0.0-patch1
                1.0.0-b2 = 1.0.0-beta2
                1.0.0-a2 = 1.0.0-alpha2
                1.0.0-beta.2 = 1.0.0-beta2
                1.0.0-beta2-dev < 1.0.0-beta2
                1.0.0 < 1.0.1
                1.0.9 < 1.0.10
                1.2.3.4 > 1.2.3
                2010.01 = 2010.01.0.0
                1.x-dev > 1.99999
                1.x-dev < 2.0.0
                """);
    }

    // dart-lang/pub_semver test/version_test.dart, 'compareTo()': the list is sorted ascending.
    @TestFactory
    Stream<DynamicTest> pub_versionTestCompareTo() {
        return VersionVectors.run(VersionScheme.PUB, """
                1.0.0-alpha < 1.0.0-alpha.1
                1.0.0-alpha.1 < 1.0.0-beta.2
                1.0.0-beta.2 < 1.0.0-beta.11
                1.0.0-beta.11 < 1.0.0-rc.1
                1.0.0-rc.1 < 1.0.0-rc.1+build.1
                1.0.0-rc.1+build.1 < 1.0.0
                1.0.0 < 1.0.0+0.3.7
                1.0.0+0.3.7 < 1.3.7+build
                1.3.7+build < 1.3.7+build.2.b8f12d7
                1.3.7+build.2.b8f12d7 < 1.3.7+build.11.e0f985a
                1.3.7+build.11.e0f985a < 2.0.0
                2.0.0 < 2.1.0
                2.1.0 < 2.2.0
                2.2.0 < 2.11.0
                2.11.0 < 2.11.1
                """);
    }

    // R: ?package_version and ?compareVersion ("1.0-1" style versions, '.' and '-' equivalent,
    // components compared as integers, a prefix sorting first).
    @TestFactory
    Stream<DynamicTest> cran_packageVersionOrder() {
        return VersionVectors.run(VersionScheme.CRAN, """
                1.0-1 < 1.0-2
                1.0-0 = 1.0.0
                1.9.0 < 1.10.0
                0.1-12 > 0.1-9
                1.0 < 1.0.0
                1.01 = 1.1
                3.6.3 < 4.0.0
                """);
    }

    // Cabal-syntax Distribution.Types.Version (Ord is lexicographic on the component list).
    @TestFactory
    Stream<DynamicTest> hackage_cabalVersionOrder() {
        return VersionVectors.run(VersionScheme.HACKAGE, """
                1.0 < 1.0.0
                0.9 < 0.10
                1.2.3 < 1.2.3.0
                2 > 1.999.999
                4.14.3.0 = 4.14.3.0
                """);
    }

    // dpkg lib/dpkg/t/t-version.c and Debian Policy 5.6.12 ("~~, ~~a, ~, the empty part, a" in order).
    @TestFactory
    Stream<DynamicTest> dpkg_verrevcmpCases() {
        return VersionVectors.run(VersionScheme.DPKG, """
                1.0~~ < 1.0~~a
                1.0~~a < 1.0~
                1.0~ < 1.0
                1.0 < 1.0a
                1.0~rc1 < 1.0
                1.0a < 1.0+
                0:1.0 = 1.0
                1.0 = 1.00
                1.0 = 1.0-0
                1.0-0 = 1.0-00
                1:0.1 > 0:1.1
                1:1.0 > 1.0
                2:1.0 > 1:9.9
                1.2.3 < 1.2.10
                1.0-1 < 1.0-2
                1.0-1 < 1.0.1-1
                0.9 < 1.0
                1.0+dfsg > 1.0
                7.6p2-4 > 7.6-0
                1.0.3-3 > 1.0-1
                1.2.2-2 < 1.3-1
                1.2.2-2 < 1.2.2-3
                2.36.1-8+deb11u1 < 2.36.1-8+deb11u2
                2.36.1-8+deb11u1 > 2.36.1-8
                1.1.1n-0+deb11u5 < 1.1.1w-0+deb11u1
                9.16.44-1~deb11u1 < 9.16.44-1
                a < b
                """);
    }

    // rpm tests/rpmvercmp.at (RPMVERCMP(a, b, result) cases), plus EVR handling of rpmverCmp.
    @TestFactory
    Stream<DynamicTest> rpm_rpmvercmpAtCases() {
        return VersionVectors.run(VersionScheme.RPM, """
                1.0 = 1.0
                1.0 < 2.0
                2.0.1 = 2.0.1
                2.0 < 2.0.1
                2.0.1a = 2.0.1a
                2.0.1a > 2.0.1
                5.5p1 < 5.5p2
                5.5p10 = 5.5p10
                5.5p1 < 5.5p10
                10xyz < 10.1xyz
                xyz10 = xyz10
                xyz10 < xyz10.1
                xyz.4 = xyz.4
                xyz.4 < 8
                xyz.4 < 2
                5.5p2 < 5.6p1
                5.6p1 < 6.5p1
                6.0.rc1 > 6.0
                10b2 > 10a1
                10a2 < 10b2
                1.0aa = 1.0aa
                1.0a < 1.0aa
                10.0001 = 10.0001
                10.0001 = 10.1
                10.0001 < 10.0039
                4.999.9 < 5.0
                20101121 < 20101122
                2_0 = 2_0
                2.0 = 2_0
                a = a
                a+ = a+
                a+ = a_
                +a = _a
                +_ = +_
                _+ = +_
                + = _
                1.0~rc1 = 1.0~rc1
                1.0~rc1 < 1.0
                1.0~rc1 < 1.0~rc2
                1.0~rc1~git123 < 1.0~rc1
                1.0^ = 1.0^
                1.0^ > 1.0
                1.0^git1 > 1.0
                1.0^git1 < 1.0^git2
                1.0^git1 < 1.01
                1.0^20160101 < 1.0.1
                1.0^20160102 > 1.0^20160101^git1
                1.0~rc1^git1 > 1.0~rc1
                1.0^git1~pre < 1.0^git1
                1:1.0-1 > 2.0-1
                0:1.0-1 = 1.0-1
                1.0-1.el9 < 1.0-2.el9
                0.11.1-9.el9 < 0.11.1-10.el9
                0.11.1-10.el9_0.1 > 0.11.1-10.el9
                1.0 < 1.0-1
                """);
    }

    // alpinelinux/apk-tools test/version.data (lines with versions apk considers valid) and the
    // suffix order of apk-tools' version.c.
    @TestFactory
    Stream<DynamicTest> apk_versionDataCases() {
        return VersionVectors.run(VersionScheme.APK, """
                2.34 > 0.1.0_alpha
                0.1.0_alpha = 0.1.0_alpha
                0.1.0_alpha < 0.1.3_alpha
                0.1.0_alpha2 > 0.1.0_alpha
                0.1.0_alpha < 2.2.39-r1
                1.0.4-r3 < 1.0.4-r4
                1.1 > 1.1_alpha1
                1.2.1 > 1.2
                1.2 < 1.3_alpha
                1.3_alpha2 < 1.3_alpha3
                0.8_beta1 < 0.8_beta2
                3.10.18-r1 > 2.3.0b-r1
                2.3.0b-r1 < 2.3.0b-r2
                0.12.3 > 0.12
                1.2.12.1 < 1.2.13
                3.1_p16 < 3.1_p17
                1.06-r6 < 006
                006 > 1.0.0
                1.2.2-r1 > 1.2.2
                20050718-r1 < 20050718-r2
                3.9.8-r5 > 2.01.01_alpha10
                0.99.3.20040818 < 1.0
                1.7 < 1.7b
                1.7b < 1.8.4-r3
                1.8.5 < 1.8.5_p2
                2.5.1-r8 < 2.5.1a-r1
                0.59s-r11 < 0.65
                02.08.01b < 4.77
                021109-r3 < 20060512
                0.9.28.1 < 087-r1
                20040406-r1 > 2.12r-r4
                1.2.07.8 < 1.2.12.04
                1.2.12.04 < 1.2.12.05
                1.02 < 1.03-r1
                7.0.17 < 7.0.174
                2.1_pre20 < 2.1_pre26
                0.20070118 < 0.20070207_rc1
                4.5_p1-r1 > 4.5_p1
                1.3-r0 < 1.3.1-r0
                1.3_pre1-r1 < 1.3.2
                1.0_p10-r0 > 1.0_p9-r0
                0.1.0_alpha_pre2 < 0.1.0_alpha
                1.0.0_pre20191002222144-r0 < 1.0.0_pre20210530193627-r0
                1 < 1.0
                1.0 > 1.0_alpha
                1.0_rc1 < 1.0
                1.0 < 1.0_cvs1
                1.0_cvs1 < 1.0_svn1
                1.0_svn1 < 1.0_git1
                1.0_git1 < 1.0_hg1
                1.0_hg1 < 1.0_p1
                1.0_git20240101~abc123 < 1.0_git20240101~abc124
                1.0~abc123-r1 > 1.0~abc123
                """);
    }
}
