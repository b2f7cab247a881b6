package dev.containersec.sbom;

import static dev.containersec.sbom.Advisories.os;
import static dev.containersec.sbom.Advisories.pkg;
import static dev.containersec.sbom.Advisories.sbom;
import static dev.containersec.sbom.Advisories.synthetic;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Epochs when matching rpm and deb packages: rpm and dpkg read a missing epoch as 0, so {@code 0:1.2-3} and
 * {@code 1.2-3} are one version, and a package's epoch must not get lost on the way from its SBOM (Trivy and
 * Syft keep it in the purl's {@code epoch} qualifier, not in the version).
 */
class EpochMatchingTest {
    @TempDir
    static Path tmp;
    static VulnerabilityDb db;

    @BeforeAll
    static void importAdvisories() throws URISyntaxException {
        Path real = Path.of(EpochMatchingTest.class.getResource("/osv-epoch/ALSA-2026-39302.json").toURI());
        Path src = tmp.resolve("synthetic");
        Advisories.write(src, "alma9.json", synthetic("ALSA-TEST-0", "[]", "AlmaLinux:9", "zeroepoch",
                "[{\"introduced\":\"0\"},{\"fixed\":\"0:1.2.3-4.el9\"}]", ""));
        Advisories.write(src, "deb.json", synthetic("DEBIAN-CVE-TEST-1", "[]", "Debian:12", "zlib",
                "[{\"introduced\":\"0\"},{\"fixed\":\"1:1.2.13.dfsg-1\"}]", ""));
        VulnerabilityDb.importer(tmp.resolve("db")).add(real).add(src).run();
        db = VulnerabilityDb.open(tmp.resolve("db"));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static List<String> ids(String osId, String osVersion, String purl, Map<String, String> meta) {
        return VulnerabilityScanner.of(db).scan(sbom(Optional.of(os(osId, osVersion)), pkg(purl, meta)))
                .findings().stream().map(f -> f.vulnerability().id()).toList();
    }

    @Test
    void realAlmaLinuxAdvisoryWithEpoch1_comparesTheInstalledEpoch() {
        assertThat(ids("almalinux", "10.0", "pkg:rpm/almalinux/cups@1%3A2.4.10-17.el10_2?arch=x86_64", Map.of()))
                .containsExactly("ALSA-2026:39302");
        assertThat(ids("almalinux", "10.0", "pkg:rpm/almalinux/cups@1%3A2.4.10-18.el10_2?arch=x86_64", Map.of()))
                .isEmpty();
        // No epoch anywhere: rpm reads epoch 0, which is older than the fix's epoch 1.
        assertThat(ids("almalinux", "10.0", "pkg:rpm/almalinux/cups@2.4.10-20.el10_2?arch=x86_64", Map.of()))
                .containsExactly("ALSA-2026:39302");
    }

    @Test
    void epochInThePurlQualifier_isUsed_soAPatchedPackageIsNotAFinding() {
        assertThat(ids("almalinux", "10.0", "pkg:rpm/almalinux/cups@2.4.10-20.el10_2?arch=x86_64&epoch=1",
                Map.of())).isEmpty();
        assertThat(ids("almalinux", "10.0", "pkg:rpm/almalinux/cups@2.4.10-17.el10_2?arch=x86_64&epoch=1",
                Map.of())).containsExactly("ALSA-2026:39302");
    }

    @Test
    void explicitEpoch0InTheAdvisory_equalsAMissingEpoch() {
        assertThat(ids("almalinux", "9.4", "pkg:rpm/almalinux/zeroepoch@1.2.3-4.el9", Map.of())).isEmpty();
        assertThat(ids("almalinux", "9.4", "pkg:rpm/almalinux/zeroepoch@1.2.3-3.el9", Map.of()))
                .containsExactly("ALSA-TEST-0");
        assertThat(ids("almalinux", "9.4", "pkg:rpm/almalinux/zeroepoch@0%3A1.2.3-3.el9", Map.of()))
                .containsExactly("ALSA-TEST-0");
    }

    @Test
    void debianEpochs_fromTheVersion_theQualifier_orTheSourceVersion() {
        assertThat(ids("debian", "12", "pkg:deb/debian/zlib@1%3A1.2.11.dfsg-2?arch=amd64", Map.of()))
                .containsExactly("DEBIAN-CVE-TEST-1");
        assertThat(ids("debian", "12", "pkg:deb/debian/zlib@1%3A1.2.13.dfsg-1?arch=amd64", Map.of())).isEmpty();
        // dpkg: a missing epoch is 0, older than 1:anything.
        assertThat(ids("debian", "12", "pkg:deb/debian/zlib@1.2.13.dfsg-1?arch=amd64", Map.of()))
                .containsExactly("DEBIAN-CVE-TEST-1");
        assertThat(ids("debian", "12", "pkg:deb/debian/zlib@1.2.13.dfsg-1?arch=amd64&epoch=1", Map.of())).isEmpty();
        assertThat(ids("debian", "12", "pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=amd64",
                Map.of("sourceName", "zlib", "sourceVersion", "1:1.2.13.dfsg-1"))).isEmpty();
    }
}
