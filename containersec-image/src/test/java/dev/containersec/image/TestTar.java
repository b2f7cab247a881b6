package dev.containersec.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small tar writer for tests that can also write what real tools never do: wrong checksums,
 * base-256 numbers, oversized PAX headers, truncated archives. Writes straight to an output stream,
 * so a million entries need no memory.
 */
public final class TestTar {
    public static final int BLOCK = 512;

    private final OutputStream out;
    private long written;

    public TestTar(OutputStream out) {
        this.out = out;
    }

    /** Builds an archive in memory. */
    public static byte[] build(java.util.function.Consumer<TestTar> body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TestTar tar = new TestTar(bytes);
        body.accept(tar);
        return bytes.toByteArray();
    }

    public long written() {
        return written;
    }

    // ---- well-formed entries -------------------------------------------------------------------

    public TestTar file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public TestTar file(String name, byte[] content) {
        entry(Header.of(name, '0', content.length));
        raw(content);
        pad(content.length);
        return this;
    }

    public TestTar dir(String name) {
        return entry(Header.of(name, '5', 0).mode(0755));
    }

    public TestTar symlink(String name, String target) {
        return entry(Header.of(name, '2', 0).link(target).mode(0777));
    }

    public TestTar hardlink(String name, String target) {
        return entry(Header.of(name, '1', 0).link(target));
    }

    /** Writes a header; long names and links go into a PAX header first. */
    public TestTar entry(Header h) {
        Map<String, String> pax = new LinkedHashMap<>();
        if (h.name.getBytes(StandardCharsets.UTF_8).length > 100) {
            pax.put("path", h.name);
        }
        if (h.link.getBytes(StandardCharsets.UTF_8).length > 100) {
            pax.put("linkpath", h.link);
        }
        if (!pax.isEmpty()) {
            pax(pax);
        }
        return raw(h.toBlock());
    }

    /** Writes a PAX extended header ('x') with the given records. */
    public TestTar pax(Map<String, String> records) {
        return paxRaw(paxRecords(records));
    }

    /** Writes a PAX extended header ('x') whose body is given verbatim. */
    public TestTar paxRaw(byte[] body) {
        raw(Header.of("PaxHeaders/x", 'x', body.length).toBlock());
        raw(body);
        return pad(body.length);
    }

    public static byte[] paxRecords(Map<String, String> records) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : records.entrySet()) {
            String body = " " + e.getKey() + "=" + e.getValue() + "\n";
            int bodyLen = body.getBytes(StandardCharsets.UTF_8).length;
            int len = bodyLen + 1;
            while (String.valueOf(len).length() + bodyLen != len) {
                len++;
            }
            b.writeBytes((len + body).getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    /** Writes the two zero blocks that end an archive. */
    public TestTar end() {
        return raw(new byte[2 * BLOCK]);
    }

    public TestTar raw(byte[] bytes) {
        return raw(bytes, 0, bytes.length);
    }

    public TestTar raw(byte[] bytes, int off, int len) {
        try {
            out.write(bytes, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written += len;
        return this;
    }

    /** Pads content of {@code size} bytes to the next block. */
    public TestTar pad(long size) {
        int p = (int) ((BLOCK - (size % BLOCK)) % BLOCK);
        return raw(new byte[p]);
    }

    /** A ustar header block under construction. */
    public static final class Header {
        String name;
        char type;
        long size;
        String link = "";
        int mode = 0644;
        long uid;
        long gid;
        boolean base256Size;
        boolean corruptChecksum;

        private Header(String name, char type, long size) {
            this.name = name;
            this.type = type;
            this.size = size;
        }

        public static Header of(String name, char type, long size) {
            return new Header(name, type, size);
        }

        public Header link(String target) {
            this.link = target;
            return this;
        }

        public Header mode(int m) {
            this.mode = m;
            return this;
        }

        public Header owner(long u, long g) {
            this.uid = u;
            this.gid = g;
            return this;
        }

        /** Writes the size in GNU base-256 (needed above 8 GiB). */
        public Header base256Size() {
            this.base256Size = true;
            return this;
        }

        public Header corruptChecksum() {
            this.corruptChecksum = true;
            return this;
        }

        public byte[] toBlock() {
            byte[] h = new byte[BLOCK];
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
            octal(h, 100, 8, mode);
            octal(h, 108, 8, uid);
            octal(h, 116, 8, gid);
            if (base256Size || size >= 077777777777L) {
                h[124] = (byte) 0x80;
                long v = size;
                for (int i = 135; i > 124; i--) {
                    h[i] = (byte) v;
                    v >>>= 8;
                }
            } else {
                octal(h, 124, 12, size);
            }
            octal(h, 136, 12, 0);
            h[156] = (byte) type;
            byte[] l = link.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(l, 0, h, 157, Math.min(100, l.length));
            System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
            h[263] = '0';
            h[264] = '0';
            writeChecksum(h);
            if (corruptChecksum) {
                h[148] = (byte) (h[148] == '1' ? '2' : '1');
            }
            return h;
        }
    }

    /** Computes and stores a header's checksum. */
    public static void writeChecksum(byte[] h) {
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String s = String.format("%06o", sum);
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
        h[154] = 0;
        h[155] = ' ';
    }

    private static void octal(byte[] h, int off, int len, long v) {
        String s = Long.toOctalString(v);
        if (s.length() > len - 1) {
            throw new IllegalArgumentException("does not fit in octal: " + v);
        }
        String padded = "0".repeat(len - 1 - s.length()) + s;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
        h[off + len - 1] = 0;
    }
}
