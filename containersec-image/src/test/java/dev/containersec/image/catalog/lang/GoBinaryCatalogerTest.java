package dev.containersec.image.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.containersec.api.Package;
import dev.containersec.image.internal.catalog.lang.GoBinaryCataloger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Go binary cataloger on real Go binaries: Debian's umoci and skopeo (Go 1.19 inline build info,
 * GOPATH builds without module lines; the toolchain version is checked against the package's
 * {@code Built-Using} field) and, where installed, upstream-built binaries with full module
 * information (kubectl, checked against {@code kubectl version --client}; go-app-stager with a local
 * {@code =>} replacement).
 */
class GoBinaryCatalogerTest {
    private static final GoBinaryCataloger GO = new GoBinaryCataloger();

    private static String builtUsingGo(String debPackage) {
        Optional<String> out = LangTests.tryRun(null, "dpkg-query", "-W", "-f=${Built-Using}", debPackage);
        assumeTrue(out.isPresent(), "dpkg-query cannot tell how " + debPackage + " was built");
        Matcher m = Pattern.compile("golang-(1\\.\\d+) \\(= (1\\.\\d+(?:\\.\\d+)?)").matcher(out.get());
        assumeTrue(m.find(), "no golang in Built-Using of " + debPackage);
        return "go" + m.group(2);
    }

    @Test
    void debianUmoci_reportsStdlibOfTheToolchainDebianBuiltItWith() throws Exception {
        Path umoci = Path.of("/usr/bin/umoci");
        assumeTrue(Files.isRegularFile(umoci), "umoci is not installed");
        String go = builtUsingGo("umoci");
        List<Package> ps = LangTests.catalog(GO, "/usr/bin/umoci", umoci);
        assertThat(LangTests.purls(ps)).containsExactly("pkg:golang/stdlib@" + go);
        assertThat(ps.get(0).metadata()).containsEntry("goVersion", go)
                .containsEntry("mainPath", "github.com/opencontainers/umoci/cmd/umoci")
                .containsEntry("goarch", "amd64");
    }

    @Test
    void debianSkopeo_reportsStdlib() throws Exception {
        Path skopeo = Path.of("/usr/bin/skopeo");
        assumeTrue(Files.isRegularFile(skopeo), "skopeo is not installed");
        String go = builtUsingGo("skopeo");
        List<Package> ps = LangTests.catalog(GO, "/usr/bin/skopeo", skopeo);
        assertThat(LangTests.purls(ps)).containsExactly("pkg:golang/stdlib@" + go);
        assertThat(ps.get(0).metadata()).containsEntry("mainPath", "github.com/containers/skopeo/cmd/skopeo");
    }

    @Test
    void upstreamKubectl_reportsMainModuleDepsAndStdlib_asKubectlVersionSays() throws Exception {
        Path kubectl = Path.of("/usr/lib/google-cloud-sdk/bin/kubectl.1.33");
        assumeTrue(Files.isExecutable(kubectl), "no upstream kubectl on this machine");
        String version = LangTests.run(null, kubectl.toString(), "version", "--client", "-o", "json");
        String git = field(version, "gitVersion");
        String go = field(version, "goVersion");
        List<Package> ps = LangTests.catalog(GO, "/usr/local/bin/kubectl", kubectl);
        assertThat(LangTests.purls(ps)).contains("pkg:golang/k8s.io/kubernetes@" + git, "pkg:golang/stdlib@" + go,
                "pkg:golang/github.com/spf13/cobra@v1.8.1");
        assertThat(ps).filteredOn(p -> "true".equals(p.metadata().get("mainModule"))).singleElement()
                .satisfies(p -> assertThat(p.name()).isEqualTo("k8s.io/kubernetes"));
        assertThat(ps.size()).isGreaterThan(50);
    }

    @Test
    void localReplacement_keepsOriginalPathWithoutVersion() throws Exception {
        Path stager = Path.of("/usr/lib/google-cloud-sdk/platform/google_appengine/go-app-stager");
        assumeTrue(Files.isRegularFile(stager), "no go-app-stager on this machine");
        List<Package> ps = LangTests.catalog(GO, "/usr/bin/go-app-stager", stager);
        assertThat(ps).filteredOn(p -> p.name().equals("gopkg.in/yaml.v2")).singleElement().satisfies(p -> {
            assertThat(p.version()).isEmpty();
            assertThat(p.metadata()).containsEntry("replacedBy", "./gopkg.in/yaml");
        });
        assertThat(ps).filteredOn(p -> p.name().equals("stdlib")).singleElement()
                .satisfies(p -> assertThat(p.version()).isEqualTo("go1.22-20231128-RC02"));
    }

    /**
     * Go 1.13-1.17 wrote pointers instead of inline strings. No such binary is on this machine or in
     * Debian bookworm, so this one is laid out as their linker did: strings in the read-only segment,
     * string headers and the build info header in the writable one.
     */
    @Test
    void oldPointerFormat_isResolvedWithoutReadingBackwards() throws Exception {
        byte[] f = new byte[0x3000];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(f).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(0, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putShort(16, (short) 2).putShort(18, (short) 62).putInt(20, 1).putLong(32, 64).putShort(52, (short) 64)
                .putShort(54, (short) 56).putShort(56, (short) 2);
        // PT_LOAD R: file 0 -> 0x400000, 0x2000 bytes; PT_LOAD RW: file 0x2000 -> 0x602000, 0x1000 bytes
        b.putInt(64, 1).putInt(68, 4).putLong(72, 0).putLong(80, 0x400000).putLong(96, 0x2000).putLong(104, 0x2000);
        b.putInt(120, 1).putInt(124, 6).putLong(128, 0x2000).putLong(136, 0x602000).putLong(152, 0x1000).putLong(160, 0x1000);
        byte[] version = "go1.16.15".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String text = "path\texample.com/tool\nmod\texample.com/tool\tv1.2.3\th1:abc=\n"
                + "dep\tgolang.org/x/sys\tv0.0.0-20210603081109-ebe580a85c40\th1:x=\n";
        byte[] mod = new java.io.ByteArrayOutputStream() {
            {
                writeBytes(java.util.HexFormat.of().parseHex("3077af0c9274080241e1c107e6d618e6"));
                writeBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                writeBytes(java.util.HexFormat.of().parseHex("f932433186182072008242104116d8f2"));
            }
        }.toByteArray();
        b.put(0x1000, version).put(0x1100, mod);
        b.put(0x2000, "\u00ff Go buildinf:".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        b.put(0x200e, (byte) 8).put(0x200f, (byte) 0).putLong(0x2010, 0x602040).putLong(0x2018, 0x602050);
        b.putLong(0x2040, 0x401000).putLong(0x2048, version.length).putLong(0x2050, 0x401100).putLong(0x2058, mod.length);
        List<Package> ps = LangTests.catalog(GO, dev.containersec.api.ScanLimits.defaults(), "/usr/bin/tool", f);
        assertThat(LangTests.purls(ps)).containsExactly("pkg:golang/example.com/tool@v1.2.3",
                "pkg:golang/golang.org/x/sys@v0.0.0-20210603081109-ebe580a85c40", "pkg:golang/stdlib@go1.16.15");
    }

    @Test
    void nonElfFile_yieldsNothing() throws Exception {
        assertThat(LangTests.catalog(GO, dev.containersec.api.ScanLimits.defaults(), "/usr/bin/script",
                "#!/bin/sh\necho hi\n".getBytes())).isEmpty();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }
}
