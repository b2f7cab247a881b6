package dev.containersec.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The official JSON schemas, from src/test/resources/schemas (see NOTICE.md there for where each file
 * comes from): CycloneDX 1.4 to 1.6 (with the spdx and jsf schemas they reference) and SPDX 2.3. Nothing
 * is fetched from the network: the CycloneDX ids map to the class path.
 */
final class OfficialSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
            b -> b.schemaIdResolvers(r -> r.mapPrefix("http://cyclonedx.org/schema/", "classpath:schemas/")));
    static final Schema CYCLONEDX_1_6 = load("classpath:schemas/bom-1.6.schema.json");
    static final Schema CYCLONEDX_1_5 = load("classpath:schemas/bom-1.5.schema.json");
    static final Schema CYCLONEDX_1_4 = load("classpath:schemas/bom-1.4.schema.json");
    static final Schema SPDX_2_3 = load("classpath:schemas/spdx-schema-v2.3.json");

    private OfficialSchemas() {
    }

    private static Schema load(String location) {
        Schema s = REGISTRY.getSchema(SchemaLocation.of(location));
        s.initializeValidators();
        return s;
    }

    /**
     * Validates a document, returning the problems.
     *
     * @param schema the schema
     * @param document the JSON bytes
     * @return one line per problem, empty when valid
     */
    static List<String> problems(Schema schema, byte[] document) {
        try {
            JsonNode node = JSON.readTree(document);
            return schema.validate(node).stream().map(Error::toString).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the schema for a CycloneDX spec version.
     *
     * @param specVersion 1.4, 1.5 or 1.6
     * @return the schema
     */
    static Schema cycloneDx(String specVersion) {
        switch (specVersion) {
            case "1.4": return CYCLONEDX_1_4;
            case "1.5": return CYCLONEDX_1_5;
            case "1.6": return CYCLONEDX_1_6;
            default: throw new IllegalArgumentException(specVersion);
        }
    }
}
