package dev.containersec.image.catalog.os;

import dev.containersec.image.Tools;
import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.CatalogContext;
import dev.containersec.api.Cataloger;
import dev.containersec.api.OsRelease;
import dev.containersec.api.Package;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.internal.catalog.os.DpkgCataloger;
import dev.containersec.image.internal.catalog.os.DpkgStatusParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The dpkg cataloger on real stanzas of this machine, and its stanza parser on generated input. */
class DpkgCatalogerTest {
    static final OsRelease DEBIAN = new OsRelease("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)",
            List.of(), "/etc/os-release");

    private static List<Package> catalog(CatalogContext context, String[]... files) throws IOException {
        Cataloger.Session s = new DpkgCataloger().newSession(ScanLimits.defaults());
        for (String[] f : files) {
            byte[] b = f[1].getBytes(StandardCharsets.UTF_8);
            s.accept(OsTestImages.entry(f[0], b.length), new ByteArrayInputStream(b));
        }
        return s.finish(context);
    }

    private static CatalogContext debian() {
        return new CatalogContext(Optional.of(DEBIAN), ScanLimits.defaults());
    }

    @Test
    void distrolessStatusD_realStanzasWithoutStatus_areInstalledPackages() throws IOException {
        Tools.assumeTools("dpkg-query");
        List<String> names = List.of("dpkg", "libc6", "bash", "coreutils");
        String[][] files = new String[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            // distroless writes each package's control stanza without a Status field
            String stanza = OsTestImages.run(List.of("dpkg-query", "-s", names.get(i))).lines()
                    .filter(l -> !l.startsWith("Status:")).collect(Collectors.joining("\n", "", "\n"));
            files[i] = new String[] {"/var/lib/dpkg/status.d/" + names.get(i), stanza};
        }
        String[] md5 = {"/var/lib/dpkg/status.d/dpkg.md5sums", "d41d8cd98f00b204e9800998ecf8427e  usr/bin/dpkg\n"};
        String[][] all = java.util.Arrays.copyOf(files, files.length + 1);
        all[files.length] = md5;
        List<Package> got = catalog(debian(), all);
        List<String> expected = OsTestImages.run(List.of("dpkg-query", "-W", "-f",
                "${Package} ${Version} ${Architecture}\\n", "dpkg", "libc6", "bash", "coreutils")).lines().sorted().toList();
        assertThat(got.stream().map(p -> p.name() + " " + p.version() + " " + p.metadata("arch").orElseThrow()).sorted())
                .containsExactlyElementsOf(expected);
        assertThat(got).allSatisfy(p -> assertThat(p.locations().get(0).path()).startsWith("/var/lib/dpkg/status.d/"));
    }

    @Test
    void distrolessStatusD_fileWithTwoStanzas_yieldsBoth() throws IOException {
        String two = "Package: a\nVersion: 1\nArchitecture: amd64\n\nPackage: b\nVersion: 2\nArchitecture: all\n";
        assertThat(catalog(debian(), new String[] {"/var/lib/dpkg/status.d/ab", two}))
                .extracting(Package::name).containsExactly("a", "b");
    }

    @Test
    void status_onlyInstalledStanzasArePackages() throws IOException {
        String status = "Package: gone\nStatus: deinstall ok config-files\nVersion: 1\nArchitecture: amd64\n\n"
                + "Package: half\nStatus: install ok half-installed\nVersion: 1\nArchitecture: amd64\n\n"
                + "Package: held\nStatus: hold ok installed\nVersion: 3\nArchitecture: amd64\n\n"
                + "Package: here\nStatus: install ok installed\nVersion: 2\nArchitecture: amd64\n\n"
                + "Package: nostatus\nVersion: 2\nArchitecture: amd64\n";
        assertThat(catalog(debian(), new String[] {"/var/lib/dpkg/status", status}))
                .extracting(Package::name).containsExactly("held", "here");
    }

    @Test
    void status_sourceWithVersion_isUpstreamQualifierAndMetadata() throws IOException {
        String status = "Package: libfoo1\nStatus: install ok installed\nArchitecture: arm64\nSource: foo (1.2-3)\n"
                + "Version: 1.2-3+b1\nDescription: x\n multi-line\n .\n more\n";
        Package p = catalog(debian(), new String[] {"/var/lib/dpkg/status", status},
                new String[] {"/var/lib/dpkg/info/libfoo1:arm64.list", "/.\n/usr\n/usr/lib/libfoo.so.1\n"}).get(0);
        assertThat(p.purl().toString())
                .isEqualTo("pkg:deb/debian/libfoo1@1.2-3%2Bb1?arch=arm64&distro=debian-12&upstream=foo%401.2-3");
        assertThat(p.metadata("sourceName")).contains("foo");
        assertThat(p.metadata("sourceVersion")).contains("1.2-3");
        assertThat(p.files()).containsExactly("/usr", "/usr/lib/libfoo.so.1");
    }

    @Test
    void status_withoutDetectedOs_usesDebianNamespaceAndNoDistro() throws IOException {
        String status = "Package: x\nStatus: install ok installed\nVersion: 1\nArchitecture: all\nSource: x\n";
        Package p = catalog(new CatalogContext(Optional.empty(), ScanLimits.defaults()),
                new String[] {"/var/lib/dpkg/status", status}).get(0);
        assertThat(p.purl().toString()).isEqualTo("pkg:deb/debian/x@1?arch=all");
    }

    @Property(tries = 300)
    void parse_arbitraryBytes_neverThrows(@ForAll byte[] data) {
        assertThat(DpkgStatusParser.parse(data)).allSatisfy(s -> assertThat(s.name()).isNotEmpty());
    }

    @Property(tries = 300)
    void parse_arbitraryDeb822LikeText_neverThrows(@ForAll("deb822ish") String text) {
        DpkgStatusParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 200)
    void parse_writtenStanzas_roundTrip(@ForAll("stanzas") List<DpkgStatusParser.Stanza> stanzas) {
        StringBuilder sb = new StringBuilder();
        for (DpkgStatusParser.Stanza s : stanzas) {
            sb.append("Package: ").append(s.name()).append('\n')
                    .append("Status: ").append(s.status()).append('\n')
                    .append("Description: text\n continued\n .\n")
                    .append("Version: ").append(s.version()).append('\n')
                    .append("Architecture: ").append(s.architecture()).append("\r\n")
                    .append("Source: ").append(s.sourceName()).append(" (").append(s.sourceVersion()).append(")\n\n");
        }
        assertThat(DpkgStatusParser.parse(sb.toString().getBytes(StandardCharsets.UTF_8))).isEqualTo(stanzas);
    }

    @Provide
    Arbitrary<String> deb822ish() {
        return Arbitraries.of("Package:", "Package: a", "Version: 1", "Source: x (", "Source: (", ")", "\n", "\n\n",
                " ", "\t", ":", "Status: install ok installed", "\r\n", "Architecture:").list().ofMaxSize(40)
                .map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<List<DpkgStatusParser.Stanza>> stanzas() {
        Arbitrary<String> word = Arbitraries.strings().withChars("abcz019.+-~:").ofMinLength(1).ofMaxLength(12);
        return Combinators.combine(word, word, word, word, word)
                .as((n, v, a, sn, sv) -> new DpkgStatusParser.Stanza(n, v, a, sn, sv, "install ok installed", ""))
                .list().ofMaxSize(5);
    }
}
