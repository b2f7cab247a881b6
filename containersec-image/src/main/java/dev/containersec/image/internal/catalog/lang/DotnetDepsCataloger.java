package dev.containersec.image.internal.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.Cataloger;
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
 * .NET dependencies: {@code *.deps.json} files written next to applications by the .NET SDK. Entries of
 * {@code libraries} keyed {@code Name/Version} with {@code "type": "package"} become
 * {@code pkg:nuget/Name@Version} (projects and reference assemblies are not NuGet packages); metadata
 * {@code sha512} holds the entry's declared package hash when present.
 */
public final class DotnetDepsCataloger implements Cataloger {
    /** The cataloger id. */
    public static final String ID = "dotnet-deps";

    /** Creates the cataloger. */
    public DotnetDepsCataloger() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> globs() {
        return List.of("/**/*.deps.json");
    }

    @Override
    public Session newSession(ScanLimits limits) {
        return LangSupport.jsonSession(limits, (doc, file, out) -> out.addAll(parse(doc, LangSupport.location(file))));
    }

    static List<Package> parse(JsonNode doc, PackageLocation location) {
        List<Package> out = new ArrayList<>();
        JsonNode libs = doc.get("libraries");
        if (libs == null || !libs.isObject()) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = libs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode lib = e.getValue();
            if (!"package".equals(LangSupport.text(lib, "type").orElse(""))) {
                continue;
            }
            int slash = e.getKey().indexOf('/');
            if (slash <= 0 || slash == e.getKey().length() - 1) {
                continue;
            }
            Optional<String> name = LangSupport.clean(e.getKey().substring(0, slash));
            Optional<String> version = LangSupport.clean(e.getKey().substring(slash + 1));
            if (name.isEmpty() || version.isEmpty()) {
                continue;
            }
            Map<String, String> md = new LinkedHashMap<>();
            md.put("evidence", "deps.json");
            LangSupport.text(lib, "sha512").ifPresent(s -> md.put("sha512", s));
            LangSupport.pkg(ID, "nuget", null, name.get(), version.get(), List.of(), location, md).ifPresent(out::add);
        }
        return out;
    }
}
