package dev.containersec.image.internal.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.Cataloger;
import dev.containersec.api.FileEntry;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.ScanLimits;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * npm packages: installed ones from {@code node_modules/NAME/package.json} and
 * {@code node_modules/@SCOPE/NAME/package.json} (at any depth, so nested {@code node_modules} count),
 * and declared ones from {@code package-lock.json} lockfiles, versions 1 ({@code dependencies}, nested),
 * 2 and 3 ({@code packages}, keyed by install path; preferred when present). Purls are
 * {@code pkg:npm/%40scope/name@version}. Licences: the {@code license} string, or the legacy
 * {@code license: {type}} object and {@code licenses: [{type}]} array. Metadata {@code evidence} is
 * {@code package.json} or {@code package-lock.json}; lock entries add {@code dev=true} when so marked.
 * Linked entries ({@code link: true}) and entries without a version are not packages.
 */
public final class NpmCataloger implements Cataloger {
    /** The cataloger id. */
    public static final String ID = "npm";

    /** Creates the cataloger. */
    public NpmCataloger() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> globs() {
        return List.of("/**/node_modules/*/package.json", "/**/node_modules/@*/*/package.json", "/**/package-lock.json");
    }

    @Override
    public Session newSession(ScanLimits limits) {
        return LangSupport.jsonSession(limits, (doc, file, out) -> {
            if (file.path().endsWith("/package-lock.json")) {
                lockfile(doc, file, out);
            } else {
                installed(doc, LangSupport.location(file)).ifPresent(out::add);
            }
        });
    }

    /** One installed package.json. */
    static Optional<Package> installed(JsonNode doc, PackageLocation location) {
        Optional<String> name = LangSupport.text(doc, "name");
        Optional<String> version = LangSupport.text(doc, "version");
        if (name.isEmpty() || version.isEmpty()) {
            return Optional.empty();
        }
        return pkg(name.get(), version.get(), licenses(doc), location, Map.of("evidence", "package.json"));
    }

    private static void lockfile(JsonNode doc, FileEntry file, List<Package> out) {
        PackageLocation location = LangSupport.location(file);
        JsonNode packages = doc.get("packages");
        if (packages != null && packages.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = packages.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                JsonNode v = e.getValue();
                int nm = key.lastIndexOf("node_modules/");
                if (key.isEmpty() || nm < 0 || !v.isObject() || v.path("link").asBoolean(false)) {
                    continue; // the root project, a workspace folder, or a link
                }
                String name = LangSupport.text(v, "name").orElse(key.substring(nm + "node_modules/".length()));
                Optional<String> version = LangSupport.text(v, "version");
                if (version.isEmpty()) {
                    continue;
                }
                Map<String, String> md = new LinkedHashMap<>();
                md.put("evidence", "package-lock.json");
                if (v.path("dev").asBoolean(false)) {
                    md.put("dev", "true");
                }
                pkg(name, version.get(), licenses(v), location, md).ifPresent(out::add);
            }
            return;
        }
        dependencies(doc.get("dependencies"), location, out);
    }

    /** Lockfile v1: {@code dependencies: {name: {version, dev, dependencies: {...}}}}, nested. */
    private static void dependencies(JsonNode deps, PackageLocation location, List<Package> out) {
        if (deps == null || !deps.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = deps.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            Optional<String> version = LangSupport.text(v, "version");
            // "file:" and "link:" versions name a folder, not a registry package
            if (version.isPresent() && !version.get().startsWith("file:") && !version.get().startsWith("link:")) {
                Map<String, String> md = new LinkedHashMap<>();
                md.put("evidence", "package-lock.json");
                if (v.path("dev").asBoolean(false)) {
                    md.put("dev", "true");
                }
                pkg(e.getKey(), version.get(), List.of(), location, md).ifPresent(out::add);
            }
            dependencies(v.get("dependencies"), location, out);
        }
    }

    static List<String> licenses(JsonNode doc) {
        List<String> out = new ArrayList<>();
        JsonNode l = doc.get("license");
        if (l != null) {
            if (l.isTextual()) {
                LangSupport.clean(l.asText()).ifPresent(out::add);
            } else if (l.isObject()) {
                LangSupport.text(l, "type").ifPresent(out::add);
            }
        }
        JsonNode ls = doc.get("licenses");
        if (out.isEmpty() && ls != null) {
            if (ls.isArray()) {
                for (JsonNode x : ls) {
                    if (x.isTextual()) {
                        LangSupport.clean(x.asText()).ifPresent(out::add);
                    } else {
                        LangSupport.text(x, "type").ifPresent(out::add);
                    }
                }
            } else if (ls.isTextual()) {
                LangSupport.clean(ls.asText()).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Optional<Package> pkg(String fullName, String version, List<String> licenses,
                                         PackageLocation location, Map<String, String> metadata) {
        String namespace = null;
        String name = fullName;
        if (fullName.startsWith("@")) {
            int slash = fullName.indexOf('/');
            if (slash < 2 || slash == fullName.length() - 1) {
                return Optional.empty();
            }
            namespace = fullName.substring(0, slash);
            name = fullName.substring(slash + 1);
        }
        if (name.contains("/")) {
            return Optional.empty();
        }
        return LangSupport.pkg(ID, "npm", namespace, name, version, licenses, location, metadata);
    }
}
