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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * rpm packages from all three database formats, at {@code /var/lib/rpm} and
 * {@code /usr/lib/sysimage/rpm}: SQLite {@code rpmdb.sqlite}, Berkeley DB {@code Packages}, NDB
 * {@code Packages.db} (see {@link RpmDatabases}). When one directory holds several formats (a
 * database converted with {@code rpmdb --rebuilddb} leaves the old file behind), only the newest
 * format is read, in the order SQLite, NDB, Berkeley DB, as rpm itself reads only its configured
 * backend. {@code gpg-pubkey} entries (imported signing keys, not software) are not packages.
 *
 * <p>Database files are larger than ordinary documents: they may be up to
 * {@code 16 * ScanLimits.maxDocumentBytes()} (256 MiB by default). The purl follows the purl
 * specification's rpm type: {@code pkg:rpm/<distro id>/<name>@<version>-<release>?arch=<arch>&epoch=<n>&distro=<id>-<version_id>};
 * {@link Package#version()} is rpm's {@code [epoch:]version-release}.
 */
public final class RpmCataloger implements Cataloger {
    private static final List<String> DIRS = List.of("/var/lib/rpm/", "/usr/lib/sysimage/rpm/");
    private static final List<String> FILES = List.of("rpmdb.sqlite", "Packages.db", "Packages");

    /** Creates the cataloger. */
    public RpmCataloger() {
    }

    @Override
    public String id() {
        return "rpm";
    }

    @Override
    public List<String> globs() {
        List<String> globs = new ArrayList<>();
        for (String d : DIRS) {
            for (String f : FILES) {
                globs.add(d + f);
            }
        }
        return globs;
    }

    /**
     * The most bytes an rpm database file may have under some limits.
     *
     * @param limits the limits
     * @return {@code 16 * maxDocumentBytes}, at most {@code Integer.MAX_VALUE - 64}
     */
    static long maxDatabaseBytes(ScanLimits limits) {
        return Math.min(Integer.MAX_VALUE - 64L, limits.maxDocumentBytes() * 16);
    }

    /**
     * Reads the package headers of one database file.
     *
     * @param path the file's path (its name selects the format)
     * @param size the declared size
     * @param content the bytes
     * @param limits the limits
     * @return the headers, {@code gpg-pubkey} entries included
     * @throws dev.containersec.api.InvalidInputException if the database or a header is malformed
     * @throws IOException if reading fails
     */
    public static List<RpmHeader> read(String path, long size, InputStream content, ScanLimits limits)
            throws IOException {
        long max = maxDatabaseBytes(limits);
        List<RpmDatabases.Blob> blobs;
        if (path.endsWith("/rpmdb.sqlite")) {
            blobs = RpmDatabases.sqlite(path, content, size, max);
        } else if (path.endsWith("/Packages.db")) {
            blobs = RpmDatabases.ndb(path, OsPackages.readBounded(path, size, content, max));
        } else {
            blobs = RpmDatabases.berkeleyDb(path, OsPackages.readBounded(path, size, content, max));
        }
        List<RpmHeader> out = new ArrayList<>(blobs.size());
        for (RpmDatabases.Blob b : blobs) {
            out.add(RpmHeader.parse(path, b.bytes(), b.offset(), b.length()));
        }
        return out;
    }

    @Override
    public Session newSession(ScanLimits limits) {
        Objects.requireNonNull(limits, "limits");
        return new Session() {
            /** Per real directory: format rank (0 best) and what was read. */
            private final Map<String, Object[]> byDir = new HashMap<>();

            @Override
            public void accept(FileEntry file, InputStream content) throws IOException {
                String real = file.linkTarget().filter(t -> t.startsWith("/")).orElse(file.path());
                int slash = real.lastIndexOf('/');
                String dir = real.substring(0, slash + 1);
                int rank = FILES.indexOf(real.substring(slash + 1));
                Object[] seen = byDir.get(dir);
                if (seen != null && (int) seen[0] <= rank) {
                    return;
                }
                List<RpmHeader> headers = read(file.path(), file.size(), content, limits);
                byDir.put(dir, new Object[] {rank, headers, file});
            }

            @Override
            @SuppressWarnings("unchecked")
            public List<Package> finish(CatalogContext context) {
                Map<String, Package> out = new LinkedHashMap<>();
                String namespace = OsPackages.namespace(context, "redhat");
                for (Object[] seen : byDir.values()) {
                    FileEntry file = (FileEntry) seen[2];
                    for (RpmHeader h : (List<RpmHeader>) seen[1]) {
                        if (h.name().equals("gpg-pubkey")) {
                            continue;
                        }
                        String key = h.name() + "@" + h.evr() + ":" + h.arch();
                        if (!out.containsKey(key)) {
                            out.put(key, toPackage(h, file, namespace, context));
                        }
                    }
                }
                return List.copyOf(out.values());
            }
        };
    }

    private static Package toPackage(RpmHeader h, FileEntry file, String namespace, CatalogContext context) {
        String vr = h.release().isEmpty() ? h.version() : h.version() + "-" + h.release();
        Purl purl = Purl.of("rpm", namespace, h.name(), vr).withQualifier("arch", h.arch());
        if (h.epoch().isPresent()) {
            purl = purl.withQualifier("epoch", Integer.toString(h.epoch().getAsInt()));
        }
        purl = OsPackages.withDistro(purl, context);
        TreeMap<String, String> meta = new TreeMap<>();
        meta.put("arch", h.arch());
        meta.put("evidence", file.path());
        put(meta, "sourceRpm", h.sourceRpm());
        h.sourceName().ifPresent(s -> meta.put("sourceName", s));
        put(meta, "vendor", h.vendor());
        put(meta, "modularityLabel", h.modularityLabel());
        List<String> licenses = h.license().isEmpty() ? List.of() : List.of(h.license());
        return new Package(h.name(), h.evr(), "rpm", purl, licenses, List.of(PackageLocation.of(file)), "rpm", meta,
                h.files());
    }

    private static void put(Map<String, String> meta, String key, String value) {
        if (!value.isEmpty()) {
            meta.put(key, value);
        }
    }
}
