package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Invalid and hostile documents end in an InvalidInputException that names the field, never anything else. */
class SbomReaderHostileTest {
    private static final SbomReader READER = SbomReader.withDefaults();
    private static final String CDX = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,";
    private static final String SPDX = "{\"spdxVersion\":\"SPDX-2.3\",\"SPDXID\":\"SPDXRef-DOCUMENT\",\"name\":\"x\",";

    private static InvalidInputException fails(String doc) {
        try {
            READER.read(doc.getBytes(StandardCharsets.UTF_8), "doc.json");
        } catch (InvalidInputException e) {
            assertThat(e.subject()).isEqualTo("doc.json");
            return e;
        }
        throw new AssertionError("accepted: " + doc);
    }

    @Test
    void cycloneDx_wrongType_namesField() {
        assertThat(fails(CDX + "\"components\":[{\"type\":\"library\",\"name\":5}]}").getMessage())
                .isEqualTo("doc.json: components[0].name: expected a string, found a number");
        assertThat(fails(CDX + "\"components\":{}}").getMessage()).contains("components: expected an array, found an object");
        assertThat(fails(CDX + "\"components\":[{\"type\":\"library\",\"name\":\"a\",\"properties\":[{\"name\":1}]}]}")
                .getMessage()).contains("components[0].properties[0].name: expected a string");
    }

    @Test
    void cycloneDx_missingRequiredFields_areNamed() {
        assertThat(fails(CDX + "\"components\":[{\"type\":\"library\"}]}").getMessage())
                .contains("components[0].name: required field is missing");
        assertThat(fails("{\"bomFormat\":\"CycloneDX\"}").getMessage()).contains("specVersion: required field is missing");
        assertThat(fails(CDX + "\"components\":[{\"type\":\"library\",\"name\":\"a\",\"components\":[{\"name\":\"b\"}]}]}")
                .getMessage()).contains("components[0].components[0].type: required field is missing");
        assertThat(fails(CDX + "\"components\":[{\"type\":\"library\",\"name\":\"a\",\"licenses\":[{\"license\":{}}]}]}")
                .getMessage()).contains("components[0].licenses[0].license: a license needs an 'id' or a 'name'");
    }

    @Test
    void cycloneDx_wrongSpecVersion_isRejected() {
        assertThat(fails("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.2\"}").getMessage())
                .contains("specVersion: CycloneDX 1.2 is not supported (1.4, 1.5 or 1.6)");
        assertThat(fails("{\"bomFormat\":\"SWID\",\"specVersion\":\"1.6\"}").getMessage()).contains("bomFormat");
    }

    @Test
    void spdx_wrongVersionAndMissingFields_areNamed() {
        assertThat(fails("{\"spdxVersion\":\"SPDX-3.0\"}").getMessage()).contains("spdxVersion: 'SPDX-3.0' is not supported");
        assertThat(fails(SPDX + "\"packages\":[{\"name\":\"a\"}]}").getMessage())
                .contains("packages[0].SPDXID: required field is missing");
        assertThat(fails(SPDX + "\"packages\":[{\"SPDXID\":\"SPDXRef-a\",\"name\":[]}]}").getMessage())
                .contains("packages[0].name: expected a string, found an array");
        assertThat(fails(SPDX + "\"relationships\":[{\"spdxElementId\":\"SPDXRef-DOCUMENT\"}]}").getMessage())
                .contains("relationships[0].relationshipType: required field is missing");
    }

    @Test
    void invalidPurlOrDigest_namesField() {
        assertThat(fails(CDX + "\"components\":[{\"type\":\"library\",\"name\":\"a\",\"purl\":\"npm/a\"}]}").getMessage())
                .contains("components[0].purl: invalid purl");
        assertThat(fails(SPDX + "\"packages\":[{\"SPDXID\":\"SPDXRef-a\",\"name\":\"a\",\"externalRefs\":[{"
                + "\"referenceCategory\":\"PACKAGE-MANAGER\",\"referenceType\":\"purl\",\"referenceLocator\":\"pkg:\"}]}]}")
                .getMessage()).contains("packages[0].externalRefs[0].referenceLocator: invalid purl");
        assertThat(fails(CDX + "\"metadata\":{\"component\":{\"type\":\"container\",\"name\":\"i\",\"properties\":["
                + "{\"name\":\"containersec:image:manifestDigest\",\"value\":\"sha256:xyz\"}]}}}").getMessage())
                .contains("metadata.component.properties[0]: invalid value for 'containersec:image:manifestDigest'");
    }

    @Test
    void malformedJson_duplicateKeys_trailingGarbage_neitherFormat_areRejected() {
        assertThat(fails("{\"bomFormat\":\"CycloneDX\",\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}").getMessage())
                .contains("duplicate key").contains("bomFormat");
        assertThat(fails(CDX + "\"components\":[]} {}").getMessage()).contains("not valid JSON");
        assertThat(fails("{\"a\":").getMessage()).contains("not valid JSON at line 1");
        assertThat(fails("[1,2]").getMessage()).contains("expected an SBOM object, found an array");
        assertThat(fails("{\"hello\":1}").getMessage()).contains("neither CycloneDX JSON").contains("nor SPDX JSON");
        assertThat(fails("").getMessage()).contains("empty document");
    }

    @Test
    void nestingBomb_hitsDepthLimit() {
        String bomb = CDX + "\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> READER.read(bomb.getBytes(StandardCharsets.UTF_8), "bomb.json"))
                .isInstanceOfSatisfying(LimitExceededException.class,
                        e -> assertThat(e.limit()).isEqualTo(ScanLimits.Limit.JSON_DEPTH))
                .hasMessageContaining("maxJsonDepth");
    }

    @Test
    void oversizedDocument_hitsSizeLimit_withoutReadingTheWholeStream() throws Exception {
        SbomReader small = SbomReader.withLimits(ScanLimits.builder().maxDocumentBytes(1024).build());
        byte[] big = (CDX + "\"components\":[], \"pad\":\"" + "x".repeat(4096) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> small.read(big, "big.json")).isInstanceOfSatisfying(LimitExceededException.class,
                e -> assertThat(e.limit()).isEqualTo(ScanLimits.Limit.DOCUMENT_BYTES));
        long[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return ' ';
            }
        };
        assertThatThrownBy(() -> small.read(endless, "endless")).isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("maxDocumentBytes");
        assertThat(served[0]).isLessThan(200_000);
    }

    @Property(tries = 300)
    void mutatedDocuments_failOnlyWithInvalidInput(@ForAll("mutated") String doc) {
        try {
            READER.read(doc.getBytes(StandardCharsets.UTF_8), "m.json");
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).startsWith("m.json: ");
        }
    }

    @Provide
    Arbitrary<String> mutated() {
        String cdx = SbomWriter.of(SbomFormat.CYCLONEDX_JSON).toJson(SampleSboms.alpine());
        String spdx = SbomWriter.of(SbomFormat.SPDX_JSON).toJson(SampleSboms.alpine());
        Arbitrary<String> base = Arbitraries.of(cdx, spdx);
        Arbitrary<String> replacement = Arbitraries.of("", "1", "null", "[]", "{}", "\"\"", "\"x\"", "true", "\"pkg:\"",
                "\"sha256:zz\"", "-", "\"containersec:location:x:path\"");
        return base.flatMap(b -> net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, b.length() - 1),
                Arbitraries.integers().between(0, 40), replacement)
                .as((at, len, r) -> b.substring(0, at) + r + b.substring(Math.min(b.length(), at + len))));
    }
}
