package dev.containersec.image.catalog.os;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.CatalogContext;
import dev.containersec.api.Cataloger;
import dev.containersec.api.OsRelease;
import dev.containersec.api.Package;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.internal.catalog.os.ApkCataloger;
import dev.containersec.image.internal.catalog.os.ApkDbParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The apk cataloger. No Alpine system or Debian package with real Alpine data is available here
 * ({@code apt-cache search apk} lists only Android APK tools), so the database below is WRITTEN BY
 * HAND from the apk-tools documentation of the installed-database format (Apk spec, "Installed
 * Database V2"), with values shaped like Alpine 3.20's musl and busybox entries.
 */
class ApkCatalogerTest {
    /** Hand-written from the documented format; not taken from a real Alpine image. */
    static final String INSTALLED = """
            C:Q1n6mgT2zD0cgbBkuQlbE2HhS7hx0=
            P:musl
            V:1.2.5-r0
            A:x86_64
            S:411526
            I:647168
            T:the musl c library (libc) implementation
            U:https://musl.libc.org/
            L:MIT
            o:musl
            m:Natanael Copa <ncopa@alpinelinux.org>
            t:1711643226
            c:3e3a6b4e3bb2a6c1b5e0a1e3a6a0c3d2e1f0a9b8
            F:lib
            R:ld-musl-x86_64.so.1
            a:0:0:755
            Z:Q1yq6Yfnn0LJK3YmWbk4E0yuXxqJ8=
            R:libc.musl-x86_64.so.1
            a:0:0:777

            C:Q1YnH1pZ0fA3dQm7c0nWwzqQbE4x8=
            P:ssl_client
            V:1.36.1-r29
            A:x86_64
            L:GPL-2.0-only
            o:busybox
            F:usr
            F:usr/bin
            R:ssl_client

            """;

    private static List<Package> catalog(String text, Optional<OsRelease> os) throws IOException {
        Cataloger.Session s = new ApkCataloger().newSession(ScanLimits.defaults());
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.accept(OsTestImages.entry("/lib/apk/db/installed", b.length), new ByteArrayInputStream(b));
        return s.finish(new CatalogContext(os, ScanLimits.defaults()));
    }

    @Test
    void installedDb_documentedFormat_yieldsPackagesWithPurlLicenceAndFiles() throws IOException {
        OsRelease alpine = new OsRelease("alpine", "3.20.3", "", "Alpine Linux v3.20", List.of(), "/etc/os-release");
        List<Package> got = catalog(INSTALLED, Optional.of(alpine));
        assertThat(got).extracting(p -> p.purl().toString()).containsExactly(
                "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3",
                "pkg:apk/alpine/ssl_client@1.36.1-r29?arch=x86_64&distro=alpine-3.20.3&upstream=busybox");
        assertThat(got.get(0).licenses()).containsExactly("MIT");
        assertThat(got.get(0).files()).containsExactly("/lib/ld-musl-x86_64.so.1", "/lib/libc.musl-x86_64.so.1");
        assertThat(got.get(1).files()).containsExactly("/usr/bin/ssl_client");
        assertThat(got.get(1).metadata("sourceName")).contains("busybox");
    }

    @Test
    void installedDb_sameDbReachedTwice_isReportedOnce() throws IOException {
        Cataloger.Session s = new ApkCataloger().newSession(ScanLimits.defaults());
        byte[] b = INSTALLED.getBytes(StandardCharsets.UTF_8);
        s.accept(OsTestImages.entry("/lib/apk/db/installed", b.length), new ByteArrayInputStream(b));
        s.accept(OsTestImages.entry("/usr/lib/apk/db/installed", b.length), new ByteArrayInputStream(b));
        assertThat(s.finish(new CatalogContext(Optional.empty(), ScanLimits.defaults()))).hasSize(2);
    }

    @Property(tries = 300)
    void parse_arbitraryBytes_neverThrows(@ForAll byte[] data) {
        assertThat(ApkDbParser.parse(data)).allSatisfy(r -> assertThat(r.name()).isNotEmpty());
    }

    @Property(tries = 300)
    void parse_apkLikeLines_neverThrows(@ForAll("apkish") String text) throws IOException {
        assertThat(catalog(text, Optional.empty())).allSatisfy(p -> assertThat(p.type()).isEqualTo("apk"));
    }

    @Provide
    Arbitrary<String> apkish() {
        return Arbitraries.of("P:", "P:a", "V:", "V:1", "A:x", "o:b", "L:", "F:", "F:/", "F://x/", "R:", "R:/y", "\n",
                "\n\n", ":", "P", "\r\n", " ").list().ofMaxSize(40).map(l -> String.join("", l));
    }
}
