package dev.containersec.sbom.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated inputs for the advisory parser, the zip reader and the archive entry-name check. */
class AdvisoryInputProperties {
    private final AdvisoryParser parser = new AdvisoryParser(ScanLimits.defaults());

    @Property(tries = 400)
    void parse_anyText_returnsOrThrowsOnlyInvalidInput(@ForAll("jsonish") String text) {
        try {
            ParsedAdvisory a = parser.parse(text, "generated");
            assertThat(a.id()).isNotEmpty();
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).isNotEmpty();
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"id\"", "\"X-1\"", "\"affected\"",
                "\"package\"", "\"ecosystem\"", "\"PyPI\"", "\"name\"", "\"ranges\"", "\"type\"", "\"ECOSYSTEM\"",
                "\"events\"", "\"introduced\"", "\"0\"", "\"fixed\"", "\"aliases\"", "\"withdrawn\"", "1", "null",
                "\"severity\"", "\"database_specific\"", "\"HIGH\"");
        return Arbitraries.oneOf(fragments.list().ofMaxSize(40).map(l -> String.join("", l)),
                Arbitraries.strings().ofMaxLength(60));
    }

    @Property(tries = 300)
    void published_anyText_isAnInstantOrUnknown_neverAnError(@ForAll("dates") String date) {
        String quoted = "{\"id\":\"X-1\",\"published\":\"" + new String(com.fasterxml.jackson.core.io
                .JsonStringEncoder.getInstance().quoteAsString(date)) + "\"}";
        ParsedAdvisory a = parser.parse(quoted, "generated");
        if (!a.published().isEmpty()) {
            assertThat(java.time.Instant.parse(a.published())).isNotNull();
        }
    }

    @Property(tries = 300)
    void published_rfc3339WithOffset_isTheSameInstantInUtc(@ForAll("instants") java.time.Instant instant,
                                                          @ForAll("offsets") int offsetMinutes) {
        java.time.OffsetDateTime at = instant.atOffset(java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
        ParsedAdvisory a = parser.parse("{\"id\":\"X-1\",\"published\":\"" + at + "\"}", "generated");
        assertThat(a.published()).isEqualTo(instant.toString());
    }

    @Provide
    Arbitrary<String> dates() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("0123456789-:TZ.+").ofMaxLength(30),
                Arbitraries.of("2021-12-10T00:40:56Z", "2021-12-10", "2021-12-10T00:40:56", "2021-13-40T99:99:99Z",
                        "2021-12-10T00:40:56.123456789+02:00", ""));
    }

    @Provide
    Arbitrary<java.time.Instant> instants() {
        return Arbitraries.longs().between(0, 4_102_444_800L).map(java.time.Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<Integer> offsets() {
        return Arbitraries.integers().between(-18 * 60 + 1, 18 * 60 - 1);
    }

    @Property(tries = 400)
    void unsafeName_anyNameWithADotDotSegment_isRefused(@ForAll("segments") String before,
                                                        @ForAll("segments") String after) {
        String name = (before.isEmpty() ? "" : before + "/") + ".." + "/" + after + ".json";
        assertThat(AdvisorySources.unsafeName(name)).isNotNull();
        assertThat(AdvisorySources.unsafeName("/" + after + ".json")).isNotNull();
    }

    @Property(tries = 200)
    void unsafeName_plainRelativeJsonName_isAccepted(@ForAll("segments") String dir, @ForAll("segments") String file) {
        // Prefixed so that no generated name looks like a Windows drive ("a:/..."), which is refused.
        String name = (dir.isEmpty() ? "" : "d_" + dir + "/") + "f_" + file + ".json";
        assertThat(AdvisorySources.unsafeName(name)).isNull();
        assertThat(AdvisorySources.unsafeName("ALSA-2022:4587.json")).isNull();
    }

    @Property(tries = 100)
    void read_corruptedZip_throwsOnlyDocumentedExceptions(@ForAll("positions") List<Integer> flips) throws IOException {
        byte[] zip = validZip();
        for (int p : flips) {
            zip[p % zip.length] ^= (byte) (p >>> 8 | 1);
        }
        Path file = Files.createTempFile("fuzz", ".zip");
        try {
            Files.write(file, zip);
            new AdvisorySources(ScanLimits.builder().maxDocumentBytes(1 << 16).build()).read(file,
                    new AdvisorySources.Sink() {
                        @Override
                        public void document(String where, String json) {
                            assertThat(json.length()).isLessThanOrEqualTo(1 << 16);
                        }

                        @Override
                        public void ignored(String where, String why) {
                            assertThat(why).isNotEmpty();
                        }
                    });
        } catch (InvalidInputException | UncheckedIOException expected) {
            assertThat(expected.getMessage()).isNotNull();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Provide
    Arbitrary<List<Integer>> positions() {
        return Arbitraries.integers().between(0, 1 << 20).list().ofMinSize(1).ofMaxSize(6);
    }

    private static byte[] validZip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String name : List.of("a/ONE-1.json", "TWO-2.json")) {
                out.putNextEntry(new ZipEntry(name));
                out.write(("{\"id\":\"" + name + "\",\"affected\":[]}").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Provide
    Arbitrary<String> segments() {
        return Arbitraries.strings().withChars("abcXYZ019-_:").ofMaxLength(12);
    }
}
