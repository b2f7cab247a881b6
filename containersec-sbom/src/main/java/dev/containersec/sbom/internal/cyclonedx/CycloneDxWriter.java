package dev.containersec.sbom.internal.cyclonedx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containersec.api.Digest;
import dev.containersec.api.OsRelease;
import dev.containersec.api.Package;
import dev.containersec.api.Sbom;
import dev.containersec.api.SbomSubject;
import dev.containersec.sbom.internal.document.Licenses;
import dev.containersec.sbom.internal.document.SbomDocuments;
import dev.containersec.sbom.internal.document.SubjectFacts;
import dev.containersec.sbom.internal.document.WriteOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes an {@link Sbom} as a CycloneDX 1.6 JSON BOM.
 *
 * <p>The subject is {@code metadata.component} of type {@code container}, its facts in
 * {@code containersec:image:*} and {@code containersec:os:*} properties and its manifest digest as a
 * hash; a detected OS is also a component of type {@code operating-system}. Each package is a
 * {@code library} component with its purl, licences ({@code license.id} for SPDX License List ids,
 * {@code expression} for a single compound expression, {@code license.name} otherwise) and properties
 * {@code containersec:package:foundBy}, {@code containersec:metadata:KEY} and
 * {@code containersec:location:N:path|layerIndex|layerDigest} (the indexed form Syft uses). The
 * serial number is a name-based UUID of the content.
 *
 * @see <a href="https://cyclonedx.org/docs/1.6/json/">CycloneDX 1.6 JSON reference</a>
 */
public final class CycloneDxWriter {
    /** The specification version written. */
    public static final String SPEC_VERSION = "1.6";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private CycloneDxWriter() {
    }

    /**
     * Writes the document.
     *
     * @param sbom the SBOM
     * @param options creation time and tool version
     * @return the UTF-8 JSON bytes
     */
    public static byte[] write(Sbom sbom, WriteOptions options) {
        ObjectNode bom = F.objectNode();
        bom.put("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
        bom.put("bomFormat", "CycloneDX");
        bom.put("specVersion", SPEC_VERSION);
        bom.put("serialNumber", "");
        bom.put("version", 1);
        bom.set("metadata", metadata(sbom.subject(), options));
        ArrayNode components = bom.putArray("components");
        sbom.subject().os().filter(o -> !o.id().isEmpty()).ifPresent(o -> components.add(osComponent(o)));
        Map<String, Integer> refs = new HashMap<>();
        for (Package p : SbomDocuments.sorted(sbom.packages())) {
            components.add(component(p, refs));
        }
        bom.put("serialNumber", "urn:uuid:" + SbomDocuments.nameUuid(SbomDocuments.toBytes(bom)));
        return SbomDocuments.toBytes(bom);
    }

    private static ObjectNode metadata(SbomSubject subject, WriteOptions options) {
        ObjectNode m = F.objectNode();
        options.created().ifPresent(t -> m.put("timestamp", WriteOptions.timestamp(t)));
        ObjectNode tool = m.putObject("tools").putArray("components").addObject();
        tool.put("type", "application");
        tool.put("name", "containersec");
        options.toolVersion().ifPresent(v -> tool.put("version", v));
        ObjectNode c = m.putObject("component");
        c.put("type", "container");
        c.put("bom-ref", "containersec:subject");
        c.put("name", subject.name());
        subject.manifestDigest().flatMap(CycloneDxWriter::hash).ifPresent(h -> c.putArray("hashes").add(h));
        List<String[]> facts = SubjectFacts.of(subject);
        if (!facts.isEmpty()) {
            properties(c, facts);
        }
        return m;
    }

    private static Optional<ObjectNode> hash(Digest d) {
        String alg;
        switch (d.algorithm().ociName()) {
            case "sha256": alg = "SHA-256"; break;
            case "sha384": alg = "SHA-384"; break;
            case "sha512": alg = "SHA-512"; break;
            default: return Optional.empty();
        }
        ObjectNode h = F.objectNode();
        h.put("alg", alg);
        h.put("content", d.hex());
        return Optional.of(h);
    }

    private static ObjectNode osComponent(OsRelease os) {
        ObjectNode c = F.objectNode();
        c.put("type", "operating-system");
        c.put("bom-ref", "containersec:os");
        c.put("name", os.id());
        if (!os.versionId().isEmpty()) {
            c.put("version", os.versionId());
        }
        if (!os.prettyName().isEmpty()) {
            c.put("description", os.prettyName());
        }
        return c;
    }

    private static ObjectNode component(Package p, Map<String, Integer> refs) {
        ObjectNode c = F.objectNode();
        c.put("type", "library");
        String purl = p.purl().toString();
        int n = refs.merge(purl, 1, Integer::sum);
        c.put("bom-ref", n == 1 ? purl : purl + "#" + n);
        c.put("name", p.name());
        if (!p.version().isEmpty()) {
            c.put("version", p.version());
        }
        List<String> licenses = p.licenses().stream().filter(l -> !l.isBlank()).toList();
        if (!licenses.isEmpty()) {
            ArrayNode ls = c.putArray("licenses");
            if (licenses.size() == 1 && Licenses.classify(licenses.get(0)) == Licenses.Kind.EXPRESSION) {
                ls.addObject().put("expression", licenses.get(0));
            } else {
                for (String l : licenses) {
                    ls.addObject().putObject("license").put(Licenses.isId(l) ? "id" : "name", l);
                }
            }
        }
        c.put("purl", purl);
        properties(c, SbomDocuments.packageProperties(p));
        return c;
    }

    private static void properties(ObjectNode c, List<String[]> pairs) {
        ArrayNode props = c.putArray("properties");
        for (String[] kv : pairs) {
            ObjectNode prop = props.addObject();
            prop.put("name", kv[0]);
            prop.put("value", kv[1]);
        }
    }
}
