package dev.containersec.sbom.internal.spdx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containersec.api.Digest;
import dev.containersec.api.OsRelease;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Sbom;
import dev.containersec.api.SbomSubject;
import dev.containersec.sbom.internal.document.Licenses;
import dev.containersec.sbom.internal.document.SbomDocuments;
import dev.containersec.sbom.internal.document.SubjectFacts;
import dev.containersec.sbom.internal.document.WriteOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes an {@link Sbom} as an SPDX 2.3 JSON document.
 *
 * <p>The subject is a package {@code SPDXRef-Image} with {@code primaryPackagePurpose: CONTAINER}, which
 * the document {@code DESCRIBES}; it {@code CONTAINS} every package and, when detected, an
 * {@code OPERATING_SYSTEM} package (the JSON schema spells it with an underscore). Image facts, and per package the cataloger, metadata and layer
 * provenance, are annotations of type {@code OTHER} whose comment is {@code KEY=VALUE} with the keys
 * CycloneDX output uses as property names (e.g. {@code containersec:location:0:layerDigest=sha256:...});
 * {@code sourceInfo} repeats the provenance in words. purls are {@code PACKAGE-MANAGER purl} external
 * references. {@code licenseDeclared} is the package's licences joined with {@code AND}; a licence that
 * is not an SPDX id or expression becomes a {@code LicenseRef-} declared in
 * {@code hasExtractedLicensingInfos} with its text as name; no licence is {@code NOASSERTION}.
 *
 * <p>SPDX requires a creation time: without one the Unix epoch is written, which keeps the output
 * deterministic. The {@code documentNamespace} ends in a name-based UUID of the content.
 *
 * @see <a href="https://spdx.github.io/spdx-spec/v2.3/">SPDX 2.3</a>
 */
public final class SpdxWriter {
    /** The SPDX version written. */
    public static final String SPDX_VERSION = "SPDX-2.3";
    /** The SPDX id of the image package. */
    public static final String IMAGE_ID = "SPDXRef-Image";
    private static final String OS_ID = "SPDXRef-OperatingSystem";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SpdxWriter() {
    }

    /**
     * Writes the document.
     *
     * @param sbom the SBOM
     * @param options creation time and tool version
     * @return the UTF-8 JSON bytes
     */
    public static byte[] write(Sbom sbom, WriteOptions options) {
        String created = WriteOptions.timestamp(options.created().orElse(Instant.EPOCH));
        String annotator = "Tool: containersec" + options.toolVersion().map(v -> "-" + v).orElse("");
        SbomSubject subject = sbom.subject();

        ObjectNode doc = F.objectNode();
        doc.put("spdxVersion", SPDX_VERSION);
        doc.put("dataLicense", "CC0-1.0");
        doc.put("SPDXID", "SPDXRef-DOCUMENT");
        doc.put("name", subject.name().isEmpty() ? "unnamed" : subject.name());
        doc.put("documentNamespace", "");
        ObjectNode creation = doc.putObject("creationInfo");
        creation.put("created", created);
        creation.putArray("creators").add(annotator);
        ArrayNode packages = doc.putArray("packages");
        ArrayNode relationships = F.arrayNode();
        relationship(relationships, "SPDXRef-DOCUMENT", "DESCRIBES", IMAGE_ID);

        ObjectNode image = packages.addObject();
        image.put("SPDXID", IMAGE_ID);
        image.put("name", subject.name().isEmpty() ? "unnamed" : subject.name());
        image.put("downloadLocation", "NOASSERTION");
        image.put("filesAnalyzed", false);
        subject.manifestDigest().ifPresent(d -> checksum(image, d));
        image.put("primaryPackagePurpose", "CONTAINER");
        annotations(image, SubjectFacts.of(subject), created, annotator);

        subject.os().filter(o -> !o.id().isEmpty()).ifPresent(o -> {
            packages.add(osPackage(o));
            relationship(relationships, IMAGE_ID, "CONTAINS", OS_ID);
        });

        TreeMap<String, String> extracted = new TreeMap<>();
        Set<String> ids = new HashSet<>();
        for (Package p : SbomDocuments.sorted(sbom.packages())) {
            String id = uniqueId(p, ids);
            ObjectNode n = packages.addObject();
            n.put("SPDXID", id);
            n.put("name", p.name());
            if (!p.version().isEmpty()) {
                n.put("versionInfo", p.version());
            }
            n.put("downloadLocation", "NOASSERTION");
            n.put("filesAnalyzed", false);
            n.put("licenseConcluded", "NOASSERTION");
            n.put("licenseDeclared", licenseDeclared(p.licenses(), extracted));
            n.put("copyrightText", "NOASSERTION");
            n.put("sourceInfo", sourceInfo(p));
            ObjectNode ref = n.putArray("externalRefs").addObject();
            ref.put("referenceCategory", "PACKAGE-MANAGER");
            ref.put("referenceType", "purl");
            ref.put("referenceLocator", p.purl().toString());
            annotations(n, SbomDocuments.packageProperties(p), created, annotator);
            relationship(relationships, IMAGE_ID, "CONTAINS", id);
        }
        if (!extracted.isEmpty()) {
            ArrayNode infos = doc.putArray("hasExtractedLicensingInfos");
            extracted.forEach((id, name) -> {
                ObjectNode info = infos.addObject();
                info.put("licenseId", id);
                info.put("extractedText", name);
                info.put("name", name);
                info.put("comment", "A licence the package declares by name; its text is not known.");
            });
        }
        doc.set("relationships", relationships);
        String namespace = "https://spdx.org/spdxdocs/containersec-" + slug(subject.name()) + "-";
        doc.put("documentNamespace", namespace + SbomDocuments.nameUuid(SbomDocuments.toBytes(doc)));
        return SbomDocuments.toBytes(doc);
    }

    /** The id is derived from the package's identity so that it does not depend on other packages. */
    private static String uniqueId(Package p, Set<String> used) {
        String base = "SPDXRef-Package-" + slug(p.type()) + "-" + SbomDocuments.shortHash(p.purl() + "\u0000"
                + p.name() + "\u0000" + p.version() + "\u0000"
                + (p.locations().isEmpty() ? "" : p.locations().get(0).path()), 16);
        String id = base;
        for (int n = 2; !used.add(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    private static String slug(String s) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-").replaceAll("-{2,}", "-");
        t = t.replaceAll("^-|-$", "");
        if (t.length() > 60) {
            t = t.substring(0, 60);
        }
        return t.isEmpty() ? "sbom" : t;
    }

    /**
     * Joins licences into {@code licenseDeclared}, registering names as {@code LicenseRef-}s.
     *
     * @param licenses the licences
     * @param extracted licence refs to declare, filled in
     * @return the expression, or {@code NOASSERTION}
     */
    static String licenseDeclared(List<String> licenses, TreeMap<String, String> extracted) {
        List<String> parts = new ArrayList<>();
        for (String l : licenses) {
            if (l.isBlank()) {
                continue;
            }
            if (Licenses.classify(l) == Licenses.Kind.NAME) {
                String ref = "LicenseRef-" + SbomDocuments.shortHash(l, 16);
                extracted.put(ref, l);
                parts.add(ref);
            } else {
                parts.add(l);
            }
        }
        return parts.isEmpty() ? "NOASSERTION" : Licenses.joinAnd(parts);
    }

    private static String sourceInfo(Package p) {
        StringBuilder sb = new StringBuilder("found by ").append(p.foundBy());
        for (PackageLocation l : p.locations()) {
            sb.append(sb.indexOf(" in ") < 0 ? " in " : ", ").append(l.path());
            if (l.layerIndex() >= 0 || l.layerDigest().isPresent()) {
                sb.append(" (layer");
                if (l.layerIndex() >= 0) {
                    sb.append(' ').append(l.layerIndex());
                }
                l.layerDigest().ifPresent(d -> sb.append(' ').append(d));
                sb.append(')');
            }
        }
        return sb.toString();
    }

    private static ObjectNode osPackage(OsRelease os) {
        ObjectNode n = F.objectNode();
        n.put("SPDXID", OS_ID);
        n.put("name", os.id());
        if (!os.versionId().isEmpty()) {
            n.put("versionInfo", os.versionId());
        }
        n.put("downloadLocation", "NOASSERTION");
        n.put("filesAnalyzed", false);
        if (!os.prettyName().isEmpty()) {
            n.put("description", os.prettyName());
        }
        n.put("primaryPackagePurpose", "OPERATING_SYSTEM");
        return n;
    }

    private static void checksum(ObjectNode n, Digest d) {
        String alg = d.algorithm().ociName().toUpperCase(Locale.ROOT);
        if (alg.equals("SHA256") || alg.equals("SHA384") || alg.equals("SHA512")) {
            ObjectNode c = n.putArray("checksums").addObject();
            c.put("algorithm", alg);
            c.put("checksumValue", d.hex());
        }
    }

    private static void annotations(ObjectNode n, List<String[]> pairs, String created, String annotator) {
        if (pairs.isEmpty()) {
            return;
        }
        ArrayNode list = n.putArray("annotations");
        for (String[] kv : pairs) {
            ObjectNode a = list.addObject();
            a.put("annotationDate", created);
            a.put("annotationType", "OTHER");
            a.put("annotator", annotator);
            a.put("comment", kv[0] + "=" + kv[1]);
        }
    }

    private static void relationship(ArrayNode list, String from, String type, String to) {
        ObjectNode r = list.addObject();
        r.put("spdxElementId", from);
        r.put("relationshipType", type);
        r.put("relatedSpdxElement", to);
    }
}
