package dev.containersec.image.internal.catalog.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebianCopyrightTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "GPL-2, GPL-2.0-only", "GPL-2+, GPL-2.0-or-later", "GPL-3+, GPL-3.0-or-later", "LGPL-2.1+, LGPL-2.1-or-later",
        "LGPL-2.1, LGPL-2.1-only", "AGPL-3, AGPL-3.0-only", "BSD-3-clause, BSD-3-Clause", "Expat, MIT",
        "Zlib, Zlib", "Artistic, Artistic-1.0-Perl", "public-domain, public-domain"})
    void spdx_mapsDebianShortNamesToSpdxIds_andKeepsOthersAsWritten(String debian, String spdx) {
        assertThat(DebianCopyright.spdx(debian)).isEqualTo(spdx);
    }

    @Test
    void licenses_machineReadableFile_listsEveryLicenseFieldSplitOnOperators() {
        String file = """
                Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
                Upstream-Name: demo

                Files: *
                Copyright: 2020 Someone
                License: GPL-3+ and BSD-4-clause-UC

                Files: lib/*
                License: Artistic or GPL-1+
                 Paragraph text mentioning License: nothing
                """;

        assertThat(DebianCopyright.licenses(file.getBytes(StandardCharsets.UTF_8)))
                .containsExactly("GPL-3.0-or-later", "BSD-4-clause-UC", "Artistic-1.0-Perl", "GPL-1.0-or-later");
    }

    @Test
    void licenses_freeTextFile_declaresNothing() {
        assertThat(DebianCopyright.licenses("This is the Debian prepackaged version of X.\nLicense: maybe\n"
                .getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void licenses_realCopyrightOfBash_isGpl3OrLater() throws IOException {
        Path bash = Path.of("/usr/share/doc/bash/copyright");
        assumeTrue(Files.isRegularFile(bash), "no Debian bash copyright file on this machine");

        assertThat(DebianCopyright.licenses(Files.readAllBytes(bash))).contains("GPL-3.0-or-later");
    }

    @Property(tries = 300)
    void licenses_arbitraryBytes_neverFail(@ForAll byte[] data) {
        assertThat(DebianCopyright.licenses(data)).hasSizeLessThanOrEqualTo(64);
    }
}
