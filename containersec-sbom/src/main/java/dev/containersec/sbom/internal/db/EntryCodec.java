package dev.containersec.sbom.internal.db;

import dev.containersec.api.InvalidInputException;
import dev.containersec.sbom.OsvAffected;
import dev.containersec.sbom.OsvEvent;
import dev.containersec.sbom.OsvRange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The stored form of one OSV affected entry: tab-separated lines, so reading a row back needs no JSON
 * parser. {@code P<tab>ecosystem<tab>name}, then per range {@code R<tab>TYPE<tab>repo} followed by its
 * events {@code E<tab>kind<tab>version}, and listed versions {@code V<tab>version}. Backslash, tab and
 * newline inside values are escaped as {@code \\}, {@code \t}, {@code \n}.
 */
public final class EntryCodec {
    private EntryCodec() {
    }

    /**
     * Encodes an entry.
     *
     * @param a the entry
     * @return the text
     */
    public static String encode(OsvAffected a) {
        StringBuilder b = new StringBuilder();
        b.append("P\t").append(esc(a.ecosystem())).append('\t').append(esc(a.name())).append('\n');
        for (OsvRange r : a.ranges()) {
            b.append("R\t").append(r.type().name()).append('\t').append(esc(r.repo().orElse(""))).append('\n');
            for (OsvEvent e : r.events()) {
                b.append("E\t").append(e.kind().name()).append('\t').append(esc(e.version())).append('\n');
            }
        }
        for (String v : a.versions()) {
            b.append("V\t").append(esc(v)).append('\n');
        }
        return b.toString();
    }

    /**
     * Decodes an entry written by {@link #encode}.
     *
     * @param text the stored text
     * @return the entry
     * @throws InvalidInputException when the text is not in this form (a damaged database)
     */
    public static OsvAffected decode(String text) {
        return decode(new CharsSource(text));
    }

    /**
     * Decodes an entry written by {@link #encode} from its UTF-8 bytes, as a scan reads it from the database
     * (without first making the whole text a string).
     *
     * @param utf8 the stored text's UTF-8 bytes
     * @return the entry
     * @throws InvalidInputException when the text is not in this form (a damaged database)
     */
    public static OsvAffected decode(byte[] utf8) {
        return decode(new BytesSource(utf8));
    }

    /** The stored text as positions: separators are ASCII, which UTF-8 never uses inside another character. */
    private interface Source {
        int length();

        int indexOf(char c, int from, int to);

        /** The unescaped value between two positions. */
        String value(int from, int to);

        boolean is(int from, int to, String ascii);

        /** The value as an OSV ecosystem name, the constant's own string when it is one (its hash is cached). */
        default String ecosystem(int from, int to) {
            for (String known : OSV_NAMES) {
                if (is(from, to, known)) {
                    return known;
                }
            }
            return value(from, to);
        }
    }

    private static final String[] OSV_NAMES = java.util.Arrays.stream(dev.containersec.sbom.Ecosystem.values())
            .map(dev.containersec.sbom.Ecosystem::osvName).toArray(String[]::new);
    private static final OsvRange.Type[] TYPES = OsvRange.Type.values();
    private static final OsvEvent.Kind[] KINDS = OsvEvent.Kind.values();

    private static OsvAffected decode(Source text) {
        String ecosystem = null;
        String name = null;
        List<OsvRange> ranges = new ArrayList<>(1);
        List<String> versions = new ArrayList<>(0);
        OsvRange.Type type = null;
        String repo = "";
        List<OsvEvent> events = new ArrayList<>(2);
        try {
            // By hand rather than String.split: a scan decodes every row of its packages.
            int at = 0;
            int n = text.length();
            while (at < n) {
                int end = text.indexOf('\n', at, n);
                if (end < 0) {
                    end = n;
                }
                int tab1 = text.indexOf('\t', at, end);
                if (tab1 < 0) {
                    throw new IllegalArgumentException("line without a tab");
                }
                int tab2 = text.indexOf('\t', tab1 + 1, end);
                boolean two = tab2 >= 0;
                int f1End = two ? tab2 : end;
                if (tab1 != at + 1) {
                    throw new IllegalArgumentException("unknown line kind '" + text.value(at, tab1) + "'");
                }
                switch (text.value(at, tab1).charAt(0)) {
                    case 'P':
                        ecosystem = text.ecosystem(tab1 + 1, f1End);
                        name = two ? text.value(tab2 + 1, end) : null;
                        Objects.requireNonNull(name, "package line without a name");
                        break;
                    case 'R':
                        if (type != null) {
                            ranges.add(new OsvRange(type, events, repo.isEmpty() ? Optional.empty() : Optional.of(repo)));
                        }
                        type = constant(TYPES, text, tab1 + 1, f1End);
                        repo = Objects.requireNonNull(two ? text.value(tab2 + 1, end) : null, "range line without a repo field");
                        events = new ArrayList<>(2);
                        break;
                    case 'E':
                        OsvEvent.Kind kind = constant(KINDS, text, tab1 + 1, f1End);
                        events.add(new OsvEvent(kind, Objects.requireNonNull(two ? text.value(tab2 + 1, end) : null,
                                "event without a version")));
                        break;
                    case 'V':
                        versions.add(text.value(tab1 + 1, f1End));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown line kind '" + text.value(at, tab1) + "'");
                }
                at = end + 1;
            }
            if (type != null) {
                ranges.add(new OsvRange(type, events, repo.isEmpty() ? Optional.empty() : Optional.of(repo)));
            }
            if (ecosystem == null) {
                throw new IllegalArgumentException("no package line");
            }
            return new OsvAffected(ecosystem, name, ranges, versions);
        } catch (RuntimeException e) {
            throw new InvalidInputException("vulnerability database", "damaged affected entry: " + e.getMessage(), e);
        }
    }

    private static <E extends Enum<E>> E constant(E[] values, Source text, int from, int to) {
        for (E e : values) {
            if (text.is(from, to, e.name())) {
                return e;
            }
        }
        throw new IllegalArgumentException("no constant " + values[0].getDeclaringClass().getSimpleName() + "."
                + text.value(from, to));
    }

    private record CharsSource(String text) implements Source {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public int indexOf(char c, int from, int to) {
            int i = text.indexOf(c, from);
            return i < to ? i : -1;
        }

        @Override
        public String value(int from, int to) {
            return unesc(text.substring(from, to));
        }

        @Override
        public boolean is(int from, int to, String ascii) {
            return to - from == ascii.length() && text.startsWith(ascii, from);
        }
    }

    private record BytesSource(byte[] utf8) implements Source {
        @Override
        public int length() {
            return utf8.length;
        }

        @Override
        public int indexOf(char c, int from, int to) {
            for (int i = from; i < to; i++) {
                if (utf8[i] == c) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public String value(int from, int to) {
            return unesc(new String(utf8, from, to - from, StandardCharsets.UTF_8));
        }

        @Override
        public boolean is(int from, int to, String ascii) {
            if (to - from != ascii.length()) {
                return false;
            }
            for (int i = 0; i < ascii.length(); i++) {
                if (utf8[from + i] != ascii.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static String esc(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String unesc(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
