package dev.containersec.sbom.internal.db;

import dev.containersec.api.InvalidInputException;
import dev.containersec.sbom.OsvAffected;
import dev.containersec.sbom.OsvEvent;
import dev.containersec.sbom.OsvRange;
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
        String ecosystem = null;
        String name = null;
        List<OsvRange> ranges = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        OsvRange.Type type = null;
        String repo = "";
        List<OsvEvent> events = new ArrayList<>();
        try {
            // By hand rather than String.split: a scan decodes every row of its packages.
            int at = 0;
            int n = text.length();
            while (at < n) {
                int end = text.indexOf('\n', at);
                if (end < 0) {
                    end = n;
                }
                int tab1 = text.indexOf('\t', at);
                if (tab1 < 0 || tab1 > end) {
                    throw new IllegalArgumentException("line without a tab");
                }
                int tab2 = text.indexOf('\t', tab1 + 1);
                boolean two = tab2 >= 0 && tab2 < end;
                String kind = text.substring(at, tab1);
                String f1 = unesc(text.substring(tab1 + 1, two ? tab2 : end));
                String f2 = two ? unesc(text.substring(tab2 + 1, end)) : null;
                at = end + 1;
                switch (kind) {
                    case "P":
                        ecosystem = f1;
                        name = Objects.requireNonNull(f2, "package line without a name");
                        break;
                    case "R":
                        if (type != null) {
                            ranges.add(new OsvRange(type, events, repo.isEmpty() ? Optional.empty() : Optional.of(repo)));
                        }
                        type = OsvRange.Type.valueOf(f1);
                        repo = Objects.requireNonNull(f2, "range line without a repo field");
                        events = new ArrayList<>();
                        break;
                    case "E":
                        events.add(new OsvEvent(OsvEvent.Kind.valueOf(f1), Objects.requireNonNull(f2, "event without a version")));
                        break;
                    case "V":
                        versions.add(f1);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown line kind '" + kind + "'");
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
