package dev.containersec.image.internal.catalog.lang;

import dev.containersec.api.CatalogContext;
import dev.containersec.api.Cataloger;
import dev.containersec.api.FileEntry;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Installed Ruby gems: {@code specifications/*.gemspec} files that RubyGems writes on install. They are
 * Ruby code; nothing is evaluated: only assignments of the form {@code s.name = "x"},
 * {@code s.version = "1.2.3"} (also {@code .freeze}d or wrapped, the first string literal counts) and
 * {@code s.license = "MIT"} / {@code s.licenses = ["MIT", ...]} are read, from at most 1 MiB.
 * Purl {@code pkg:gem/name@version}.
 */
public final class RubyGemCataloger implements Cataloger {
    /** The cataloger id. */
    public static final String ID = "ruby-gem";
    private static final int MAX_BYTES = 1 << 20;
    private static final Pattern ASSIGN = Pattern.compile("^\\s*\\w+\\.(name|version|licenses?)\\s*=\\s*(.*)$");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)'");

    /** Creates the cataloger. */
    public RubyGemCataloger() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> globs() {
        return List.of("/**/specifications/*.gemspec");
    }

    @Override
    public Session newSession(ScanLimits limits) {
        Objects.requireNonNull(limits, "limits");
        List<Package> packages = new ArrayList<>();
        return new Session() {
            @Override
            public void accept(FileEntry file, InputStream content) throws IOException {
                String text = new String(content.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
                parse(text, LangSupport.location(file)).ifPresent(packages::add);
            }

            @Override
            public List<Package> finish(CatalogContext context) {
                return List.copyOf(packages);
            }
        };
    }

    static Optional<Package> parse(String text, PackageLocation location) {
        String name = null;
        String version = null;
        List<String> licenses = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.length() > 4096) {
                continue;
            }
            Matcher m = ASSIGN.matcher(line);
            if (!m.matches()) {
                continue;
            }
            List<String> strings = new ArrayList<>();
            Matcher s = STRING.matcher(m.group(2));
            while (s.find()) {
                strings.add(s.group(1) != null ? s.group(1) : s.group(2));
            }
            if (strings.isEmpty()) {
                continue;
            }
            switch (m.group(1)) {
                case "name" -> name = name == null ? strings.get(0) : name;
                case "version" -> version = version == null ? strings.get(0) : version;
                default -> {
                    if (licenses.isEmpty()) {
                        strings.forEach(l -> LangSupport.clean(l).ifPresent(licenses::add));
                    }
                }
            }
        }
        Optional<String> n = LangSupport.clean(name);
        Optional<String> v = LangSupport.clean(version);
        if (n.isEmpty() || v.isEmpty()) {
            return Optional.empty();
        }
        return LangSupport.pkg(ID, "gem", null, n.get(), v.get(), licenses, location, Map.of("evidence", "gemspec"));
    }
}
