package dev.containersec.image.internal.catalog.os;

import dev.containersec.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An rpm package header as the rpm database stores it: the header blob without its 8-byte magic,
 * that is {@code il} (index entries) and {@code dl} (data bytes), both 32-bit big-endian, then
 * {@code il} 16-byte index entries ({@code tag, type, offset, count}) and the {@code dl}-byte data
 * store. The first entry may be a region tag (61, 62 or 63) whose data is a 16-byte trailer entry.
 *
 * <p>Every count and offset is checked against the blob before it is used: at most 65,535 index
 * entries and 256 MiB of data (rpm's own {@code HEADER_TAGS_MAX} and {@code HEADER_DATA_MAX}),
 * strings must end inside the data store, arrays must fit, file lists must be consistent and may
 * expand to at most {@code 8 * dl + 64 KiB} bytes of paths. Anything else is an
 * {@link InvalidInputException}; no allocation is sized from an unchecked number.
 *
 * @param name {@code RPMTAG_NAME}
 * @param epoch {@code RPMTAG_EPOCH}, when present
 * @param version {@code RPMTAG_VERSION}
 * @param release {@code RPMTAG_RELEASE}
 * @param arch {@code RPMTAG_ARCH}, empty when absent ({@code gpg-pubkey} pseudo-packages)
 * @param sourceRpm {@code RPMTAG_SOURCERPM}, empty when absent
 * @param license {@code RPMTAG_LICENSE}, empty when absent
 * @param vendor {@code RPMTAG_VENDOR}, empty when absent
 * @param modularityLabel {@code RPMTAG_MODULARITYLABEL}, empty when absent
 * @param files absolute paths from {@code DIRNAMES}/{@code BASENAMES}/{@code DIRINDEXES} (or {@code OLDFILENAMES})
 * @see <a href="https://github.com/rpm-software-management/rpm/blob/master/docs/manual/format_header.md">rpm header format</a>
 */
public record RpmHeader(String name, OptionalInt epoch, String version, String release, String arch,
                        String sourceRpm, String license, String vendor, String modularityLabel, List<String> files) {

    static final int MAX_INDEX_ENTRIES = 0xffff;
    static final int MAX_DATA_BYTES = 0x0fffffff;

    private static final int TAG_NAME = 1000;
    private static final int TAG_VERSION = 1001;
    private static final int TAG_RELEASE = 1002;
    private static final int TAG_EPOCH = 1003;
    private static final int TAG_VENDOR = 1011;
    private static final int TAG_LICENSE = 1014;
    private static final int TAG_ARCH = 1022;
    private static final int TAG_OLDFILENAMES = 1027;
    private static final int TAG_SOURCERPM = 1044;
    private static final int TAG_DIRINDEXES = 1116;
    private static final int TAG_BASENAMES = 1117;
    private static final int TAG_DIRNAMES = 1118;
    private static final int TAG_MODULARITYLABEL = 5096;

    private static final int TYPE_INT32 = 4;
    private static final int TYPE_STRING = 6;
    private static final int TYPE_STRING_ARRAY = 8;
    private static final int TYPE_I18NSTRING = 9;
    private static final int[] TYPE_SIZE = {0, 1, 1, 2, 4, 8, 1, 1, 1, 1};

    /** Copies the list. */
    public RpmHeader {
        files = List.copyOf(files);
    }

    /**
     * Returns {@code [epoch:]version-release}, the form rpm compares.
     *
     * @return the EVR
     */
    public String evr() {
        String vr = release.isEmpty() ? version : version + "-" + release;
        return epoch.isPresent() ? epoch.getAsInt() + ":" + vr : vr;
    }

    /**
     * Parses a header blob.
     *
     * @param subject what is being read, for error messages
     * @param b the bytes
     * @param off where the blob starts
     * @param len the blob's length
     * @return the header's package facts
     * @throws InvalidInputException if the blob is malformed, truncated or inconsistent
     */
    public static RpmHeader parse(String subject, byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IllegalArgumentException("region outside the array");
        }
        if (len < 8) {
            throw new InvalidInputException(subject, "rpm header shorter than 8 bytes (" + len + ")");
        }
        long il = u32(b, off);
        long dl = u32(b, off + 4);
        if (il < 1 || il > MAX_INDEX_ENTRIES) {
            throw new InvalidInputException(subject, "rpm header index count " + il + " outside 1.." + MAX_INDEX_ENTRIES);
        }
        if (dl > MAX_DATA_BYTES) {
            throw new InvalidInputException(subject, "rpm header data length " + dl + " over " + MAX_DATA_BYTES);
        }
        if (8 + il * 16 + dl > len) {
            throw new InvalidInputException(subject, "rpm header claims " + il + " entries and " + dl
                    + " data bytes but the blob holds " + len + " bytes");
        }
        Reader r = new Reader(subject, b, off + 8 + (int) il * 16, (int) dl);
        int[] entryAt = new int[SLOTS];
        int regionTag = s32(b, off + 8);
        if (regionTag >= 61 && regionTag <= 63) {
            long regionOffset = s32(b, off + 8 + 8);
            if (regionOffset < 0 || regionOffset + 16 > dl) {
                throw new InvalidInputException(subject, "rpm header region trailer at " + regionOffset
                        + " outside the " + dl + "-byte data store");
            }
        }
        for (int i = 0; i < il; i++) {
            int tag = s32(b, off + 8 + i * 16);
            int slot = slot(tag);
            if (slot >= 0 && entryAt[slot] == 0) {
                // Keep the first entry of each tag (the signed region's, before any appended copies).
                entryAt[slot] = off + 8 + i * 16 + 1;
            }
        }
        String name = r.string(b, entryAt, TAG_NAME);
        if (name.isEmpty()) {
            throw new InvalidInputException(subject, "rpm header without a package name");
        }
        OptionalInt epoch = OptionalInt.empty();
        int[] epochs = r.ints(b, entryAt, TAG_EPOCH);
        if (epochs.length > 0) {
            epoch = OptionalInt.of(epochs[0]);
        }
        List<String> files = r.files(b, entryAt);
        return new RpmHeader(name, epoch, r.string(b, entryAt, TAG_VERSION), r.string(b, entryAt, TAG_RELEASE),
                r.string(b, entryAt, TAG_ARCH), r.string(b, entryAt, TAG_SOURCERPM), r.string(b, entryAt, TAG_LICENSE),
                r.string(b, entryAt, TAG_VENDOR), r.string(b, entryAt, TAG_MODULARITYLABEL), files);
    }

    /**
     * Returns the source package's name from {@link #sourceRpm()} ({@code NAME-VERSION-RELEASE.src.rpm}).
     *
     * @return the source name, when the file name has that shape
     */
    public Optional<String> sourceName() {
        String s = sourceRpm;
        if (s.endsWith(".rpm")) {
            s = s.substring(0, s.length() - 4);
            int dot = s.lastIndexOf('.');
            if (dot > 0) {
                s = s.substring(0, dot);
            }
        }
        int rel = s.lastIndexOf('-');
        int ver = rel > 0 ? s.lastIndexOf('-', rel - 1) : -1;
        return ver > 0 ? Optional.of(s.substring(0, ver)) : Optional.empty();
    }

    private static final int SLOTS = 13;

    /** The slot of a tag this parser reads, or -1. */
    private static int slot(int tag) {
        return switch (tag) {
            case TAG_NAME -> 0;
            case TAG_VERSION -> 1;
            case TAG_RELEASE -> 2;
            case TAG_EPOCH -> 3;
            case TAG_VENDOR -> 4;
            case TAG_LICENSE -> 5;
            case TAG_ARCH -> 6;
            case TAG_OLDFILENAMES -> 7;
            case TAG_SOURCERPM -> 8;
            case TAG_DIRINDEXES -> 9;
            case TAG_BASENAMES -> 10;
            case TAG_DIRNAMES -> 11;
            case TAG_MODULARITYLABEL -> 12;
            default -> -1;
        };
    }

    private static long u32(byte[] b, int i) {
        return s32(b, i) & 0xffffffffL;
    }

    private static int s32(byte[] b, int i) {
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    /** Reads entries' data, checking each against the data store. */
    private static final class Reader {
        private final String subject;
        private final byte[] b;
        private final int data;
        private final int dl;

        Reader(String subject, byte[] b, int data, int dl) {
            this.subject = subject;
            this.b = b;
            this.data = data;
            this.dl = dl;
        }

        private InvalidInputException bad(int tag, String what) {
            return new InvalidInputException(subject, "rpm header tag " + tag + ": " + what);
        }

        /** Returns {@code [type, offset, count]} of the entry, or null when the tag is absent. */
        private long[] entry(byte[] b, int[] entryAt, int tag) {
            int at = entryAt[slot(tag)] - 1;
            if (at < 0) {
                return null;
            }
            long type = u32(b, at + 4);
            long offset = u32(b, at + 8);
            long count = u32(b, at + 12);
            if (type >= TYPE_SIZE.length) {
                throw bad(tag, "unknown type " + type);
            }
            if (offset >= dl) {
                throw bad(tag, "offset " + offset + " outside the " + dl + "-byte data store");
            }
            if (count < 1 || count * Math.max(1, TYPE_SIZE[(int) type]) > dl - offset) {
                throw bad(tag, "count " + count + " does not fit the data store");
            }
            return new long[] {type, offset, count};
        }

        String string(byte[] b, int[] entryAt, int tag) {
            long[] e = entry(b, entryAt, tag);
            if (e == null) {
                return "";
            }
            if (e[0] != TYPE_STRING && e[0] != TYPE_STRING_ARRAY && e[0] != TYPE_I18NSTRING) {
                throw bad(tag, "type " + e[0] + " where a string was expected");
            }
            int start = data + (int) e[1];
            return new String(b, start, stringEnd(tag, start) - start, StandardCharsets.UTF_8);
        }

        private int stringEnd(int tag, int start) {
            int end = start;
            int limit = data + dl;
            while (end < limit && b[end] != 0) {
                end++;
            }
            if (end >= limit) {
                throw bad(tag, "string runs past the data store");
            }
            return end;
        }

        String[] strings(byte[] b, int[] entryAt, int tag) {
            long[] e = entry(b, entryAt, tag);
            if (e == null) {
                return new String[0];
            }
            if (e[0] != TYPE_STRING_ARRAY) {
                throw bad(tag, "type " + e[0] + " where a string array was expected");
            }
            String[] out = new String[(int) e[2]];
            int pos = data + (int) e[1];
            for (int i = 0; i < out.length; i++) {
                int end = stringEnd(tag, pos);
                out[i] = new String(b, pos, end - pos, StandardCharsets.UTF_8);
                pos = end + 1;
            }
            return out;
        }

        int[] ints(byte[] b, int[] entryAt, int tag) {
            long[] e = entry(b, entryAt, tag);
            if (e == null) {
                return new int[0];
            }
            if (e[0] != TYPE_INT32) {
                throw bad(tag, "type " + e[0] + " where 32-bit integers were expected");
            }
            int[] out = new int[(int) e[2]];
            int pos = data + (int) e[1];
            for (int i = 0; i < out.length; i++) {
                out[i] = s32(b, pos + 4 * i);
            }
            return out;
        }

        List<String> files(byte[] b, int[] entryAt) {
            String[] basenames = strings(b, entryAt, TAG_BASENAMES);
            if (basenames.length == 0) {
                return List.of(strings(b, entryAt, TAG_OLDFILENAMES));
            }
            String[] dirnames = strings(b, entryAt, TAG_DIRNAMES);
            int[] dirindexes = ints(b, entryAt, TAG_DIRINDEXES);
            if (dirindexes.length != basenames.length) {
                throw bad(TAG_DIRINDEXES, dirindexes.length + " directory indexes for " + basenames.length + " base names");
            }
            long budget = 8L * dl + 65_536;
            List<String> out = new ArrayList<>(basenames.length);
            for (int i = 0; i < basenames.length; i++) {
                int d = dirindexes[i];
                if (d < 0 || d >= dirnames.length) {
                    throw bad(TAG_DIRINDEXES, "index " + d + " outside the " + dirnames.length + " directory names");
                }
                budget -= dirnames[d].length() + basenames[i].length();
                if (budget < 0) {
                    throw bad(TAG_BASENAMES, "file list expands past " + (8L * dl + 65_536) + " bytes");
                }
                out.add(dirnames[d] + basenames[i]);
            }
            return out;
        }
    }
}
