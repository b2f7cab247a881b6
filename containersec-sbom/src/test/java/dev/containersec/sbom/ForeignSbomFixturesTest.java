package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.Digest;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Sbom;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Reads documents shaped as Syft, Trivy and cdxgen write them (hand-written fixtures, see
 * src/test/resources/fixtures/README.md), checks what comes out, and that the fixtures themselves are
 * valid against the official schemas (so they are fair stand-ins).
 */
class ForeignSbomFixturesTest {
    private static final Digest SYFT_LAYER =
            Digest.parse("sha256:63ca1fbb43ae5034640e5e6cb3e083e05c290072c5366fcaa9d62435a4cced85");
    private static final Digest TRIVY_LAYER =
            Digest.parse("sha256:43c4264eed91be63b206e17d93e75256a6097070ce643c5e8f0379998b44f170");

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = ForeignSbomFixturesTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }

    private static Sbom read(String name) throws IOException {
        return SbomReader.withDefaults().read(fixture(name), name);
    }

    private static Package pkg(Sbom sbom, String name) {
        return sbom.packages().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no package " + name + " in " + sbom.packages()));
    }

    @Test
    void fixtures_validateAgainstOfficialSchemas() throws IOException {
        assertThat(OfficialSchemas.problems(OfficialSchemas.CYCLONEDX_1_6, fixture("syft-alpine.cdx.json"))).isEmpty();
        assertThat(OfficialSchemas.problems(OfficialSchemas.CYCLONEDX_1_6, fixture("trivy-alpine.cdx.json"))).isEmpty();
        assertThat(OfficialSchemas.problems(OfficialSchemas.CYCLONEDX_1_5, fixture("cdxgen-app.cdx.json"))).isEmpty();
        assertThat(OfficialSchemas.problems(OfficialSchemas.SPDX_2_3, fixture("syft-alpine.spdx.json"))).isEmpty();
        // Trivy writes the purpose with a hyphen (OPERATING-SYSTEM), which the 2.3 JSON schema's enum spells
        // OPERATING_SYSTEM: that is the only schema error, and the reader accepts both spellings.
        assertThat(OfficialSchemas.problems(OfficialSchemas.SPDX_2_3, fixture("trivy-alpine.spdx.json")))
                .singleElement().asString().contains("primaryPackagePurpose");
    }

    @Test
    void syftCycloneDx_packagesLocationsAndOs() throws IOException {
        Sbom sbom = read("syft-alpine.cdx.json");
        assertThat(sbom.subject().name()).isEqualTo("alpine");
        assertThat(sbom.subject().os()).hasValueSatisfying(os -> {
            assertThat(os.id()).isEqualTo("alpine");
            assertThat(os.versionId()).isEqualTo("3.20.3");
        });
        assertThat(sbom.packages()).extracting(Package::name).containsExactly("busybox", "musl");
        Package busybox = pkg(sbom, "busybox");
        assertThat(busybox.purl().toString()).isEqualTo("pkg:apk/alpine/busybox@1.36.1-r29?arch=x86_64&distro=alpine-3.20.3");
        assertThat(busybox.type()).isEqualTo("apk");
        assertThat(busybox.licenses()).containsExactly("GPL-2.0-only");
        assertThat(busybox.locations()).containsExactly(
                new PackageLocation("/lib/apk/db/installed", -1, Optional.of(SYFT_LAYER)));
        assertThat(busybox.foundBy()).isEqualTo("cyclonedx-json-reader");
    }

    @Test
    void trivyCycloneDx_imageDigestsLayerDigestAndSourcePackage() throws IOException {
        Sbom sbom = read("trivy-alpine.cdx.json");
        assertThat(sbom.subject().name()).isEqualTo("alpine:3.20");
        assertThat(sbom.subject().configDigest()).hasValue(
                Digest.parse("sha256:91ef0af61f39ece4d6710e465df5ed6ca12112358344fd51ae6a3b886634f13a"));
        assertThat(sbom.subject().manifestDigest()).hasValue(
                Digest.parse("sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d"));
        assertThat(sbom.subject().os()).hasValueSatisfying(os -> assertThat(os.versionId()).isEqualTo("3.20.3"));
        Package zlib = pkg(sbom, "zlib");
        assertThat(sbom.packages()).hasSize(1);
        assertThat(zlib.licenses()).containsExactly("Zlib");
        assertThat(zlib.locations()).containsExactly(new PackageLocation("", -1, Optional.of(TRIVY_LAYER)));
        assertThat(zlib.metadata()).containsEntry("sourceName", "zlib").containsEntry("sourceVersion", "1.3.1-r1");
    }

    @Test
    void cdxgenCycloneDx15_nestedComponentsEvidenceAndComponentsWithoutPurl() throws IOException {
        Sbom sbom = read("cdxgen-app.cdx.json");
        assertThat(sbom.subject().name()).isEqualTo("app");
        assertThat(sbom.packages()).extracting(p -> p.purl().toString()).containsExactly(
                "pkg:generic/internal-tool@3",
                "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1?type=jar",
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar");
        Package core = pkg(sbom, "log4j-core");
        assertThat(core.licenses()).containsExactly("Apache-2.0");
        assertThat(core.locations()).extracting(PackageLocation::path).containsExactly("/app/lib/log4j-core-2.14.1.jar");
        Package api = pkg(sbom, "log4j-api");
        assertThat(api.licenses()).containsExactly("Apache-2.0 OR MIT");
        assertThat(api.locations()).extracting(PackageLocation::path).containsExactly("/app/pom.xml");
    }

    @Test
    void syftSpdx_subjectIsTheDescribedContainer_licenceRefsResolved() throws IOException {
        Sbom sbom = read("syft-alpine.spdx.json");
        assertThat(sbom.subject().name()).isEqualTo("alpine");
        assertThat(sbom.packages()).extracting(Package::name).containsExactly("busybox", "musl");
        Package busybox = pkg(sbom, "busybox");
        assertThat(busybox.licenses()).containsExactly("GPL-2.0-only", "bzip2-1.0.4");
        assertThat(busybox.locations()).containsExactly(new PackageLocation("/lib/apk/db/installed", -1, Optional.empty()));
        assertThat(busybox.foundBy()).isEqualTo("spdx-json-reader");
    }

    @Test
    void trivySpdx_osPackageAndAnnotations() throws IOException {
        Sbom sbom = read("trivy-alpine.spdx.json");
        assertThat(sbom.subject().name()).isEqualTo("alpine:3.20");
        assertThat(sbom.subject().configDigest()).isPresent();
        assertThat(sbom.subject().os()).hasValueSatisfying(os -> assertThat(os.id()).isEqualTo("alpine"));
        assertThat(sbom.packages()).singleElement().satisfies(p -> {
            assertThat(p.purl().toString()).isEqualTo("pkg:apk/alpine/zlib@1.3.1-r1?arch=x86_64&distro=3.20.3");
            assertThat(p.licenses()).containsExactly("Zlib");
            assertThat(p.locations()).containsExactly(new PackageLocation("", -1, Optional.of(TRIVY_LAYER)));
        });
    }

    @Test
    void foreignDocuments_rewrittenByContainersec_validateAndKeepPackages() throws IOException {
        for (String name : List.of("syft-alpine.cdx.json", "trivy-alpine.cdx.json", "cdxgen-app.cdx.json",
                "syft-alpine.spdx.json", "trivy-alpine.spdx.json")) {
            Sbom sbom = read(name);
            byte[] cdx = SbomWriter.of(SbomFormat.CYCLONEDX_JSON).toBytes(sbom);
            byte[] spdx = SbomWriter.of(SbomFormat.SPDX_JSON).toBytes(sbom);
            assertThat(OfficialSchemas.problems(OfficialSchemas.CYCLONEDX_1_6, cdx)).as(name).isEmpty();
            assertThat(OfficialSchemas.problems(OfficialSchemas.SPDX_2_3, spdx)).as(name).isEmpty();
            assertThat(SbomReader.withDefaults().read(cdx, name).packages()).as(name).isEqualTo(sbom.packages());
            assertThat(SbomReader.withDefaults().read(spdx, name).packages()).as(name).isEqualTo(sbom.packages());
        }
    }
}
