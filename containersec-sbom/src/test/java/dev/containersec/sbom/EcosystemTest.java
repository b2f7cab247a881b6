package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class EcosystemTest {

    @ParameterizedTest
    @EnumSource(Ecosystem.class)
    void parse_osvName_inAnyCase_findsEcosystem(Ecosystem e) {
        assertThat(Ecosystem.parse(e.osvName())).isEqualTo(e);
        assertThat(Ecosystem.parse(e.osvName().toUpperCase())).isEqualTo(e);
        assertThat(Ecosystem.parse(e.osvName().toLowerCase())).isEqualTo(e);
        assertThat(e.toString()).isEqualTo(e.osvName());
    }

    @ParameterizedTest
    @CsvSource({
        "Debian:12, DEBIAN", "debian:11, DEBIAN", "Ubuntu:22.04:LTS, UBUNTU", "AlmaLinux:9, ALMALINUX",
        "Rocky Linux:8, ROCKY_LINUX", "Alpine:v3.20, ALPINE", "Red Hat:rhel_aus:8.4::appstream, RED_HAT",
        "maven, MAVEN", "pypi, PYPI", "npm, NPM", "golang, GO", "cargo, CRATES_IO", "gem, RUBYGEMS",
        "nuget, NUGET", "composer, PACKAGIST", "hex, HEX", "pub, PUB", "cran, CRAN", "hackage, HACKAGE",
        "deb, DEBIAN", "rpm, RED_HAT", "apk, ALPINE", "crates.io, CRATES_IO"})
    void parse_suffixedNamesAndPurlTypes_pickTheEcosystem(String name, Ecosystem expected) {
        assertThat(Ecosystem.parse(name)).isEqualTo(expected);
    }

    @Test
    void parse_unknownName_failsNamingValueAndChoices() {
        assertThatThrownBy(() -> Ecosystem.parse("OSS-Fuzz")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OSS-Fuzz").hasMessageContaining("crates.io");
        assertThat(Ecosystem.find("Linux")).isEmpty();
        assertThat(Ecosystem.find("")).isEmpty();
    }

    @Test
    void scheme_familiesShareTheirScheme() {
        assertThat(Ecosystem.UBUNTU.scheme()).isEqualTo(VersionScheme.DPKG);
        assertThat(Ecosystem.ROCKY_LINUX.scheme()).isEqualTo(VersionScheme.RPM);
        assertThat(Ecosystem.ALMALINUX.scheme()).isEqualTo(VersionScheme.RPM);
        assertThat(Ecosystem.HEX.scheme()).isEqualTo(VersionScheme.SEMVER);
        assertThat(Ecosystem.GO.purlType()).contains("golang");
        assertThat(Ecosystem.UBUNTU.purlType()).isEmpty();
    }
}
