package dev.containersec.image.catalog.lang;

import dev.containersec.image.Tools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.containersec.api.Package;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.internal.catalog.lang.ComposerCataloger;
import dev.containersec.image.internal.catalog.lang.DotnetDepsCataloger;
import dev.containersec.image.internal.catalog.lang.RubyGemCataloger;
import dev.containersec.image.internal.catalog.lang.RustAuditableCataloger;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ruby (a real Debian gemspec), PHP Composer and .NET deps.json (documented formats; no real ones on
 * this machine), and cargo-auditable (no auditable binary exists here or in Debian bookworm, so the
 * section is laid out in a minimal ELF file as cargo-auditable writes it: zlib JSON).
 */
class OtherLanguageCatalogersTest {

    @Test
    void debianRubyRack_gemspec(@TempDir Path dir) throws Exception {
        Tools.assumeTools("apt-get", "dpkg-deb");
        Optional<String> got = LangTests.tryRun(dir, "apt-get", "download", "-qq", "ruby-rack");
        assumeTrue(got.isPresent(), "apt-get download ruby-rack failed (no network?)");
        Path deb;
        try (var s = Files.list(dir)) {
            deb = s.filter(p -> p.toString().endsWith(".deb")).findFirst().orElseThrow();
        }
        String debVersion = LangTests.run(null, "dpkg-deb", "-f", deb.toString(), "Version").strip();
        String upstream = debVersion.replaceFirst("^\\d+:", "").replaceFirst("-[^-]*$", "").replaceFirst("\\+.*$", "");
        LangTests.run(null, "dpkg-deb", "-x", deb.toString(), dir.resolve("root").toString());
        Path spec = dir.resolve("root/usr/share/rubygems-integration/all/specifications/rack-" + upstream + ".gemspec");
        List<Package> ps = LangTests.catalog(new RubyGemCataloger(), "/usr/share/rubygems-integration/all/specifications/"
                + spec.getFileName(), spec);
        assertThat(ps).singleElement().satisfies(p -> {
            assertThat(p.purl()).hasToString("pkg:gem/rack@" + upstream);
            assertThat(p.licenses()).containsExactly("MIT");
        });
    }

    @Test
    void composerInstalledJson_v1ArrayAndV2Object() throws Exception {
        ComposerCataloger c = new ComposerCataloger();
        String pkg = "{\"name\":\"symfony/console\",\"version\":\"v5.4.0\",\"license\":[\"MIT\"],\"type\":\"library\"}";
        List<Package> v1 = LangTests.catalog(c, ScanLimits.defaults(), "/app/vendor/composer/installed.json",
                ("[" + pkg + "]").getBytes(StandardCharsets.UTF_8));
        List<Package> v2 = LangTests.catalog(c, ScanLimits.defaults(), "/app/vendor/composer/installed.json",
                ("{\"packages\":[" + pkg + "],\"dev\":true,\"dev-package-names\":[]}").getBytes(StandardCharsets.UTF_8));
        assertThat(LangTests.purls(v1)).containsExactly("pkg:composer/symfony/console@v5.4.0");
        assertThat(LangTests.purls(v2)).containsExactly("pkg:composer/symfony/console@v5.4.0");
        assertThat(v2.get(0).licenses()).containsExactly("MIT");
    }

    @Test
    void dotnetDepsJson_packagesOnly() throws Exception {
        String deps = "{\"runtimeTarget\":{\"name\":\".NETCoreApp,Version=v8.0\"},\"targets\":{},\"libraries\":{"
                + "\"App/1.0.0\":{\"type\":\"project\",\"serviceable\":false,\"sha512\":\"\"},"
                + "\"Newtonsoft.Json/13.0.3\":{\"type\":\"package\",\"serviceable\":true,\"sha512\":\"sha512-abc\","
                + "\"path\":\"newtonsoft.json/13.0.3\"}}}";
        List<Package> ps = LangTests.catalog(new DotnetDepsCataloger(), ScanLimits.defaults(), "/app/App.deps.json",
                deps.getBytes(StandardCharsets.UTF_8));
        assertThat(LangTests.purls(ps)).containsExactly("pkg:nuget/Newtonsoft.Json@13.0.3");
        assertThat(ps.get(0).metadata()).containsEntry("sha512", "sha512-abc");
    }

    @Test
    void cargoAuditableSection_inAnElfFile() throws Exception {
        String json = "{\"packages\":[{\"name\":\"adler\",\"version\":\"1.0.2\",\"source\":\"crates.io\"},"
                + "{\"name\":\"cc\",\"version\":\"1.0.83\",\"source\":\"crates.io\",\"kind\":\"build\"},"
                + "{\"name\":\"hello\",\"version\":\"0.1.0\",\"source\":\"local\",\"dependencies\":[0,1],\"root\":true}]}";
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(z, new Deflater(9))) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        byte[] elf = minimalElf(z.toByteArray());
        List<Package> ps = LangTests.catalog(new RustAuditableCataloger(), ScanLimits.defaults(), "/usr/bin/hello", elf);
        assertThat(LangTests.purls(ps)).containsExactly("pkg:cargo/adler@1.0.2", "pkg:cargo/cc@1.0.83",
                "pkg:cargo/hello@0.1.0");
        assertThat(ps).filteredOn(p -> p.name().equals("cc")).singleElement()
                .satisfies(p -> assertThat(p.metadata()).containsEntry("kind", "build"));
        assertThat(ps).filteredOn(p -> p.name().equals("hello")).singleElement()
                .satisfies(p -> assertThat(p.metadata()).containsEntry("root", "true"));
    }

    /** A 64-bit little-endian ELF header, one PT_LOAD program header, filler, then the section bytes. */
    static byte[] minimalElf(byte[] section) {
        byte[] out = new byte[4096 + section.length + 512];
        byte[] ident = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
        System.arraycopy(ident, 0, out, 0, ident.length);
        out[16] = 2; // ET_EXEC
        out[18] = 62; // x86-64
        out[20] = 1;
        out[32] = 64; // e_phoff
        out[52] = 64; // e_ehsize
        out[54] = 56; // e_phentsize
        out[56] = 1; // e_phnum
        out[64] = 1; // PT_LOAD
        out[68] = 4; // PF_R
        for (int i = 128; i < 4096; i++) {
            out[i] = (byte) (i * 31);
        }
        System.arraycopy(section, 0, out, 4096, section.length);
        return out;
    }
}
