package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.api.Sbom;
import dev.containersec.api.SbomSubject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SbomWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void cycloneDx_sample_validatesAgainstOfficial16Schema() {
        byte[] doc = SbomWriter.of(SbomFormat.CYCLONEDX_JSON).toBytes(SampleSboms.alpine());
        assertThat(OfficialSchemas.problems(OfficialSchemas.CYCLONEDX_1_6, doc)).isEmpty();
        byte[] timed = SbomWriter.of(SbomFormat.CYCLONEDX_JSON).withCreated(Instant.parse("2024-05-01T10:11:12.345Z"))
                .withToolVersion("0.1.0").toBytes(SampleSboms.alpine());
        assertThat(OfficialSchemas.problems(OfficialSchemas.CYCLONEDX_1_6, timed)).isEmpty();
    }

    @Test
    void spdx_sample_validatesAgainstOfficial23Schema() {
        byte[] doc = SbomWriter.of(SbomFormat.SPDX_JSON).toBytes(SampleSboms.alpine());
        assertThat(OfficialSchemas.problems(OfficialSchemas.SPDX_2_3, doc)).isEmpty();
    }

    @Test
    void emptySbom_bothFormats_validate() {
        Sbom empty = new Sbom(new SbomSubject("x", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of()), List.of(), List.of());
        assertThat(OfficialSchemas.problems(OfficialSchemas.CYCLONEDX_1_6,
                SbomWriter.of(SbomFormat.CYCLONEDX_JSON).toBytes(empty))).isEmpty();
        assertThat(OfficialSchemas.problems(OfficialSchemas.SPDX_2_3,
                SbomWriter.of(SbomFormat.SPDX_JSON).toBytes(empty))).isEmpty();
    }

    @Test
    void output_isDeterministic_andIndependentOfPackageOrder() {
        Sbom a = SampleSboms.alpine();
        List<dev.containersec.api.Package> reversed = new ArrayList<>(a.packages());
        Collections.reverse(reversed);
        Sbom b = new Sbom(a.subject(), reversed, List.of());
        for (SbomFormat f : SbomFormat.values()) {
            SbomWriter w = SbomWriter.of(f);
            assertThat(w.toBytes(a)).as(f.id()).isEqualTo(w.toBytes(a)).isEqualTo(w.toBytes(b));
        }
    }

    @Test
    void cycloneDx_serialNumber_isDerivedFromContent() throws IOException {
        SbomWriter w = SbomWriter.of(SbomFormat.CYCLONEDX_JSON);
        String s1 = JSON.readTree(w.toBytes(SampleSboms.alpine())).get("serialNumber").asText();
        Sbom fewer = new Sbom(SampleSboms.subject(), SampleSboms.alpine().packages().subList(0, 2), List.of());
        String s2 = JSON.readTree(w.toBytes(fewer)).get("serialNumber").asText();
        String s3 = JSON.readTree(w.withCreated(Instant.EPOCH.plusSeconds(5)).toBytes(SampleSboms.alpine()))
                .get("serialNumber").asText();
        assertThat(s1).matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(s1).isNotEqualTo(s2).isNotEqualTo(s3);
    }

    @Test
    void cycloneDx_writesImageMetadataPurlsLicencesAndLayerProvenance() throws IOException {
        JsonNode bom = JSON.readTree(SbomWriter.of(SbomFormat.CYCLONEDX_JSON).toBytes(SampleSboms.alpine()));
        assertThat(bom.get("specVersion").asText()).isEqualTo("1.6");
        assertThat(bom.path("metadata").has("timestamp")).isFalse();
        JsonNode subject = bom.get("metadata").get("component");
        assertThat(subject.get("type").asText()).isEqualTo("container");
        assertThat(subject.get("name").asText()).isEqualTo("oci-archive:app.tar");
        assertThat(subject.get("hashes").get(0).get("content").asText()).isEqualTo(SampleSboms.MANIFEST.hex());
        assertThat(properties(subject)).contains(
                "containersec:image:manifestDigest=" + SampleSboms.MANIFEST,
                "containersec:image:configDigest=" + SampleSboms.CONFIG,
                "containersec:image:platform=linux/arm64/v8",
                "containersec:image:layer:0=" + SampleSboms.LAYER0,
                "containersec:image:layer:1=" + SampleSboms.LAYER1,
                "containersec:os:id=alpine", "containersec:os:versionId=3.20.3");
        JsonNode os = bom.get("components").get(0);
        assertThat(os.get("type").asText()).isEqualTo("operating-system");
        JsonNode log4j = component(bom, "log4j-core");
        assertThat(log4j.get("purl").asText()).isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        assertThat(log4j.get("licenses").get(0).get("license").get("id").asText()).isEqualTo("Apache-2.0");
        assertThat(properties(log4j)).containsExactly("containersec:package:foundBy=maven-cataloger",
                "containersec:metadata:sha1=9141212b8507ab50a45525b545b39d224614528b",
                "containersec:location:0:path=/app/lib/log4j-core-2.14.1.jar",
                "containersec:location:0:layerIndex=1",
                "containersec:location:0:layerDigest=" + SampleSboms.LAYER1);
        assertThat(component(bom, "ca-certificates-bundle").get("licenses").get(0).get("expression").asText())
                .isEqualTo("MPL-2.0 AND MIT");
        JsonNode angular = component(bom, "core");
        assertThat(angular.has("version")).isFalse();
        assertThat(angular.get("licenses").get(0).get("license").get("name").asText()).isEqualTo("Custom licence text");
        assertThat(angular.get("licenses").get(1).get("license").get("name").asText()).isEqualTo("MIT OR Apache-2.0");
    }

    @Test
    void spdx_writesImagePackageDescribesRelationshipPurlRefsAndLicenceRefs() throws IOException {
        JsonNode doc = JSON.readTree(SbomWriter.of(SbomFormat.SPDX_JSON).withCreated(
                Instant.parse("2024-05-01T10:11:12Z")).toBytes(SampleSboms.alpine()));
        assertThat(doc.get("spdxVersion").asText()).isEqualTo("SPDX-2.3");
        assertThat(doc.get("creationInfo").get("created").asText()).isEqualTo("2024-05-01T10:11:12Z");
        assertThat(doc.get("documentNamespace").asText()).startsWith("https://spdx.org/spdxdocs/containersec-oci-archive-app.tar-");
        JsonNode image = doc.get("packages").get(0);
        assertThat(image.get("SPDXID").asText()).isEqualTo("SPDXRef-Image");
        assertThat(image.get("primaryPackagePurpose").asText()).isEqualTo("CONTAINER");
        assertThat(doc.get("relationships").get(0).toString())
                .isEqualTo("{\"spdxElementId\":\"SPDXRef-DOCUMENT\",\"relationshipType\":\"DESCRIBES\",\"relatedSpdxElement\":\"SPDXRef-Image\"}");
        JsonNode angular = null;
        for (JsonNode p : doc.get("packages")) {
            if (p.get("name").asText().equals("core")) {
                angular = p;
            }
        }
        assertThat(angular).isNotNull();
        assertThat(angular.get("externalRefs").get(0).get("referenceLocator").asText())
                .isEqualTo("pkg:npm/%40angular/core");
        String declared = angular.get("licenseDeclared").asText();
        assertThat(declared).matches("LicenseRef-[0-9a-f]{16} AND \\(MIT OR Apache-2.0\\)");
        assertThat(doc.get("hasExtractedLicensingInfos").get(0).get("name").asText()).isEqualTo("Custom licence text");
        assertThat(angular.get("annotations").toString()).contains("containersec:location:0:layerIndex=1");
    }

    @Test
    void write_toStream_equalsToBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SbomWriter w = SbomWriter.of(SbomFormat.SPDX_JSON);
        w.write(SampleSboms.alpine(), out);
        assertThat(out.toByteArray()).isEqualTo(w.toBytes(SampleSboms.alpine()));
        assertThat(w.toJson(SampleSboms.alpine())).isEqualTo(new String(out.toByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void withToolVersion_blank_isRejected() {
        assertThatThrownBy(() -> SbomWriter.of(SbomFormat.SPDX_JSON).withToolVersion(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tool version");
    }

    @Test
    void format_fromId_namesAllowedValues() {
        assertThat(SbomFormat.fromId("SPDX-JSON")).isEqualTo(SbomFormat.SPDX_JSON);
        assertThatThrownBy(() -> SbomFormat.fromId("xml")).hasMessageContaining("cyclonedx-json, spdx-json");
    }

    private static List<String> properties(JsonNode component) {
        List<String> out = new ArrayList<>();
        component.get("properties").forEach(p -> out.add(p.get("name").asText() + "=" + p.get("value").asText()));
        return out;
    }

    private static JsonNode component(JsonNode bom, String name) {
        for (JsonNode c : bom.get("components")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no component " + name);
    }
}
