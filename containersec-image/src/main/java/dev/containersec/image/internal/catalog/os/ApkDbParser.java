package dev.containersec.image.internal.catalog.os;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses apk-tools' installed database ({@code /lib/apk/db/installed}): one block per package,
 * blocks separated by blank lines, each line {@code X:value} with a one-letter key. Read here:
 * {@code P} name, {@code V} version, {@code A} architecture, {@code o} origin (source package),
 * {@code L} licence, {@code F} a directory and {@code R} a file in the last {@code F} directory.
 * Lenient like apk itself: unknown keys and malformed lines are ignored; it never throws on content.
 *
 * @see <a href="https://wiki.alpinelinux.org/wiki/Apk_spec">Apk spec (installed database)</a>
 */
public final class ApkDbParser {
    private ApkDbParser() {
    }

    /**
     * One package block.
     *
     * @param name {@code P}
     * @param version {@code V}, empty when absent
     * @param architecture {@code A}, empty when absent
     * @param origin {@code o}, empty when absent
     * @param license {@code L}, empty when absent
     * @param files absolute paths from {@code F}/{@code R}
     */
    public record Record(String name, String version, String architecture, String origin, String license,
                         List<String> files) {

        /** Copies the list. */
        public Record {
            files = List.copyOf(files);
        }
    }

    /**
     * Parses every block that names a package.
     *
     * @param data the file's bytes
     * @return the packages in file order
     */
    public static List<Record> parse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        List<Record> out = new ArrayList<>();
        Builder b = new Builder();
        int pos = 0;
        int len = text.length();
        while (pos <= len) {
            int eol = text.indexOf('\n', pos);
            if (eol < 0) {
                eol = len;
            }
            String line = text.substring(pos, eol);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank()) {
                b.flush(out);
                b = new Builder();
            } else if (line.length() >= 2 && line.charAt(1) == ':') {
                String v = line.substring(2);
                switch (line.charAt(0)) {
                    case 'P' -> b.name = v;
                    case 'V' -> b.version = v;
                    case 'A' -> b.arch = v;
                    case 'o' -> b.origin = v;
                    case 'L' -> b.license = v;
                    case 'F' -> b.dir = v;
                    case 'R' -> b.files.add(join(b.dir, v));
                    default -> { }
                }
            }
            pos = eol + 1;
        }
        b.flush(out);
        return out;
    }

    private static String join(String dir, String file) {
        String d = dir.isEmpty() ? "" : "/" + trimSlashes(dir);
        return d + "/" + trimSlashes(file);
    }

    private static String trimSlashes(String s) {
        int a = 0;
        int z = s.length();
        while (a < z && s.charAt(a) == '/') {
            a++;
        }
        while (z > a && s.charAt(z - 1) == '/') {
            z--;
        }
        return s.substring(a, z);
    }

    private static final class Builder {
        String name = "";
        String version = "";
        String arch = "";
        String origin = "";
        String license = "";
        String dir = "";
        final List<String> files = new ArrayList<>();

        void flush(List<Record> out) {
            if (!name.isEmpty()) {
                out.add(new Record(name, version, arch, origin, license, files));
            }
        }
    }
}
