package dev.containersec.sbom.internal.db;

import dev.containersec.api.InvalidInputException;
import dev.containersec.sbom.OsvAffected;
import dev.containersec.sbom.OsvEvent;
import dev.containersec.sbom.OsvRange;
import java.util.ArrayList;
import java.util.List;
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
        String ecosystem = null;
        String name = null;
        List<OsvRange> ranges = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        OsvRange.Type type = null;
        String repo = "";
        List<OsvEvent> events = new ArrayList<>();
        try {
            for (String line : text.split("\n")) {
                String[] f = line.split("\t", -1);
                switch (f[0]) {
                    case "P":
                        ecosystem = unesc(f[1]);
                        name = unesc(f[2]);
                        break;
                    case "R":
                        if (type != null) {
                            ranges.add(new OsvRange(type, events, repo.isEmpty() ? Optional.empty() : Optional.of(repo)));
                        }
                        type = OsvRange.Type.valueOf(f[1]);
                        repo = unesc(f[2]);
                        events = new ArrayList<>();
                        break;
                    case "E":
                        events.add(new OsvEvent(OsvEvent.Kind.valueOf(f[1]), unesc(f[2])));
                        break;
                    case "V":
                        versions.add(unesc(f[1]));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown line kind '" + f[0] + "'");
                }
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
