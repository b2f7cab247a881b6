package dev.containersec.image.internal.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.Cataloger;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.ScanLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PHP packages installed by Composer: {@code vendor/composer/installed.json}, either the Composer 1
 * array of packages or the Composer 2 object {@code {"packages": [...]}}. Each entry's {@code name}
 * ({@code vendor/package}), {@code version} (as written, e.g. {@code v5.4.0}) and {@code license} array
 * give {@code pkg:composer/vendor/package@version}.
 */
public final class ComposerCataloger implements Cataloger {
    /** The cataloger id. */
    public static final String ID = "php-composer";

    /** Creates the cataloger. */
    public ComposerCataloger() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> globs() {
        return List.of("/**/vendor/composer/installed.json");
    }

    @Override
    public Session newSession(ScanLimits limits) {
        return LangSupport.jsonSession(limits, (doc, file, out) -> out.addAll(parse(doc, LangSupport.location(file))));
    }

    static List<Package> parse(JsonNode doc, PackageLocation location) {
        JsonNode list = doc.isArray() ? doc : doc.get("packages");
        List<Package> out = new ArrayList<>();
        if (list == null || !list.isArray()) {
            return out;
        }
        for (JsonNode p : list) {
            Optional<String> name = LangSupport.text(p, "name");
            Optional<String> version = LangSupport.text(p, "version");
            if (name.isEmpty() || version.isEmpty()) {
                continue;
            }
            int slash = name.get().indexOf('/');
            if (slash <= 0 || slash == name.get().length() - 1 || name.get().indexOf('/', slash + 1) >= 0) {
                continue;
            }
            List<String> licenses = new ArrayList<>();
            JsonNode l = p.get("license");
            if (l != null && l.isArray()) {
                for (JsonNode x : l) {
                    if (x.isTextual()) {
                        LangSupport.clean(x.asText()).ifPresent(licenses::add);
                    }
                }
            } else if (l != null && l.isTextual()) {
                LangSupport.clean(l.asText()).ifPresent(licenses::add);
            }
            LangSupport.pkg(ID, "composer", name.get().substring(0, slash), name.get().substring(slash + 1),
                    version.get(), licenses, location, Map.of("evidence", "installed.json")).ifPresent(out::add);
        }
        return out;
    }
}
