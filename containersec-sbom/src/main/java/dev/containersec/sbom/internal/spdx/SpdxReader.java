package dev.containersec.sbom.internal.spdx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.Digest;
import dev.containersec.api.OsRelease;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Purl;
import dev.containersec.api.Sbom;
import dev.containersec.api.SbomSubject;
import dev.containersec.sbom.internal.document.Fields;
import dev.containersec.sbom.internal.document.Licenses;
import dev.containersec.sbom.internal.document.SbomDocuments;
import dev.containersec.sbom.internal.document.SubjectFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an SPDX 2.2 or 2.3 JSON document into an {@link Sbom}, whichever tool wrote it.
 *
 * <p>The subject is the package the document {@code DESCRIBES} that is a container
 * ({@code primaryPackagePurpose: CONTAINER} or containersec's image annotations); an
 * {@code OPERATING_SYSTEM} (or {@code OPERATING-SYSTEM}, as Trivy writes) package gives the subject's OS; every other package is a package. The purl
 * is the {@code PACKAGE-MANAGER purl} external reference (else {@code pkg:generic/NAME@VERSION}).
 * Licences are {@code licenseDeclared} split at its top-level {@code AND}s, with {@code LicenseRef-}s
 * replaced by the name their {@code hasExtractedLicensingInfos} entry gives. Locations come from
 * containersec's annotations, else Trivy's ({@code LayerDigest: ...} annotations or attribution
 * texts), else the paths Syft lists in {@code sourceInfo}.
 */
public final class SpdxReader {
    /** The SPDX versions accepted. */
    public static final Set<String> VERSIONS = Set.of("SPDX-2.2", "SPDX-2.3");
    /** The foundBy of packages whose document does not record one. */
    public static final String FOUND_BY = "spdx-json-reader";

    private final Fields f;

    private SpdxReader(Fields fields) {
        this.f = fields;
    }

    /**
     * Reads a parsed document.
     *
     * @param root the document's root
     * @param defaultName the subject name when the document names none
     * @param fields the error factory, naming the document
     * @return the SBOM
     */
    public static Sbom read(JsonNode root, String defaultName, Fields fields) {
        return new SpdxReader(fields).readRoot(root, defaultName);
    }

    private Sbom readRoot(JsonNode root, String defaultName) {
        f.requireObject(root, "");
        String version = f.requiredText(root, "", "spdxVersion");
        if (!VERSIONS.contains(version)) {
            throw f.error("spdxVersion", "'" + abbreviate(version) + "' is not supported (SPDX-2.2 or SPDX-2.3)");
        }
        String docId = f.optionalText(root, "", "SPDXID").orElse("SPDXRef-DOCUMENT");
        String docName = f.optionalText(root, "", "name").orElse(defaultName);

        Map<String, String> extracted = new HashMap<>();
        List<JsonNode> infos = f.array(root, "", "hasExtractedLicensingInfos");
        for (int i = 0; i < infos.size(); i++) {
            String p = "hasExtractedLicensingInfos[" + i + "]";
            JsonNode info = f.requireObject(infos.get(i), p);
            String id = f.requiredText(info, p, "licenseId");
            Optional<String> name = f.optionalText(info, p, "name").filter(s -> !s.isBlank() && !s.equals("NOASSERTION"));
            String text = f.optionalText(info, p, "extractedText").orElse("");
            if (name.isPresent()) {
                extracted.put(id, name.get());
            } else if (!text.isBlank() && text.length() <= 120 && text.lines().count() == 1) {
                extracted.put(id, text.strip());
            }
        }

        Set<String> described = new HashSet<>();
        for (JsonNode d : f.array(root, "", "documentDescribes")) {
            if (d.isTextual()) {
                described.add(d.textValue());
            }
        }
        List<JsonNode> relationships = f.array(root, "", "relationships");
        for (int i = 0; i < relationships.size(); i++) {
            String p = "relationships[" + i + "]";
            JsonNode r = f.requireObject(relationships.get(i), p);
            String from = f.requiredText(r, p, "spdxElementId");
            String type = f.requiredText(r, p, "relationshipType");
            String to = f.requiredText(r, p, "relatedSpdxElement");
            if (type.equals("DESCRIBES") && from.equals(docId)) {
                described.add(to);
            } else if (type.equals("DESCRIBED_BY") && to.equals(docId)) {
                described.add(from);
            }
        }

        List<JsonNode> list = f.array(root, "", "packages");
        String subjectPath = null;
        JsonNode subjectNode = null;
        for (int i = 0; i < list.size(); i++) {
            String p = "packages[" + i + "]";
            JsonNode n = f.requireObject(list.get(i), p);
            String id = f.requiredText(n, p, "SPDXID");
            if (subjectNode == null && described.contains(id) && isContainer(n, p)) {
                subjectNode = n;
                subjectPath = p;
            }
        }
        SubjectFacts facts = new SubjectFacts();
        String name = docName;
        if (subjectNode != null) {
            name = f.requiredText(subjectNode, subjectPath, "name");
            for (String[] kv : annotations(subjectNode, subjectPath)) {
                if (!facts.accept(kv[0], kv[1], kv[2], f)) {
                    if (kv[0].equals("ImageID")) {
                        facts.fallbackConfigDigest(SbomDocuments.lenientDigest(kv[1]));
                    } else if (kv[0].equals("RepoDigest")) {
                        facts.fallbackManifestDigest(SbomDocuments.lenientDigest(kv[1]));
                    }
                }
            }
        }
        List<Digest> layers = facts.build(name, Optional.empty(), "packages", f).layers();

        Optional<OsRelease> os = Optional.empty();
        List<Package> packages = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String p = "packages[" + i + "]";
            JsonNode n = list.get(i);
            if (n == subjectNode) {
                continue;
            }
            String pkgName = f.requiredText(n, p, "name");
            String pkgVersion = f.optionalText(n, p, "versionInfo").orElse("");
            String purpose = f.optionalText(n, p, "primaryPackagePurpose").orElse("");
            if (purpose.equals("OPERATING_SYSTEM") || purpose.equals("OPERATING-SYSTEM")) {
                if (os.isEmpty()) {
                    os = Optional.of(new OsRelease(pkgName.toLowerCase(Locale.ROOT), pkgVersion, "",
                            f.optionalText(n, p, "description").orElse(""), List.of(), ""));
                }
                continue;
            }
            packages.add(pkg(n, p, pkgName, pkgVersion, extracted, layers));
        }
        SbomSubject subject = facts.build(name, os, subjectPath == null ? "packages" : subjectPath + ".annotations", f);
        return new Sbom(subject, SbomDocuments.sorted(packages), List.of());
    }

    private boolean isContainer(JsonNode n, String p) {
        if (f.optionalText(n, p, "primaryPackagePurpose").orElse("").equals("CONTAINER")) {
            return true;
        }
        for (String[] kv : annotations(n, p)) {
            if (kv[0].startsWith(SbomDocuments.NS + "image:")) {
                return true;
            }
        }
        return false;
    }

    private Package pkg(JsonNode n, String p, String name, String version, Map<String, String> extracted,
                        List<Digest> layers) {
        Purl purl = null;
        List<JsonNode> refs = f.array(n, p, "externalRefs");
        for (int i = 0; i < refs.size(); i++) {
            String rp = Fields.path(p, "externalRefs") + "[" + i + "]";
            JsonNode ref = f.requireObject(refs.get(i), rp);
            String category = f.requiredText(ref, rp, "referenceCategory");
            String type = f.requiredText(ref, rp, "referenceType");
            String locator = f.requiredText(ref, rp, "referenceLocator");
            if (purl == null && type.equals("purl")
                    && (category.equals("PACKAGE-MANAGER") || category.equals("PACKAGE_MANAGER"))) {
                purl = SbomDocuments.purl(locator, Fields.path(rp, "referenceLocator"), f);
            }
        }
        if (purl == null) {
            purl = SbomDocuments.genericPurl(name, version, p, f);
        }
        List<String> licenses = new ArrayList<>();
        String declared = f.optionalText(n, p, "licenseDeclared").orElse("NOASSERTION").strip();
        if (!declared.isEmpty() && !declared.equals("NOASSERTION") && !declared.equals("NONE")) {
            for (String part : Licenses.splitAnd(declared)) {
                licenses.add(extracted.getOrDefault(part, part));
            }
        }
        SbomDocuments.OwnFacts own = new SbomDocuments.OwnFacts();
        Optional<Digest> trivyLayer = Optional.empty();
        String trivyPath = null;
        TreeMap<String, String> foreign = new TreeMap<>();
        List<String[]> pairs = annotations(n, p);
        List<JsonNode> attributions = f.array(n, p, "attributionTexts");
        for (int i = 0; i < attributions.size(); i++) {
            JsonNode t = attributions.get(i);
            String ap = Fields.path(p, "attributionTexts") + "[" + i + "]";
            if (!t.isTextual()) {
                throw f.error(ap, "expected a string, found " + Fields.kind(t));
            }
            String[] kv = keyValue(t.textValue(), ap);
            if (kv != null) {
                pairs.add(kv);
            }
        }
        for (String[] kv : pairs) {
            if (own.accept(kv[0], kv[1], kv[2], f)) {
                continue;
            }
            switch (kv[0]) {
                case "LayerDigest": trivyLayer = SbomDocuments.lenientDigest(kv[1]); break;
                case "FilePath": trivyPath = kv[1]; break;
                case "SrcName": foreign.put("sourceName", kv[1]); break;
                case "SrcVersion": foreign.put("sourceVersion", kv[1]); break;
                default: break;
            }
        }
        List<PackageLocation> locations;
        if (own.any) {
            locations = own.locations(Fields.path(p, "annotations"), f);
        } else if (trivyLayer.isPresent() || trivyPath != null) {
            locations = List.of(new PackageLocation(trivyPath == null ? "" : trivyPath,
                    SbomDocuments.layerIndex(layers, trivyLayer), trivyLayer));
        } else {
            locations = sourceInfoPaths(f.optionalText(n, p, "sourceInfo").orElse(""));
        }
        TreeMap<String, String> metadata = new TreeMap<>(foreign);
        metadata.putAll(own.metadata);
        return new Package(name, version, own.type.orElse(purl.type()), purl, licenses, locations,
                own.foundBy.orElse(FOUND_BY), metadata, List.of());
    }

    /** Syft writes e.g. {@code acquired package info from APK DB: /lib/apk/db/installed}. */
    private static List<PackageLocation> sourceInfoPaths(String sourceInfo) {
        if (!sourceInfo.startsWith("acquired package info from ")) {
            return List.of();
        }
        int colon = sourceInfo.indexOf(": /");
        if (colon < 0) {
            return List.of();
        }
        List<PackageLocation> out = new ArrayList<>();
        for (String path : sourceInfo.substring(colon + 2).split(", ")) {
            String t = path.strip();
            if (t.startsWith("/")) {
                out.add(new PackageLocation(t, -1, Optional.empty()));
            }
        }
        return out;
    }

    /** Key, value, path of each annotation that is {@code key=value} (ours) or {@code Key: value} (Trivy's). */
    private List<String[]> annotations(JsonNode n, String p) {
        List<String[]> out = new ArrayList<>();
        List<JsonNode> list = f.array(n, p, "annotations");
        for (int i = 0; i < list.size(); i++) {
            String ap = Fields.path(p, "annotations") + "[" + i + "]";
            JsonNode a = f.requireObject(list.get(i), ap);
            String[] kv = keyValue(f.requiredText(a, ap, "comment"), ap + ".comment");
            if (kv != null) {
                out.add(kv);
            }
        }
        return out;
    }

    private static String[] keyValue(String comment, String path) {
        if (comment.startsWith(SbomDocuments.NS)) {
            int eq = comment.indexOf('=');
            if (eq > 0) {
                return new String[] {comment.substring(0, eq), comment.substring(eq + 1), path};
            }
            return null;
        }
        int colon = comment.indexOf(": ");
        if (colon > 0 && comment.substring(0, colon).matches("[A-Za-z]+")) {
            return new String[] {comment.substring(0, colon), comment.substring(colon + 2), path};
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
