package dev.containersec.image.internal.catalog.os;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses dpkg's {@code status} database and distroless {@code status.d/*} files: deb822 stanzas
 * separated by blank lines, {@code Field: value} lines, continuation lines starting with a space or
 * tab. Only the fields the cataloger needs are decoded (UTF-8); the rest are skipped byte by byte.
 * The parser is lenient like the tools that read these files: lines that are neither a field nor a
 * continuation are ignored, and it never throws on content.
 *
 * @see <a href="https://manpages.debian.org/bookworm/dpkg-dev/deb822.5.en.html">deb822(5)</a>
 * @see <a href="https://manpages.debian.org/bookworm/dpkg/dpkg-query.1.en.html">dpkg-query(1)</a>
 */
public final class DpkgStatusParser {
    private DpkgStatusParser() {
    }

    /**
     * One stanza of a status file.
     *
     * @param name {@code Package}
     * @param version {@code Version}, empty when absent
     * @param architecture {@code Architecture}, empty when absent
     * @param sourceName the name of {@code Source}, empty when absent (the source is then the package itself)
     * @param sourceVersion the parenthesised version of {@code Source}, empty when absent
     * @param status {@code Status} ({@code want flag status}), empty when absent
     * @param license {@code License}, a field some distroless stanzas carry; empty when absent
     */
    public record Stanza(String name, String version, String architecture, String sourceName, String sourceVersion,
                         String status, String license) {

        /**
         * Tells whether dpkg considers the package installed: the third word of {@code Status} is
         * {@code installed} ({@code install ok installed}, also {@code hold ok installed}). A stanza
         * without {@code Status} counts as installed only when {@code statusOptional} is set (distroless
         * {@code status.d} files omit it).
         *
         * @param statusOptional whether a missing Status means installed
         * @return whether the package is installed
         */
        public boolean installed(boolean statusOptional) {
            if (status.isEmpty()) {
                return statusOptional;
            }
            String[] words = status.trim().split("[ \t]+");
            return words.length == 3 && words[2].equals("installed");
        }
    }

    /**
     * Parses every stanza that names a package.
     *
     * @param data the file's bytes
     * @return the stanzas in file order
     */
    public static List<Stanza> parse(byte[] data) {
        return parse(data, 0, data.length);
    }

    /**
     * Parses every stanza of a region of bytes that names a package.
     *
     * @param data the bytes
     * @param from the first byte
     * @param to one past the last byte
     * @return the stanzas in file order
     */
    public static List<Stanza> parse(byte[] data, int from, int to) {
        List<Stanza> out = new ArrayList<>();
        String name = null;
        String version = "";
        String arch = "";
        String source = "";
        String status = "";
        String license = "";
        int pos = from;
        while (pos <= to) {
            int eol = pos;
            while (eol < to && data[eol] != '\n') {
                eol++;
            }
            int end = eol;
            if (end > pos && data[end - 1] == '\r') {
                end--;
            }
            if (pos >= to || isBlank(data, pos, end)) {
                if (name != null && !name.isEmpty()) {
                    out.add(stanza(name, version, arch, source, status, license));
                }
                name = null;
                version = "";
                arch = "";
                source = "";
                status = "";
                license = "";
            } else if (data[pos] != ' ' && data[pos] != '\t') {
                int colon = pos;
                while (colon < end && data[colon] != ':') {
                    colon++;
                }
                if (colon < end) {
                    int field = field(data, pos, colon);
                    if (field != 0) {
                        String value = trimmed(data, colon + 1, end);
                        switch (field) {
                            case 1 -> name = value;
                            case 2 -> version = value;
                            case 3 -> arch = value;
                            case 4 -> source = value;
                            case 5 -> status = value;
                            default -> license = value;
                        }
                    }
                }
            }
            pos = eol + 1;
        }
        return out;
    }

    private static Stanza stanza(String name, String version, String arch, String source, String status,
                                 String license) {
        String sourceName = source;
        String sourceVersion = "";
        int paren = source.indexOf('(');
        if (paren >= 0) {
            sourceName = source.substring(0, paren).trim();
            int close = source.indexOf(')', paren);
            sourceVersion = source.substring(paren + 1, close < 0 ? source.length() : close).trim();
        }
        return new Stanza(name, version, arch, sourceName, sourceVersion, status, license);
    }

    /** Field numbers: 1 Package, 2 Version, 3 Architecture, 4 Source, 5 Status, 6 License; 0 others. */
    private static int field(byte[] d, int from, int to) {
        int len = to - from;
        if (len == 7 && eq(d, from, "package")) {
            return 1;
        }
        if (len == 7 && eq(d, from, "version")) {
            return 2;
        }
        if (len == 12 && eq(d, from, "architecture")) {
            return 3;
        }
        if (len == 6 && eq(d, from, "source")) {
            return 4;
        }
        if (len == 6 && eq(d, from, "status")) {
            return 5;
        }
        if (len == 7 && eq(d, from, "license")) {
            return 6;
        }
        return 0;
    }

    private static boolean eq(byte[] d, int from, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            int c = d[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            if (d[i] != ' ' && d[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String trimmed(byte[] d, int from, int to) {
        while (from < to && (d[from] == ' ' || d[from] == '\t')) {
            from++;
        }
        while (to > from && (d[to - 1] == ' ' || d[to - 1] == '\t')) {
            to--;
        }
        return new String(d, from, to - from, StandardCharsets.UTF_8);
    }
}
