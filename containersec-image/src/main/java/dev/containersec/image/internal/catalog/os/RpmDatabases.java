package dev.containersec.image.internal.catalog.os;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/**
 * Extracts the package header blobs from the three rpm database formats. Each returns the blobs in
 * storage order; parsing them is {@link RpmHeader#parse}'s job.
 *
 * <ul>
 *   <li>Berkeley DB hash ({@code Packages}, rpm before 4.16): the metadata page (magic {@code 0x061561},
 *       either byte order, page size, last page number), then every hash page's key/value pairs; values
 *       are stored inline ({@code H_KEYDATA}) or in a chain of overflow pages ({@code H_OFFPAGE}). Key 0
 *       holds rpm's instance counter, not a header, and is skipped.</li>
 *   <li>NDB ({@code Packages.db}, SUSE): a 32-byte header ({@code RpmP}, version 0, slot page count),
 *       4 KiB slot pages of 16-byte slots ({@code Slot}, package index, block offset, block count), and
 *       per package a blob ({@code BlbS}, package index, checksum, length) in 16-byte blocks. The
 *       checksum is not verified.</li>
 *   <li>SQLite ({@code rpmdb.sqlite}, rpm 4.16+): table {@code Packages(hnum, blob)}.</li>
 * </ul>
 * Facts about the first two formats as documented by Berkeley DB's {@code db_page.h}, rpm's
 * {@code lib/backend/ndb/rpmpkg.c} and the go-rpmdb reader. Every page number, offset and length is
 * checked against the bytes; chains are bounded by the page count.
 */
public final class RpmDatabases {
    private static final int BDB_HASH_MAGIC = 0x061561;
    private static final int BDB_PAGE_HEADER = 26;
    private static final int P_HASH_UNSORTED = 2;
    private static final int P_OVERFLOW = 7;
    private static final int P_HASHMETA = 8;
    private static final int P_HASH = 13;
    private static final int H_KEYDATA = 1;
    private static final int H_OFFPAGE = 3;

    private static final int NDB_MAGIC = 'R' | 'p' << 8 | 'm' << 16 | 'P' << 24;
    private static final int NDB_SLOT_MAGIC = 'S' | 'l' << 8 | 'o' << 16 | 't' << 24;
    private static final int NDB_BLOB_MAGIC = 'B' | 'l' << 8 | 'b' << 16 | 'S' << 24;
    private static final int NDB_MAX_SLOT_PAGES = 2048;

    private RpmDatabases() {
    }

    /** A header blob: a region of a byte array. */
    public record Blob(byte[] bytes, int offset, int length) {
    }

    /**
     * Reads the header blobs of a Berkeley DB hash database.
     *
     * @param subject the file, for error messages
     * @param db the whole file
     * @return the blobs
     * @throws InvalidInputException if the file is not a well-formed hash database
     */
    public static List<Blob> berkeleyDb(String subject, byte[] db) {
        if (db.length < 512) {
            throw new InvalidInputException(subject, "Berkeley DB file shorter than one page (" + db.length + " bytes)");
        }
        boolean little;
        if (le32(db, 12) == BDB_HASH_MAGIC) {
            little = true;
        } else if (be32(db, 12) == BDB_HASH_MAGIC) {
            little = false;
        } else {
            throw new InvalidInputException(subject, "not a Berkeley DB hash database (magic "
                    + Integer.toHexString(le32(db, 12)) + ")");
        }
        long pageSize = u32(db, 20, little);
        if (pageSize < 512 || pageSize > 65536 || Long.bitCount(pageSize) != 1) {
            throw new InvalidInputException(subject, "Berkeley DB page size " + pageSize + " is not a power of two in 512..65536");
        }
        if (db[24] != 0) {
            throw new InvalidInputException(subject, "Berkeley DB is encrypted (algorithm " + db[24] + ")");
        }
        if (db[25] != P_HASHMETA) {
            throw new InvalidInputException(subject, "Berkeley DB metadata page has type " + db[25] + ", not hash metadata");
        }
        int ps = (int) pageSize;
        long lastPage = u32(db, 32, little);
        long pages = db.length / ps;
        if (lastPage >= pages) {
            throw new InvalidInputException(subject, "Berkeley DB claims " + (lastPage + 1) + " pages but holds " + pages);
        }
        List<Blob> out = new ArrayList<>();
        for (int p = 1; p <= lastPage; p++) {
            int page = p * ps;
            int type = db[page + 25] & 0xff;
            if (type != P_HASH && type != P_HASH_UNSORTED) {
                continue;
            }
            int entries = u16(db, page + 20, little);
            if (entries % 2 != 0 || BDB_PAGE_HEADER + 2L * entries > ps) {
                throw new InvalidInputException(subject, "Berkeley DB page " + p + " has a bad entry count " + entries);
            }
            for (int k = 0; k + 1 < entries; k += 2) {
                int keyAt = u16(db, page + BDB_PAGE_HEADER + 2 * k, little);
                int valueAt = u16(db, page + BDB_PAGE_HEADER + 2 * (k + 1), little);
                if (keyAt < BDB_PAGE_HEADER || keyAt >= ps || valueAt < BDB_PAGE_HEADER || valueAt >= keyAt) {
                    throw new InvalidInputException(subject, "Berkeley DB page " + p + " item " + k + " has bad offsets");
                }
                if (isZeroKey(db, page, keyAt, ps, k, little)) {
                    continue;
                }
                int valueType = db[page + valueAt] & 0xff;
                if (valueType == H_KEYDATA) {
                    out.add(new Blob(db, page + valueAt + 1, keyAt - valueAt - 1));
                } else if (valueType == H_OFFPAGE) {
                    out.add(overflow(subject, db, page + valueAt, keyAt - valueAt, ps, lastPage, little));
                }
            }
        }
        return out;
    }

    private static boolean isZeroKey(byte[] db, int page, int keyAt, int ps, int k, boolean little) {
        int keyEnd = k == 0 ? ps : u16(db, page + BDB_PAGE_HEADER + 2 * (k - 1), little);
        if ((db[page + keyAt] & 0xff) != H_KEYDATA || keyEnd > ps || keyEnd - keyAt != 5) {
            return false;
        }
        return db[page + keyAt + 1] == 0 && db[page + keyAt + 2] == 0 && db[page + keyAt + 3] == 0
                && db[page + keyAt + 4] == 0;
    }

    private static Blob overflow(String subject, byte[] db, int item, int itemLen, int ps, long lastPage, boolean little) {
        if (itemLen < 12) {
            throw new InvalidInputException(subject, "Berkeley DB off-page item shorter than 12 bytes");
        }
        long pgno = u32(db, item + 4, little);
        long total = u32(db, item + 8, little);
        if (total > db.length) {
            throw new InvalidInputException(subject, "Berkeley DB off-page item claims " + total
                    + " bytes, more than the file holds");
        }
        byte[] value = new byte[(int) total];
        int filled = 0;
        long hops = 0;
        while (filled < total) {
            if (pgno == 0 || pgno > lastPage || ++hops > lastPage) {
                throw new InvalidInputException(subject, "Berkeley DB overflow chain broken at page " + pgno
                        + " after " + filled + " of " + total + " bytes");
            }
            int page = (int) pgno * ps;
            if ((db[page + 25] & 0xff) != P_OVERFLOW) {
                throw new InvalidInputException(subject, "Berkeley DB page " + pgno + " is not an overflow page");
            }
            int len = u16(db, page + 22, little);
            if (len > ps - BDB_PAGE_HEADER || len > total - filled) {
                throw new InvalidInputException(subject, "Berkeley DB overflow page " + pgno + " holds a bad length " + len);
            }
            System.arraycopy(db, page + BDB_PAGE_HEADER, value, filled, len);
            filled += len;
            pgno = u32(db, page + 16, little);
            if (len == 0 && filled < total) {
                throw new InvalidInputException(subject, "Berkeley DB overflow page " + pgno + " is empty");
            }
        }
        return new Blob(value, 0, value.length);
    }

    /**
     * Reads the header blobs of an NDB database.
     *
     * @param subject the file, for error messages
     * @param db the whole file
     * @return the blobs
     * @throws InvalidInputException if the file is not a well-formed NDB database
     */
    public static List<Blob> ndb(String subject, byte[] db) {
        if (db.length < 32 || le32(db, 0) != NDB_MAGIC) {
            throw new InvalidInputException(subject, "not an rpm NDB database (no RpmP header)");
        }
        if (le32(db, 4) != 0) {
            throw new InvalidInputException(subject, "unsupported NDB version " + le32(db, 4));
        }
        long slotPages = u32(db, 12, true);
        if (slotPages == 0 || slotPages > NDB_MAX_SLOT_PAGES || slotPages * 4096 > db.length) {
            throw new InvalidInputException(subject, "NDB slot page count " + slotPages + " does not fit the "
                    + db.length + "-byte file");
        }
        List<Blob> out = new ArrayList<>();
        int slots = (int) slotPages * 256;
        // The first two 16-byte slots are the file header.
        for (int s = 2; s < slots; s++) {
            int at = s * 16;
            if (le32(db, at) != NDB_SLOT_MAGIC) {
                throw new InvalidInputException(subject, "NDB slot " + s + " has a bad magic");
            }
            long pkg = u32(db, at + 4, true);
            if (pkg == 0) {
                continue;
            }
            long blockOffset = u32(db, at + 8, true);
            long blockCount = u32(db, at + 12, true);
            long start = blockOffset * 16;
            if (start < 32 || blockCount == 0 || start + blockCount * 16 > db.length) {
                throw new InvalidInputException(subject, "NDB slot " + s + " (package " + pkg
                        + ") points outside the file");
            }
            int b = (int) start;
            if (le32(db, b) != NDB_BLOB_MAGIC || u32(db, b + 4, true) != pkg) {
                throw new InvalidInputException(subject, "NDB blob for package " + pkg + " has a bad header");
            }
            long len = u32(db, b + 12, true);
            if (len > blockCount * 16 - 16) {
                throw new InvalidInputException(subject, "NDB blob for package " + pkg + " claims " + len
                        + " bytes in " + blockCount + " blocks");
            }
            out.add(new Blob(db, b + 16, (int) len));
        }
        return out;
    }

    /**
     * Reads the header blobs of an {@code rpmdb.sqlite} database. SQLite needs a file: the bytes are
     * copied (at most {@code maxBytes}) into a fresh private directory made by
     * {@link Files#createTempDirectory} with owner-only permissions, opened read-only as immutable,
     * and the directory is deleted before this method returns, whatever happens. This is the one
     * write catalogers make.
     *
     * @param subject the file, for error messages
     * @param content the file's bytes
     * @param declaredSize the entry's size
     * @param maxBytes the most bytes to copy
     * @return the blobs
     * @throws InvalidInputException if the file is not an rpm SQLite database
     * @throws IOException if the temporary copy cannot be made
     */
    public static List<Blob> sqlite(String subject, InputStream content, long declaredSize, long maxBytes)
            throws IOException {
        if (declaredSize > maxBytes) {
            throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, maxBytes, declaredSize);
        }
        Path dir = Files.createTempDirectory("containersec-rpmdb",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Path file = dir.resolve("rpmdb.sqlite");
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buf = new byte[64 * 1024];
                long total = 0;
                int n;
                while ((n = content.read(buf)) > 0) {
                    total += n;
                    if (total > maxBytes) {
                        throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, maxBytes, total);
                    }
                    out.write(buf, 0, n);
                }
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            List<Blob> out = new ArrayList<>();
            try (Connection c = config.createConnection("jdbc:sqlite:file:" + file.toUri().getRawPath() + "?immutable=1");
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT blob FROM Packages ORDER BY hnum")) {
                while (rs.next()) {
                    byte[] blob = rs.getBytes(1);
                    if (blob != null) {
                        out.add(new Blob(blob, 0, blob.length));
                    }
                }
            } catch (SQLException e) {
                throw new InvalidInputException(subject, "not a readable rpm SQLite database: " + e.getMessage(), e);
            }
            return out;
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int u16(byte[] b, int i, boolean little) {
        return little ? (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 : (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    private static long u32(byte[] b, int i, boolean little) {
        return (little ? le32(b, i) : be32(b, i)) & 0xffffffffL;
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    private static int be32(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }
}
