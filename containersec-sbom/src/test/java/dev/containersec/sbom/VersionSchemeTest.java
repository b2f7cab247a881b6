package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class VersionSchemeTest {

    // Strings each ecosystem's tool rejects (sources: the same test suites as the vectors, e.g.
    // x/mod/semver's invalid table, packaging's test_invalid_versions, test_gem_version.rb
    // test_initialize_invalid, dpkg t-version.c parse errors, apk version --check).
    static Stream<Arguments> invalidVersions() {
        return Stream.of(
                Arguments.of(VersionScheme.SEMVER, "1.0"),
                Arguments.of(VersionScheme.SEMVER, "v1.0.0"),
                Arguments.of(VersionScheme.SEMVER, "01.0.0"),
                Arguments.of(VersionScheme.SEMVER, "1.0.0-"),
                Arguments.of(VersionScheme.SEMVER, "1.0.0-01"),
                Arguments.of(VersionScheme.SEMVER, "1.0.0-a..b"),
                Arguments.of(VersionScheme.SEMVER, "1.0.0+"),
                Arguments.of(VersionScheme.NPM, "1.2"),
                Arguments.of(VersionScheme.NPM, "9007199254740992.0.0"),
                Arguments.of(VersionScheme.GO, "bad"),
                Arguments.of(VersionScheme.GO, "v1-pre"),
                Arguments.of(VersionScheme.GO, "v1.2-pre"),
                Arguments.of(VersionScheme.GO, "v1.0.0-alpha_beta"),
                Arguments.of(VersionScheme.GO, "v1.2.3.4"),
                Arguments.of(VersionScheme.GO, "v1.0.0-01"),
                Arguments.of(VersionScheme.CARGO, "1.0"),
                Arguments.of(VersionScheme.CARGO, "18446744073709551616.0.0"),
                Arguments.of(VersionScheme.PEP440, "french toast"),
                Arguments.of(VersionScheme.PEP440, "1.0+"),
                Arguments.of(VersionScheme.PEP440, "1.0.x"),
                Arguments.of(VersionScheme.PEP440, "1..0"),
                Arguments.of(VersionScheme.RUBYGEMS, "junk"),
                Arguments.of(VersionScheme.RUBYGEMS, "1..2"),
                Arguments.of(VersionScheme.RUBYGEMS, "1.2 3.4"),
                Arguments.of(VersionScheme.RUBYGEMS, "1.0-"),
                Arguments.of(VersionScheme.NUGET, "1.0.0.0.0"),
                Arguments.of(VersionScheme.NUGET, "a.b"),
                Arguments.of(VersionScheme.NUGET, "1.0.0-"),
                Arguments.of(VersionScheme.NUGET, "1.0.0-beta..1"),
                Arguments.of(VersionScheme.NUGET, "2147483648.0.0"),
                Arguments.of(VersionScheme.COMPOSER, "dev-master"),
                Arguments.of(VersionScheme.COMPOSER, "master"),
                Arguments.of(VersionScheme.COMPOSER, "a.b.c"),
                Arguments.of(VersionScheme.COMPOSER, "1.0.0-meh"),
                Arguments.of(VersionScheme.PUB, "1.0"),
                Arguments.of(VersionScheme.PUB, "1.0.0-"),
                Arguments.of(VersionScheme.CRAN, "1"),
                Arguments.of(VersionScheme.CRAN, "1.a"),
                Arguments.of(VersionScheme.CRAN, "1..2"),
                Arguments.of(VersionScheme.HACKAGE, "1.01"),
                Arguments.of(VersionScheme.HACKAGE, "1."),
                Arguments.of(VersionScheme.HACKAGE, "1.a"),
                Arguments.of(VersionScheme.DPKG, "1.0-"),
                Arguments.of(VersionScheme.DPKG, ":1.0"),
                Arguments.of(VersionScheme.DPKG, "a:1.0"),
                Arguments.of(VersionScheme.DPKG, "1:"),
                Arguments.of(VersionScheme.DPKG, "1 0"),
                Arguments.of(VersionScheme.DPKG, "-1"),
                Arguments.of(VersionScheme.DPKG, "99999999999:1.0"),
                Arguments.of(VersionScheme.APK, "1.0bc"),
                Arguments.of(VersionScheme.APK, "23_foo"),
                Arguments.of(VersionScheme.APK, "a1.0"),
                Arguments.of(VersionScheme.APK, "1.0-1"),
                Arguments.of(VersionScheme.APK, "1.0~"),
                Arguments.of(VersionScheme.APK, "1.0_"));
    }

    @ParameterizedTest(name = "{0} rejects ''{1}''")
    @MethodSource("invalidVersions")
    void parse_invalidVersion_throwsTypedErrorNamingSchemeAndText(VersionScheme scheme, String text) {
        assertThatThrownBy(() -> scheme.parse(text))
                .isInstanceOf(InvalidVersionException.class)
                .satisfies(e -> {
                    InvalidVersionException ive = (InvalidVersionException) e;
                    assertThat(ive.scheme()).isEqualTo(scheme);
                    assertThat(ive.version()).isEqualTo(text);
                    assertThat(ive.reason()).isNotBlank();
                    assertThat(ive.getMessage()).contains(text);
                });
        assertThat(scheme.isValid(text)).isFalse();
        assertThat(scheme.tryParse(text)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(VersionScheme.class)
    void parse_emptyString_isRejected(VersionScheme scheme) {
        assertThatThrownBy(() -> scheme.parse("")).isInstanceOf(InvalidVersionException.class)
                .hasMessageContaining("empty");
    }

    @ParameterizedTest
    @EnumSource(VersionScheme.class)
    void parse_oneMegabyteString_isRejectedQuicklyWithLengthError(VersionScheme scheme) {
        String huge = "1" + ".1".repeat(500_000);
        long start = System.nanoTime();
        assertThatThrownBy(() -> scheme.parse(huge)).isInstanceOf(InvalidVersionException.class)
                .hasMessageContaining("longer than " + VersionScheme.MAX_LENGTH)
                .satisfies(e -> assertThat(((InvalidVersionException) e).version()).hasSizeLessThan(100));
        assertThatThrownBy(() -> scheme.compare("1.0.0", huge)).isInstanceOf(InvalidVersionException.class);
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
    }

    @ParameterizedTest
    @EnumSource(VersionScheme.class)
    void parse_longestAcceptedShapeOfDots_staysFast(VersionScheme scheme) {
        String dots = ".".repeat(VersionScheme.MAX_LENGTH);
        String digits = "1." + "9".repeat(VersionScheme.MAX_LENGTH - 6) + ".0.0";
        long start = System.nanoTime();
        for (String s : new String[] {dots, digits}) {
            scheme.tryParse(s).ifPresent(v -> assertThat(v.compareTo(v)).isZero());
        }
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
    }

    @ParameterizedTest
    @EnumSource(value = VersionScheme.class, names = {"MAVEN", "RPM"})
    void parse_anyNonEmptyString_isAcceptedLikeTheEcosystemTool(VersionScheme scheme) {
        for (String s : new String[] {"junk", "!!", "1..2", "ä.ö", "\u0661.\u0662", "-", ".", "~^"}) {
            assertThat(scheme.isValid(s)).as(s).isTrue();
        }
    }

    @Test
    void compare_tildeSortsBeforeRelease() {
        assertThat(VersionScheme.DPKG.compare("1.0~rc1", "1.0")).isNegative();
        assertThat(VersionScheme.RPM.compare("1.0~rc1", "1.0")).isNegative();
    }

    @Test
    void compare_caretSortsAfterReleaseInRpm() {
        assertThat(VersionScheme.RPM.compare("1.0^git1", "1.0")).isPositive();
        assertThat(VersionScheme.RPM.compare("1.0^git1", "1.0.1")).isNegative();
    }

    @Test
    void compare_differentSchemes_isRefused() {
        Version a = VersionScheme.MAVEN.parse("1.0");
        Version b = VersionScheme.PEP440.parse("1.0");
        assertThatThrownBy(() -> a.compareTo(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Maven").hasMessageContaining("PEP 440");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void version_toString_returnsOriginalTextWhichParsesBackEqual() {
        Version v = VersionScheme.PEP440.parse("1.0.POST1");
        assertThat(v.toString()).isEqualTo("1.0.POST1");
        assertThat(v.text()).isEqualTo("1.0.POST1");
        assertThat(VersionScheme.PEP440.parse(v.toString())).isEqualTo(v);
        assertThat(v).isEqualTo(VersionScheme.PEP440.parse("1.0.post1"));
        assertThat(v.isNewerThan(VersionScheme.PEP440.parse("1.0"))).isTrue();
        assertThat(v.isOlderThan(VersionScheme.PEP440.parse("1.1"))).isTrue();
    }

    @Test
    void dpkg_warningsOnlyVersions_areAcceptedLikeCompareVersions() {
        assertThat(VersionScheme.DPKG.isValid("a1.0")).isTrue();
        assertThat(VersionScheme.DPKG.isValid("1.0_1")).isTrue();
    }
}
