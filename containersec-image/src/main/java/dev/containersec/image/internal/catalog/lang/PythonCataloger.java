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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Installed Python distributions: {@code *.dist-info/METADATA} (wheels, pip), {@code *.egg-info/PKG-INFO}
 * (setuptools) and Debian's single-file {@code *.egg-info}. These are RFC 822 style headers (core
 * metadata specification) read up to the first blank line, at most 1 MiB: {@code Name}, {@code Version},
 * and licences from {@code License-Expression}, else {@code License} (when a short single line), else
 * the {@code Classifier: License :: ...} trove classifiers. Purl {@code pkg:pypi/name@version} (the
 * {@link dev.containersec.api.Purl} normalises the name). Metadata {@code evidence} is the file kind.
 *
 * @see <a href="https://packaging.python.org/en/latest/specifications/core-metadata/">core metadata</a>
 */
public final class PythonCataloger implements Cataloger {
    /** The cataloger id. */
    public static final String ID = "python";
    private static final int MAX_HEADER_BYTES = 1 << 20;

    /** Creates the cataloger. */
    public PythonCataloger() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> globs() {
        return List.of("/**/*.dist-info/METADATA", "/**/*.egg-info/PKG-INFO", "/**/*.egg-info");
    }

    @Override
    public Session newSession(ScanLimits limits) {
        Objects.requireNonNull(limits, "limits");
        List<Package> packages = new ArrayList<>();
        return new Session() {
            @Override
            public void accept(FileEntry file, InputStream content) throws IOException {
                byte[] head = content.readNBytes(MAX_HEADER_BYTES);
                String evidence = file.path().endsWith("/METADATA") ? "dist-info" : "egg-info";
                parse(new String(head, StandardCharsets.UTF_8), LangSupport.location(file), evidence)
                        .ifPresent(packages::add);
            }

            @Override
            public List<Package> finish(CatalogContext context) {
                return List.copyOf(packages);
            }
        };
    }

    /** Parses the header block of one metadata file. */
    static Optional<Package> parse(String text, PackageLocation location, String evidence) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String lastKey = null;
        for (String line : text.split("\r?\n", -1)) {
            if (line.isEmpty()) {
                break; // end of headers; the body is the description
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && lastKey != null) {
                List<String> vs = headers.get(lastKey);
                vs.set(vs.size() - 1, vs.get(vs.size() - 1) + "\n" + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            lastKey = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(lastKey, k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        }
        Optional<String> name = first(headers, "name").flatMap(LangSupport::clean);
        Optional<String> version = first(headers, "version").flatMap(LangSupport::clean);
        if (name.isEmpty() || version.isEmpty()) {
            return Optional.empty();
        }
        List<String> licenses = new ArrayList<>();
        first(headers, "license-expression").flatMap(LangSupport::clean).ifPresent(licenses::add);
        if (licenses.isEmpty()) {
            first(headers, "license").filter(l -> !l.contains("\n") && !l.equalsIgnoreCase("UNKNOWN"))
                    .flatMap(LangSupport::clean).filter(l -> l.length() <= 100).ifPresent(licenses::add);
        }
        if (licenses.isEmpty()) {
            for (String c : headers.getOrDefault("classifier", List.of())) {
                String[] parts = c.split("::");
                if (parts.length >= 2 && parts[0].strip().equals("License")) {
                    String last = parts[parts.length - 1].strip();
                    if (!last.isEmpty() && !last.equals("OSI Approved")) {
                        LangSupport.clean(last).ifPresent(licenses::add);
                    }
                }
            }
        }
        return LangSupport.pkg(ID, "pypi", null, name.get(), version.get(), licenses, location,
                Map.of("evidence", evidence));
    }

    private static Optional<String> first(Map<String, List<String>> headers, String key) {
        List<String> vs = headers.get(key);
        return vs == null || vs.isEmpty() ? Optional.empty() : Optional.of(vs.get(0));
    }
}
