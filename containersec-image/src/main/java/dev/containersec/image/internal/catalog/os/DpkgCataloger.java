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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Debian packages: {@code /var/lib/dpkg/status} and distroless {@code /var/lib/dpkg/status.d/*}
 * (one or more stanzas per file), with the files each package owns from
 * {@code /var/lib/dpkg/info/PKG.list} or {@code PKG:ARCH.list}.
 *
 * <p>Only installed packages are reported (the third word of {@code Status} is {@code installed};
 * {@code status.d} stanzas carry no {@code Status} and count as installed). The purl is
 * {@code pkg:deb/<distro id>/<name>@<version>?arch=<arch>&distro=<id>-<version_id>}, with
 * {@code upstream=<source>} (or {@code <source>@<source version>}) when the binary package was built
 * from a source package of another name or version (the qualifier Syft uses; the purl specification's
 * deb type does not define it). Licences are not in the dpkg database: they come from the package's
 * {@code /usr/share/doc/PKG/copyright} when it is machine-readable (see {@link DebianCopyright}).
 */
public final class DpkgCataloger implements Cataloger {
    static final String STATUS = "/var/lib/dpkg/status";
    static final String STATUS_D = "/var/lib/dpkg/status.d/";
    static final String INFO = "/var/lib/dpkg/info/";
    static final String DOC = "/usr/share/doc/";
    static final String COPYRIGHT_GLOB = DOC + "*/copyright";

    /** Creates the cataloger. */
    public DpkgCataloger() {
    }

    @Override
    public String id() {
        return "dpkg";
    }

    @Override
    public List<String> globs() {
        return List.of(STATUS, STATUS_D + "*", INFO + "*.list", COPYRIGHT_GLOB);
    }

    @Override
    public Session newSession(ScanLimits limits) {
        return new DpkgSession(Objects.requireNonNull(limits, "limits"));
    }

    private static final class DpkgSession implements Session {
        private final ScanLimits limits;
        private final List<Found> found = new ArrayList<>();
        private final Map<String, List<String>> lists = new HashMap<>();
        private final Map<String, List<String>> copyrightLicenses = new HashMap<>();

        DpkgSession(ScanLimits limits) {
            this.limits = limits;
        }

        private record Found(DpkgStatusParser.Stanza stanza, FileEntry file) {
        }

        @Override
        public void accept(FileEntry file, InputStream content) throws IOException {
            String path = file.path();
            if (path.startsWith(INFO)) {
                String key = path.substring(INFO.length(), path.length() - ".list".length());
                byte[] data = OsPackages.readBounded(path, file.size(), content, limits.maxDocumentBytes());
                lists.put(key, listedPaths(data));
                return;
            }
            if (path.startsWith(DOC) && path.endsWith("/copyright")) {
                String pkg = path.substring(DOC.length(), path.length() - "/copyright".length());
                byte[] data = OsPackages.readBounded(path, file.size(), content, limits.maxDocumentBytes());
                copyrightLicenses.put(pkg, DebianCopyright.licenses(data));
                return;
            }
            boolean distroless = path.startsWith(STATUS_D);
            if (distroless && path.endsWith(".md5sums")) {
                return;
            }
            byte[] data = OsPackages.readBounded(path, file.size(), content, limits.maxDocumentBytes());
            for (DpkgStatusParser.Stanza s : DpkgStatusParser.parse(data)) {
                if (s.installed(distroless)) {
                    found.add(new Found(s, file));
                }
            }
        }

        @Override
        public List<Package> finish(CatalogContext context) {
            Map<String, Package> out = new LinkedHashMap<>();
            String namespace = OsPackages.namespace(context, "debian");
            for (Found f : found) {
                DpkgStatusParser.Stanza s = f.stanza();
                String key = s.name() + ":" + s.architecture() + "@" + s.version();
                if (out.containsKey(key)) {
                    continue;
                }
                Purl purl = Purl.of("deb", namespace, s.name().toLowerCase(Locale.ROOT), s.version());
                purl = purl.withQualifier("arch", s.architecture());
                String upstream = upstream(s);
                if (!upstream.isEmpty()) {
                    purl = purl.withQualifier("upstream", upstream);
                }
                purl = OsPackages.withDistro(purl, context);
                TreeMap<String, String> meta = new TreeMap<>();
                meta.put("arch", s.architecture());
                meta.put("sourceName", s.sourceName().isEmpty() ? s.name() : s.sourceName());
                meta.put("sourceVersion", s.sourceVersion().isEmpty() ? s.version() : s.sourceVersion());
                meta.put("evidence", f.file().path());
                List<String> files = lists.get(s.name() + ":" + s.architecture());
                if (files == null) {
                    files = lists.getOrDefault(s.name(), List.of());
                }
                List<String> licenses = !s.license().isEmpty() ? List.of(s.license())
                        : copyrightLicenses.getOrDefault(s.name(), List.of());
                out.put(key, new Package(s.name(), s.version(), "deb", purl, licenses,
                        List.of(PackageLocation.of(f.file())), "dpkg", meta, files));
            }
            return List.copyOf(out.values());
        }

        private static String upstream(DpkgStatusParser.Stanza s) {
            if (s.sourceName().isEmpty()) {
                return "";
            }
            boolean otherVersion = !s.sourceVersion().isEmpty() && !s.sourceVersion().equals(s.version());
            if (otherVersion) {
                return s.sourceName() + "@" + s.sourceVersion();
            }
            return s.sourceName().equals(s.name()) ? "" : s.sourceName();
        }

        /** The absolute paths of a {@code .list} file, without dpkg's {@code /.} for the root. */
        private static List<String> listedPaths(byte[] data) {
            String text = new String(data, StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("/") && !line.equals("/.")) {
                    out.add(line);
                }
            }
            return out;
        }
    }
}
