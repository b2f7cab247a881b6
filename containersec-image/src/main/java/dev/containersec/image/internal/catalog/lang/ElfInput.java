package dev.containersec.image.internal.catalog.lang;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A forward-only view of an ELF file's stream that knows its position, and the parts of the ELF header
 * and program header table the binary catalogers need. Only what lies at or after the current position
 * can be read: section headers (usually at the end of the file) are never needed.
 */
final class ElfInput {
    /** Largest program header table accepted (real binaries have a few dozen 56-byte entries). */
    static final int MAX_PROGRAM_HEADER_BYTES = 64 * 1024;
    static final long PT_LOAD = 1;
    static final long PF_X = 1;
    static final long PF_W = 2;

    private final InputStream in;
    private long position;
    boolean is64;
    boolean bigEndian;
    final List<Segment> segments = new ArrayList<>();

    /** One program header. */
    record Segment(long type, long flags, long offset, long vaddr, long filesz, long memsz) {
        boolean containsAddress(long addr, long len) {
            return addr >= vaddr && len >= 0 && addr - vaddr <= filesz && addr - vaddr + len <= filesz;
        }
    }

    private ElfInput(InputStream in) {
        this.in = in;
    }

    /**
     * Reads the ELF and program headers from the start of a stream.
     *
     * @return the input positioned after the program header table, or empty when the stream is not an
     *     ELF file or its headers are implausible
     */
    static Optional<ElfInput> open(InputStream in) throws IOException {
        ElfInput e = new ElfInput(in);
        byte[] ident = e.readUpTo(64);
        if (ident.length < 52 || ident[0] != 0x7f || ident[1] != 'E' || ident[2] != 'L' || ident[3] != 'F') {
            return Optional.empty();
        }
        if ((ident[4] != 1 && ident[4] != 2) || (ident[5] != 1 && ident[5] != 2)) {
            return Optional.empty();
        }
        e.is64 = ident[4] == 2;
        e.bigEndian = ident[5] == 2;
        if (e.is64 && ident.length < 64) {
            return Optional.empty();
        }
        long phoff = e.is64 ? e.uint(ident, 32, 8) : e.uint(ident, 28, 4);
        int phentsize = (int) e.uint(ident, e.is64 ? 54 : 42, 2);
        int phnum = (int) e.uint(ident, e.is64 ? 56 : 44, 2);
        int want = e.is64 ? 56 : 32;
        if (phnum == 0 || phentsize < want || phoff < ident.length
                || (long) phentsize * phnum > MAX_PROGRAM_HEADER_BYTES || phoff > MAX_PROGRAM_HEADER_BYTES) {
            return Optional.empty();
        }
        byte[] table = e.skipTo(phoff) ? e.readUpTo(phentsize * phnum) : new byte[0];
        if (table.length < phentsize * phnum) {
            return Optional.empty(); // truncated: not an executable we can read
        }
        for (int i = 0; i < phnum; i++) {
            int o = i * phentsize;
            if (e.is64) {
                e.segments.add(new Segment(e.uint(table, o, 4), e.uint(table, o + 4, 4), e.uint(table, o + 8, 8),
                        e.uint(table, o + 16, 8), e.uint(table, o + 32, 8), e.uint(table, o + 40, 8)));
            } else {
                e.segments.add(new Segment(e.uint(table, o, 4), e.uint(table, o + 24, 4), e.uint(table, o + 4, 4),
                        e.uint(table, o + 8, 4), e.uint(table, o + 16, 4), e.uint(table, o + 20, 4)));
            }
        }
        return Optional.of(e);
    }

    long position() {
        return position;
    }

    /** Converts a virtual address to a file offset through the loadable segments, or -1. */
    long offsetOf(long addr, long len) {
        for (Segment s : segments) {
            if (s.type() == PT_LOAD && s.containsAddress(addr, len)) {
                return s.offset() + (addr - s.vaddr());
            }
        }
        return -1;
    }

    long uint(byte[] b, int off, int len) {
        long v = 0;
        for (int i = 0; i < len; i++) {
            int x = b[off + (bigEndian ? i : len - 1 - i)] & 0xff;
            v = (v << 8) | x;
        }
        return v;
    }

    /** Reads up to {@code n} bytes (fewer only at the end of the stream). */
    byte[] readUpTo(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        position += b.length;
        return b;
    }

    /** Reads into a buffer, as {@link InputStream#read(byte[], int, int)}. */
    int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    /** Skips forward to an offset; false when the stream ends first or the offset lies behind. */
    boolean skipTo(long offset) throws IOException {
        if (offset < position) {
            return false;
        }
        long left = offset - position;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    position = offset - left;
                    return false;
                }
                n = 1;
            }
            left -= n;
            position += n;
        }
        return true;
    }

    /** Index of {@code needle} in {@code hay[from, to)}, or -1. */
    static int indexOf(byte[] hay, int from, int to, byte[] needle) {
        int last = to - needle.length;
        byte first = needle[0];
        outer:
        for (int i = Math.max(0, from); i <= last; i++) {
            if (hay[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
