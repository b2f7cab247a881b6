package dev.containersec.sbom.internal.cyclonedx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.Digest;
import dev.containersec.api.OsRelease;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Purl;
import dev.containersec.api.Sbom;
import dev.containersec.api.SbomSubject;
import dev.containersec.sbom.internal.document.Fields;
import dev.containersec.sbom.internal.document.SbomDocuments;
import dev.containersec.sbom.internal.document.SubjectFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a CycloneDX 1.4, 1.5 or 1.6 JSON BOM into an {@link Sbom}, whichever tool wrote it.
 *
 * <p>Components are flattened (nested {@code components} included). A component of type
 * {@code operating-system} gives the subject's OS, {@code file} components are not packages, and a
 * package without a purl gets {@code pkg:generic/NAME@VERSION}. Locations come from containersec's
 * properties, else Syft's ({@code syft:location:N:path|layerID}), else Trivy's
 * ({@code aquasecurity:trivy:FilePath}, {@code LayerDigest}), else {@code evidence.occurrences}.
 */
public final class CycloneDxReader {
    /** The spec versions accepted. */
    public static final Set<String> SPEC_VERSIONS = Set.of("1.4", "1.5", "1.6");
    /** The foundBy of packages whose document does not record one. */
    public static final String FOUND_BY = "cyclonedx-json-reader";
    private static final String TRIVY = "aquasecurity:trivy:";

    private final Fields f;
    private final List<Package> packages = new ArrayList<>();
    private Optional<OsRelease> os = Optional.empty();
    private List<Digest> layers = List.of();

    private CycloneDxReader(Fields fields) {
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
        return new CycloneDxReader(fields).readRoot(root, defaultName);
    }

    private Sbom readRoot(JsonNode root, String defaultName) {
        f.requireObject(root, "");
        String format = f.requiredText(root, "", "bomFormat");
        if (!format.equals("CycloneDX")) {
            throw f.error("bomFormat", "expected 'CycloneDX', found '" + abbreviate(format) + "'");
        }
        String spec = f.requiredText(root, "", "specVersion");
        if (!SPEC_VERSIONS.contains(spec)) {
            throw f.error("specVersion", "CycloneDX " + abbreviate(spec) + " is not supported (1.4, 1.5 or 1.6)");
        }
        Optional<JsonNode> metadata = f.optionalObject(root, "", "metadata");
        Optional<JsonNode> subjectNode = metadata.flatMap(m -> f.optionalObject(m, "metadata", "component"));
        SubjectFacts facts = new SubjectFacts();
        String name = defaultName;
        if (subjectNode.isPresent()) {
            JsonNode c = subjectNode.get();
            name = f.optionalText(c, "metadata.component", "name").orElse(defaultName);
            for (String[] kv : properties(c, "metadata.component")) {
                if (!facts.accept(kv[0], kv[1], kv[2], f) && kv[0].startsWith(TRIVY)) {
                    String key = kv[0].substring(TRIVY.length());
                    if (key.equals("ImageID")) {
                        facts.fallbackConfigDigest(SbomDocuments.lenientDigest(kv[1]));
                    } else if (key.equals("RepoDigest")) {
                        facts.fallbackManifestDigest(SbomDocuments.lenientDigest(kv[1]));
                    }
                }
            }
        }
        // The layer list is needed to turn layer digests into indexes.
        SbomSubject provisional = facts.build(name, Optional.empty(), "metadata.component.properties", f);
        layers = provisional.layers();
        components(root, "");
        SbomSubject subject = facts.build(name, os, "metadata.component.properties", f);
        return new Sbom(subject, SbomDocuments.sorted(packages), List.of());
    }

    private void components(JsonNode parent, String parentPath) {
        String arrayPath = Fields.path(parentPath, "components");
        List<JsonNode> list = f.array(parent, parentPath, "components");
        for (int i = 0; i < list.size(); i++) {
            String path = arrayPath + "[" + i + "]";
            JsonNode c = f.requireObject(list.get(i), path);
            component(c, path);
            components(c, path);
        }
    }

    private void component(JsonNode c, String path) {
        String type = f.requiredText(c, path, "type");
        String name = f.requiredText(c, path, "name");
        String version = f.optionalText(c, path, "version").orElse("");
        if (type.equals("operating-system")) {
            if (os.isEmpty()) {
                os = Optional.of(new OsRelease(name.toLowerCase(java.util.Locale.ROOT), version, "",
                        f.optionalText(c, path, "description").orElse(""), List.of(), ""));
            }
            return;
        }
        if (type.equals("file") || type.equals("container")) {
            return;
        }
        Optional<String> purlText = f.optionalText(c, path, "purl").filter(s -> !s.isBlank());
        Purl purl = purlText.isPresent() ? SbomDocuments.purl(purlText.get(), Fields.path(path, "purl"), f)
                : SbomDocuments.genericPurl(name, version, path, f);
        List<String> licenses = licenses(c, path);
        SbomDocuments.OwnFacts own = new SbomDocuments.OwnFacts();
        TreeMap<Integer, String[]> syft = new TreeMap<>();
        String trivyPath = null;
        Optional<Digest> trivyLayer = Optional.empty();
        String cdxgenSrcFile = null;
        TreeMap<String, String> foreignMetadata = new TreeMap<>();
        for (String[] kv : properties(c, path)) {
            if (own.accept(kv[0], kv[1], kv[2], f)) {
                continue;
            }
            String key = kv[0];
            if (key.startsWith("syft:location:")) {
                String[] parts = key.split(":");
                if (parts.length == 4) {
                    try {
                        int index = Integer.parseInt(parts[2]);
                        String[] l = syft.computeIfAbsent(index, k -> new String[2]);
                        if (parts[3].equals("path")) {
                            l[0] = kv[1];
                        } else if (parts[3].equals("layerID")) {
                            l[1] = kv[1];
                        }
                    } catch (NumberFormatException ignored) {
                        // Not a location property after all: other tools' keys are not ours to police.
                    }
                }
            } else if (key.equals(TRIVY + "FilePath")) {
                trivyPath = kv[1];
            } else if (key.equals(TRIVY + "LayerDigest")) {
                trivyLayer = SbomDocuments.lenientDigest(kv[1]);
            } else if (key.equals(TRIVY + "SrcName")) {
                foreignMetadata.put("sourceName", kv[1]);
            } else if (key.equals(TRIVY + "SrcVersion")) {
                foreignMetadata.put("sourceVersion", kv[1]);
            } else if (key.equals("SrcFile")) {
                cdxgenSrcFile = kv[1];
            }
        }
        List<PackageLocation> locations;
        if (own.any) {
            locations = own.locations(Fields.path(path, "properties"), f);
        } else if (!syft.isEmpty()) {
            locations = new ArrayList<>();
            for (String[] l : syft.values()) {
                if (l[0] != null) {
                    Optional<Digest> d = SbomDocuments.lenientDigest(l[1]);
                    locations.add(new PackageLocation(l[0], SbomDocuments.layerIndex(layers, d), d));
                }
            }
        } else if (trivyPath != null || trivyLayer.isPresent()) {
            String p = trivyPath == null ? "" : trivyPath;
            locations = List.of(new PackageLocation(p, SbomDocuments.layerIndex(layers, trivyLayer), trivyLayer));
        } else {
            locations = occurrences(c, path);
            if (locations.isEmpty() && cdxgenSrcFile != null) {
                locations = List.of(new PackageLocation(cdxgenSrcFile, -1, Optional.empty()));
            }
        }
        TreeMap<String, String> metadata = new TreeMap<>(foreignMetadata);
        metadata.putAll(own.metadata);
        packages.add(new Package(name, version, own.type.orElse(purl.type()), purl, licenses, locations,
                own.foundBy.orElse(FOUND_BY), metadata, List.of()));
    }

    private List<PackageLocation> occurrences(JsonNode c, String path) {
        Optional<JsonNode> evidence = f.optionalObject(c, path, "evidence");
        if (evidence.isEmpty()) {
            return List.of();
        }
        String evidencePath = Fields.path(path, "evidence");
        List<JsonNode> occ = f.array(evidence.get(), evidencePath, "occurrences");
        List<PackageLocation> out = new ArrayList<>();
        for (int i = 0; i < occ.size(); i++) {
            String p = Fields.path(evidencePath, "occurrences") + "[" + i + "]";
            JsonNode o = f.requireObject(occ.get(i), p);
            out.add(new PackageLocation(f.requiredText(o, p, "location"), -1, Optional.empty()));
        }
        return out;
    }

    private List<String> licenses(JsonNode c, String path) {
        List<String> out = new ArrayList<>();
        List<JsonNode> list = f.array(c, path, "licenses");
        for (int i = 0; i < list.size(); i++) {
            String p = Fields.path(path, "licenses") + "[" + i + "]";
            JsonNode choice = f.requireObject(list.get(i), p);
            Optional<String> expression = f.optionalText(choice, p, "expression");
            if (expression.isPresent()) {
                out.add(expression.get());
                continue;
            }
            Optional<JsonNode> license = f.optionalObject(choice, p, "license");
            if (license.isEmpty()) {
                throw f.error(p, "expected 'license' or 'expression'");
            }
            String lp = Fields.path(p, "license");
            Optional<String> id = f.optionalText(license.get(), lp, "id");
            Optional<String> name = f.optionalText(license.get(), lp, "name");
            if (id.isPresent()) {
                out.add(id.get());
            } else if (name.isPresent()) {
                out.add(name.get());
            } else {
                throw f.error(lp, "a license needs an 'id' or a 'name'");
            }
        }
        return out;
    }

    /** Returns name, value, path triples; a property without a value has an empty one. */
    private List<String[]> properties(JsonNode c, String path) {
        List<String[]> out = new ArrayList<>();
        List<JsonNode> list = f.array(c, path, "properties");
        for (int i = 0; i < list.size(); i++) {
            String p = Fields.path(path, "properties") + "[" + i + "]";
            JsonNode prop = f.requireObject(list.get(i), p);
            out.add(new String[] {f.requiredText(prop, p, "name"), f.optionalText(prop, p, "value").orElse(""), p});
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
