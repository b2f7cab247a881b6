package dev.containersec.image.internal;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streaming reader of POSIX ustar, PAX and GNU tar archives, written for untrusted input: every
 * header is checksummed, extension headers are bounded by {@link ScanLimits#maxTarHeaderBytes()},
 * numbers are range-checked, and truncation is an error rather than a silent end.
 *
 * <p>Entry contents are never buffered: {@link #content()} reads them straight from the underlying
 * stream, and {@link #next()} skips whatever the caller left unread.
 *
 * @see <a href="https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html">pax (ustar and pax formats)</a>
 */
final class TarReader {
    static final int BLOCK = 512;

    private final InputStream in;
    private final boolean seekable;
    private final ScanLimits limits;
    private final String where;
    private final byte[] header = new byte[BLOCK];
    private final byte[] scratch = new byte[64 * 1024];
    private long remaining;
    private long padding;
    private long offset;
    private long headerOffset;
    private boolean finished;
    private final EntryStream entryStream = new EntryStream();

    /**
     * @param in the archive bytes
     * @param seekable true when {@code in.skip} is cheap and exact (a file region), false for
     *     decompressing streams, whose skip is slow
     * @param limits the bounds on extension headers
     * @param where a description of the archive for errors
     */
    TarReader(InputStream in, boolean seekable, ScanLimits limits, String where) {
        this.in = in;
        this.seekable = seekable;
        this.limits = limits;
        this.where = where;
    }

    /** Returns the byte offset of the last header read, for error messages and archive indexes. */
    long headerOffset() {
        return headerOffset;
    }

    /** Returns the byte offset in the archive where the current entry's content starts. */
    long contentOffset() {
        return headerOffset + BLOCK;
    }

    /**
     * Advances to the next entry, skipping the rest of the current one.
     *
     * @return the next entry, or null at the end of the archive
     */
    TarEntry next() {
        try {
            return readNext();
        } catch (IOException e) {
            throw new InvalidInputException(where, "cannot read tar: " + e.getMessage(), e);
        }
    }

    /** Returns a stream over the current entry's content; valid until {@link #next()}. */
    InputStream content() {
        return entryStream;
    }

    private TarEntry readNext() throws IOException {
        if (finished) {
            return null;
        }
        skipFully(remaining + padding);
        remaining = 0;
        padding = 0;
        String longName = null;
        String longLink = null;
        PaxHeaders pax = null;
        while (true) {
            headerOffset = offset;
            int n = readBlock(header);
            if (n == 0) {
                finished = true;
                return null;
            }
            if (n < BLOCK) {
                throw truncated("in a header");
            }
            if (isZero(header)) {
                int m = readBlock(header);
                if (m == BLOCK && !isZero(header)) {
                    throw new InvalidInputException(where, "a zero block at offset " + headerOffset
                            + " is followed by data; the archive is ambiguous");
                }
                finished = true;
                return null;
            }
            verifyChecksum();
            char type = (char) (header[156] & 0xff);
            long size = parseNumber(124, 12, "size");
            switch (type) {
                case 'x':
                case 'g': {
                    byte[] data = readExtension(size, "PAX header");
                    if (type == 'x') {
                        pax = PaxHeaders.parse(data, where, headerOffset);
                    }
                    continue;
                }
                case 'L':
                    longName = cString(readExtension(size, "GNU long name"));
                    continue;
                case 'K':
                    longLink = cString(readExtension(size, "GNU long link name"));
                    continue;
                default:
                    break;
            }
            String name = longName != null ? longName : ustarName();
            String link = longLink != null ? longLink : field(157, 100);
            long uid = parseNumber(108, 8, "uid");
            long gid = parseNumber(116, 8, "gid");
            int mode = (int) (parseNumber(100, 8, "mode") & 07777);
            boolean sparse = type == 'S';
            if (pax != null) {
                name = pax.path != null ? pax.path : name;
                link = pax.linkPath != null ? pax.linkPath : link;
                size = pax.size >= 0 ? pax.size : size;
                uid = pax.uid >= 0 ? pax.uid : uid;
                gid = pax.gid >= 0 ? pax.gid : gid;
                sparse |= pax.sparse;
            }
            if (size > Long.MAX_VALUE - BLOCK) {
                // size plus padding would overflow, and the next header would be read from this entry's content
                throw badHeader("size out of range: " + size);
            }
            boolean hasContent = type != '1' && type != '2' && type != '3' && type != '4' && type != '5' && type != '6';
            remaining = hasContent ? size : 0;
            padding = hasContent ? (BLOCK - (size % BLOCK)) % BLOCK : 0;
            return new TarEntry(name, link, type, mode, uid, gid, hasContent ? size : 0, sparse);
        }
    }

    private byte[] readExtension(long size, String what) throws IOException {
        if (size > limits.maxTarHeaderBytes()) {
            throw new LimitExceededException(where + " " + what + " at offset " + headerOffset,
                    ScanLimits.Limit.TAR_HEADER_BYTES, limits.maxTarHeaderBytes(), size);
        }
        byte[] data = new byte[(int) size];
        int n = in.readNBytes(data, 0, data.length);
        offset += n;
        if (n < data.length) {
            throw truncated("in a " + what);
        }
        skipFully((BLOCK - (size % BLOCK)) % BLOCK);
        return data;
    }

    private String ustarName() {
        String name = field(0, 100);
        boolean posix = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                && header[261] == 'r' && header[262] == 0;
        if (posix && header[345] != 0) {
            return field(345, 155) + "/" + name;
        }
        return name;
    }

    private String field(int off, int len) {
        int end = off;
        while (end < off + len && header[end] != 0) {
            end++;
        }
        return new String(header, off, end - off, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    private long parseNumber(int off, int len, String what) {
        if ((header[off] & 0x80) != 0) {
            if ((header[off] & 0xff) == 0xff) {
                throw badHeader("negative " + what);
            }
            long v = header[off] & 0x3f;
            for (int i = off + 1; i < off + len; i++) {
                if ((v >>> 55) != 0) {
                    throw badHeader(what + " out of range");
                }
                v = (v << 8) | (header[i] & 0xff);
            }
            return v;
        }
        long v = 0;
        int i = off;
        int end = off + len;
        while (i < end && (header[i] == ' ' || header[i] == 0)) {
            i++;
        }
        for (; i < end; i++) {
            byte b = header[i];
            if (b == ' ' || b == 0) {
                break;
            }
            if (b < '0' || b > '7') {
                throw badHeader("non-octal " + what);
            }
            v = (v << 3) | (b - '0');
        }
        return v;
    }

    private void verifyChecksum() {
        long stored = parseNumber(148, 8, "checksum");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = (i >= 148 && i < 156) ? ' ' : header[i];
            unsigned += b & 0xff;
            signed += (i >= 148 && i < 156) ? ' ' : b;
        }
        if (stored != unsigned && stored != signed) {
            throw badHeader("checksum mismatch (not a tar archive, or corrupt)");
        }
    }

    private InvalidInputException badHeader(String what) {
        return new InvalidInputException(where, "bad tar header at offset " + headerOffset + ": " + what);
    }

    private InvalidInputException truncated(String what) {
        return new InvalidInputException(where, "truncated tar archive " + what + " at offset " + offset);
    }

    private int readBlock(byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        offset += n;
        return n;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private void skipFully(long n) throws IOException {
        if (seekable && n > 0) {
            long skipped = in.skip(n);
            offset += skipped;
            n -= skipped;
            if (n > 0) {
                throw truncated("in entry content");
            }
        }
        while (n > 0) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, n));
            if (r < 0) {
                throw truncated("in entry content");
            }
            n -= r;
            offset += r;
        }
    }

    /**
     * A failure of the archive (truncated, or its decompressor rejected it) while a caller read an entry's
     * content: the input is at fault, not the caller, so it is reported as invalid input.
     */
    static final class ContentReadException extends EOFException {
        private static final long serialVersionUID = 1L;

        ContentReadException(String message, IOException cause) {
            super(message);
            if (cause != null) {
                initCause(cause);
            }
        }
    }

    /** The current entry's content, bounded to its size; truncation is an error. */
    private final class EntryStream extends InputStream {
        @Override
        public int read() throws IOException {
            return Streams.readOne(this);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n;
            try {
                n = in.read(b, off, (int) Math.min(len, remaining));
            } catch (IOException e) {
                throw new ContentReadException(where + ": cannot read entry content at offset " + offset + ": "
                        + e.getMessage(), e);
            }
            if (n < 0) {
                throw new ContentReadException(where + ": truncated tar archive in entry content at offset " + offset, null);
            }
            remaining -= n;
            offset += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long want = Math.max(0, Math.min(n, remaining));
            try {
                skipFully(want);
            } catch (IOException e) {
                throw new ContentReadException(where + ": cannot read entry content at offset " + offset + ": "
                        + e.getMessage(), e);
            }
            remaining -= want;
            return want;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(remaining, in.available());
        }

        @Override
        public void close() {
            // The archive stream stays open; next() skips what is left.
        }
    }
}
