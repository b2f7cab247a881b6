package dev.containersec.image.internal.catalog.os;

import dev.containersec.api.CatalogContext;
import dev.containersec.api.Cataloger;
import dev.containersec.api.FileEntry;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Purl;
import dev.containersec.api.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Alpine packages from apk-tools' installed database, {@code /lib/apk/db/installed} (also looked
 * for at {@code /usr/lib/apk/db/installed}, where usr-merged systems keep it). The purl is
 * {@code pkg:apk/<distro id>/<name>@<version>?arch=<arch>&distro=<id>-<version_id>}, with
 * {@code upstream=<origin>} when the origin (source) package has another name.
 */
public final class ApkCataloger implements Cataloger {

    /** Creates the cataloger. */
    public ApkCataloger() {
    }

    @Override
    public String id() {
        return "apk";
    }

    @Override
    public List<String> globs() {
        return List.of("/lib/apk/db/installed", "/usr/lib/apk/db/installed");
    }

    @Override
    public Session newSession(ScanLimits limits) {
        Objects.requireNonNull(limits, "limits");
        return new Session() {
            private final List<Object[]> found = new ArrayList<>();

            @Override
            public void accept(FileEntry file, InputStream content) throws IOException {
                byte[] data = OsPackages.readBounded(file.path(), file.size(), content, limits.maxDocumentBytes());
                for (ApkDbParser.Record r : ApkDbParser.parse(data)) {
                    found.add(new Object[] {r, file});
                }
            }

            @Override
            public List<Package> finish(CatalogContext context) {
                // One database reached by two names (/lib -> usr/lib) is reported once.
                Map<String, Package> out = new LinkedHashMap<>();
                String namespace = OsPackages.namespace(context, "alpine");
                for (Object[] f : found) {
                    ApkDbParser.Record r = (ApkDbParser.Record) f[0];
                    FileEntry file = (FileEntry) f[1];
                    String key = r.name() + "@" + r.version() + ":" + r.architecture();
                    if (out.containsKey(key)) {
                        continue;
                    }
                    Purl purl = Purl.of("apk", namespace, r.name(), r.version()).withQualifier("arch", r.architecture());
                    if (!r.origin().isEmpty() && !r.origin().equals(r.name())) {
                        purl = purl.withQualifier("upstream", r.origin());
                    }
                    purl = OsPackages.withDistro(purl, context);
                    TreeMap<String, String> meta = new TreeMap<>();
                    meta.put("arch", r.architecture());
                    meta.put("sourceName", r.origin().isEmpty() ? r.name() : r.origin());
                    meta.put("evidence", file.path());
                    List<String> licenses = r.license().isEmpty() ? List.of() : List.of(r.license());
                    out.put(key, new Package(r.name(), r.version(), "apk", purl, licenses,
                            List.of(PackageLocation.of(file)), "apk", meta, r.files()));
                }
                return List.copyOf(out.values());
            }
        };
    }
}
