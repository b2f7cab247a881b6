package dev.containersec.cli.sbom;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.api.Sbom;
import dev.containersec.cli.Cli;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.TestImages;
import dev.containersec.sbom.SbomReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code containersec sbom} on a real image: the standard test image plus a layer with an apk database. */
class SbomCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APK_DB = "C:Q1abcdefghijklmnopqrstuvwxyz0=\nP:musl\nV:1.2.5-r0\nA:x86_64\nS:383152\n"
            + "I:622592\nT:the musl c library (libc) implementation\nU:https://musl.libc.org/\nL:MIT\no:musl\n"
            + "m:Timo Teräs <timo.teras@iki.fi>\nt:1712101145\nc:3a0d1f7b\nF:lib\nR:ld-musl-x86_64.so.1\n"
            + "R:libc.musl-x86_64.so.1\n\n"
            + "C:Q1bcdefghijklmnopqrstuvwxyza0=\nP:zlib\nV:1.3.1-r1\nA:x86_64\nS:53716\nI:110592\n"
            + "T:A compression/decompression Library\nU:https://zlib.net/\nL:Zlib\no:zlib\nm:Natanael Copa\n"
            + "t:1712101145\nc:1a2b3c\nF:lib\nR:libz.so.1\n\n";

    @TempDir
    static Path tmp;
    static Path layout;
    static String image;

    @BeforeAll
    static void buildImage() throws Exception {
        TestImages.assumeTools();
        layout = TestImages.buildLayout(tmp.resolve("layout"));
        String ref = layout + ":" + TestImages.TAG;
        Path bundle = tmp.resolve("bundle");
        TestImages.run("umoci", "unpack", "--rootless", "--image", ref, bundle.toString());
        Path db = bundle.resolve("rootfs/lib/apk/db/installed");
        Files.createDirectories(db.getParent());
        Files.writeString(db, APK_DB, UTF_8);
        TestImages.run("umoci", "repack", "--image", ref, bundle.toString());
        TestImages.deleteTree(bundle);
        image = "oci:" + ref;
    }

    @Test
    void cycloneDx_toStdout_listsApkPackagesWithImageMetadata() throws IOException {
        Cli.Result r = Cli.run("sbom", "--format", "cyclonedx-json", image).requireImageReader();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode bom = JSON.readTree(r.out());
        assertThat(bom.get("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.get("specVersion").asText()).isEqualTo("1.6");
        JsonNode subject = bom.get("metadata").get("component");
        assertThat(subject.get("type").asText()).isEqualTo("container");
        assertThat(subject.get("properties").toString()).contains("containersec:image:manifestDigest")
                .contains("containersec:image:layer:2").contains("\"alpine\"");
        assertThat(bom.get("components").toString()).contains("pkg:apk/alpine/musl@1.2.5-r0")
                .contains("pkg:apk/alpine/zlib@1.3.1-r1");
    }

    @Test
    void spdx_toFile_isReadBackWithSamePackages_andIsDeterministic() throws IOException {
        Path out = tmp.resolve("image.spdx.json");
        Cli.Result r = Cli.run("sbom", "--format", "spdx-json", "-o", out.toString(), image).requireImageReader();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEmpty();
        Sbom read = SbomReader.withDefaults().read(out);
        assertThat(read.packages()).extracting(p -> p.purl().toString()).contains(
                "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3",
                "pkg:apk/alpine/zlib@1.3.1-r1?arch=x86_64&distro=alpine-3.20.3");
        assertThat(read.packages()).allSatisfy(p -> assertThat(p.locations()).isNotEmpty()
                .allSatisfy(l -> assertThat(l.layerIndex()).isEqualTo(2)));
        assertThat(read.subject().layers()).hasSize(3);
        assertThat(read.subject().os()).hasValueSatisfying(os -> assertThat(os.id()).isEqualTo("alpine"));
        byte[] first = Files.readAllBytes(out);
        assertThat(Cli.run("sbom", "--format", "spdx-json", "-o", out.toString(), image).exitCode()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(first);
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void table_isDefault_andNamesPackages() {
        Cli.Result r = Cli.run("sbom", image).requireImageReader();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().lines().findFirst()).hasValueSatisfying(h -> assertThat(h).startsWith("NAME").contains("PURL"));
        assertThat(r.out()).contains("musl").contains("1.2.5-r0").contains("zlib");
    }

    @Test
    void badImage_exits3_andLeavesNoOutputFile() {
        Path out = tmp.resolve("never.json");
        Cli.Result r = Cli.run("sbom", "--format", "cyclonedx-json", "-o", out.toString(),
                "oci:" + tmp.resolve("no-such-layout"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.errLines()).hasSize(1);
        assertThat(out).doesNotExist();
    }

    @Test
    void unknownFormat_isUsageError() {
        Cli.Result r = Cli.run("sbom", "--format", "xml", image);
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("cyclonedx-json, spdx-json, table");
    }

    @Test
    void platform_isPassedToTheImageReader() throws IOException {
        Cli.Result r = Cli.run("sbom", "--platform", "linux/amd64", "--format", "cyclonedx-json", image)
                .requireImageReader();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(JSON.readTree(r.out()).get("metadata").get("component").get("properties").toString())
                .contains("linux/amd64");
    }
}
