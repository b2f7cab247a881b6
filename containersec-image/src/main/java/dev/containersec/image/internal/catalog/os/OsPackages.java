package dev.containersec.image.internal.catalog.os;

import dev.containersec.api.CatalogContext;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.OsRelease;
import dev.containersec.api.Purl;
import dev.containersec.api.ScanLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Helpers shared by the OS catalogers: bounded reads and the purl's distro parts. */
final class OsPackages {
    private OsPackages() {
    }

    /**
     * Reads a whole file, refusing more than {@code max} bytes (the entry's declared size is checked
     * first so that a too-large file is refused before anything is buffered).
     */
    static byte[] readBounded(String subject, long declaredSize, InputStream in, long max) throws IOException {
        if (declaredSize > max) {
            throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, max, declaredSize);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(declaredSize, 1 << 20));
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > max) {
                throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, max, total);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** The purl namespace: the detected distribution id, else the ecosystem's usual vendor. */
    static String namespace(CatalogContext context, String fallback) {
        return context.os().map(OsRelease::id).filter(id -> !id.isEmpty()).orElse(fallback);
    }

    /** The purl {@code distro} qualifier: {@code <id>-<version_id>}, or the id alone for rolling releases. */
    static Optional<String> distro(CatalogContext context) {
        return context.os().filter(os -> !os.id().isEmpty())
                .map(os -> os.versionId().isEmpty() ? os.id() : os.id() + "-" + os.versionId());
    }

    /** Adds the distro qualifier when the OS is known. */
    static Purl withDistro(Purl purl, CatalogContext context) {
        Optional<String> d = distro(context);
        return d.isPresent() ? purl.withQualifier("distro", d.get()) : purl;
    }
}
