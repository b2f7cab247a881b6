package dev.containersec.image.catalog.os;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes rpm header blobs (as the rpm database stores them: no magic, {@code il}, {@code dl}, index,
 * data) following the documented header format, for hostile and generated inputs. Real headers come
 * from rpm itself in {@link RpmCatalogerTest}.
 */
final class RpmHeaders {
    private final List<int[]> index = new ArrayList<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    RpmHeaders string(int tag, String value) {
        return put(tag, 6, 1, (value + "\0").getBytes(StandardCharsets.UTF_8), 1);
    }

    RpmHeaders strings(int tag, String... values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String v : values) {
            b.writeBytes((v + "\0").getBytes(StandardCharsets.UTF_8));
        }
        return put(tag, 8, values.length, b.toByteArray(), 1);
    }

    RpmHeaders ints(int tag, int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (int v : values) {
            b.putInt(v);
        }
        return put(tag, 4, values.length, b.array(), 4);
    }

    /** Adds a raw index entry, unchecked (for hostile headers). */
    RpmHeaders raw(int tag, int type, int offset, int count) {
        index.add(new int[] {tag, type, offset, count});
        return this;
    }

    private RpmHeaders put(int tag, int type, int count, byte[] bytes, int align) {
        while (data.size() % align != 0) {
            data.write(0);
        }
        index.add(new int[] {tag, type, data.size(), count});
        data.writeBytes(bytes);
        return this;
    }

    byte[] build() {
        byte[] d = data.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(8 + 16 * index.size() + d.length);
        b.putInt(index.size()).putInt(d.length);
        for (int[] e : index) {
            b.putInt(e[0]).putInt(e[1]).putInt(e[2]).putInt(e[3]);
        }
        b.put(d);
        return b.array();
    }

    /** A typical package header: name, epoch, version, release, arch, licence, source rpm, three files. */
    static byte[] sample() {
        return new RpmHeaders().string(1000, "bash").ints(1003, 1).string(1001, "5.1.8").string(1002, "6.el9")
                .string(1014, "GPLv3+").string(1022, "x86_64").string(1044, "bash-5.1.8-6.el9.src.rpm")
                .string(1011, "Red Hat, Inc.")
                .ints(1116, 0, 0, 1).strings(1117, "bash", "sh", "bash.1.gz").strings(1118, "/usr/bin/", "/usr/share/man/man1/")
                .build();
    }
}
