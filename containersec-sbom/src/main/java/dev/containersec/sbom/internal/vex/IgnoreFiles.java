package dev.containersec.sbom.internal.vex;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import dev.containersec.sbom.IgnoreRule;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads ignore files: a YAML subset of block sequences of flat mappings with scalar values, optionally under a
 * top-level {@code ignore:} key. Anchors, aliases, tags, flow and block scalars are refused, as are unknown and
 * duplicate keys, so a typo never silently widens or narrows an entry.
 *
 * <pre>
 * ignore:
 *   - id: CVE-2021-44228
 *     package: pkg:maven/org.apache.logging.log4j/log4j-core
 *     path: /app/log4j-core-2.14.1.jar
 *     reason: "JNDI lookups disabled"
 *     expires: 2026-12-31
 * </pre>
 */
public final class IgnoreFiles {
    private static final Set<String> KEYS = Set.of("id", "package", "path", "reason", "expires");
    private static final int MAX_ENTRIES = 100_000;

    private IgnoreFiles() {
    }

    /**
     * Parses an ignore file.
     *
     * @param document the bytes, UTF-8
     * @param subject the file name, for messages
     * @param limits the bounds ({@link ScanLimits#maxDocumentBytes()})
     * @return the entries in file order
     * @throws InvalidInputException naming the line and field when malformed
     * @throws LimitExceededException when the file is too large
     */
    public static List<IgnoreRule> parse(byte[] document, String subject, ScanLimits limits) {
        if (document.length > limits.maxDocumentBytes()) {
            throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, limits.maxDocumentBytes(),
                    document.length);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(document)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(subject, "not UTF-8 text", e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n|\r", -1);
        List<Map<String, String>> entries = new ArrayList<>();
        List<Integer> entryLines = new ArrayList<>();
        Map<String, String> current = null;
        int itemIndent = -1;
        int keyIndent = -1;
        boolean sawTop = false;
        boolean sawContent = false;
        for (int n = 0; n < lines.length; n++) {
            int lineNo = n + 1;
            String raw = stripComment(lines[n], subject, lineNo);
            if (raw.isBlank()) {
                continue;
            }
            if (raw.charAt(indent(raw)) == '\t') {
                throw err(subject, lineNo, "tabs are not allowed for indentation");
            }
            int indent = indent(raw);
            String body = raw.strip();
            if (!sawContent && body.equals("---")) {
                sawContent = true;
                continue;
            }
            sawContent = true;
            if (!sawTop && entries.isEmpty() && current == null && indent == 0
                    && (body.equals("ignore:") || body.equals("ignores:") || body.equals("ignore: []")
                    || body.equals("ignores: []"))) {
                sawTop = true;
                continue;
            }
            if (body.equals("-") || body.startsWith("- ")) {
                if (itemIndent >= 0 && indent != itemIndent) {
                    throw err(subject, lineNo, "list items must line up (indent " + itemIndent + ")");
                }
                itemIndent = indent;
                if (entries.size() >= MAX_ENTRIES) {
                    throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, MAX_ENTRIES,
                            MAX_ENTRIES + 1L);
                }
                current = new LinkedHashMap<>();
                entries.add(current);
                entryLines.add(lineNo);
                String rest = body.substring(1);
                int restIndent = indent(rest);
                keyIndent = indent + 1 + restIndent;
                rest = rest.strip();
                if (!rest.isEmpty()) {
                    keyValue(rest, current, subject, lineNo, entries.size() - 1);
                } else {
                    keyIndent = -1;
                }
                continue;
            }
            if (current == null) {
                throw err(subject, lineNo, "expected a list item '- id: ...'" + (sawTop ? "" : " or 'ignore:'"));
            }
            if (indent <= itemIndent) {
                throw err(subject, lineNo, "expected a list item or a key indented under the item");
            }
            if (keyIndent < 0) {
                keyIndent = indent;
            } else if (indent != keyIndent) {
                throw err(subject, lineNo, "keys of an entry must line up (indent " + keyIndent + ")");
            }
            keyValue(body, current, subject, lineNo, entries.size() - 1);
        }
        List<IgnoreRule> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Map<String, String> e = entries.get(i);
            String at = "ignore[" + i + "]";
            String id = e.get("id");
            if (id == null || id.isEmpty()) {
                throw err(subject, entryLines.get(i), at + ".id: required field is missing");
            }
            Optional<LocalDate> expires = Optional.empty();
            if (e.containsKey("expires")) {
                try {
                    expires = Optional.of(LocalDate.parse(e.get("expires")));
                } catch (DateTimeParseException ex) {
                    throw new InvalidInputException(subject, "line " + entryLines.get(i) + ": " + at
                            + ".expires: '" + e.get("expires") + "' is not a date (YYYY-MM-DD)", ex);
                }
            }
            out.add(new IgnoreRule(id, Optional.ofNullable(e.get("package")).filter(s -> !s.isEmpty()),
                    Optional.ofNullable(e.get("path")).filter(s -> !s.isEmpty()), e.getOrDefault("reason", ""),
                    expires));
        }
        return List.copyOf(out);
    }

    private static void keyValue(String body, Map<String, String> entry, String subject, int lineNo, int index) {
        int colon = body.indexOf(": ");
        String key;
        String value;
        if (colon < 0 && body.endsWith(":")) {
            key = body.substring(0, body.length() - 1);
            value = "";
        } else if (colon < 0) {
            throw err(subject, lineNo, "expected 'key: value'");
        } else {
            key = body.substring(0, colon);
            value = body.substring(colon + 2).strip();
        }
        String at = "ignore[" + index + "]." + key;
        if (!KEYS.contains(key)) {
            throw err(subject, lineNo, "ignore[" + index + "]: unknown key '" + printable(key)
                    + "'; expected id, package, path, reason or expires");
        }
        if (entry.containsKey(key)) {
            throw err(subject, lineNo, at + ": duplicate key");
        }
        entry.put(key, scalar(value, subject, lineNo, at));
    }

    private static String scalar(String v, String subject, int lineNo, String at) {
        if (v.isEmpty()) {
            return "";
        }
        char c = v.charAt(0);
        if (c == '"') {
            StringBuilder b = new StringBuilder();
            int i = 1;
            for (; i < v.length(); i++) {
                char ch = v.charAt(i);
                if (ch == '"') {
                    break;
                }
                if (ch == '\\') {
                    if (++i >= v.length()) {
                        throw err(subject, lineNo, at + ": unterminated escape");
                    }
                    char e = v.charAt(i);
                    switch (e) {
                        case '"', '\\', '/' -> b.append(e);
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        default -> throw err(subject, lineNo, at + ": unsupported escape '\\" + e + "'");
                    }
                } else {
                    b.append(ch);
                }
            }
            if (i >= v.length() || i != v.length() - 1) {
                throw err(subject, lineNo, at + ": unterminated or trailing text after a double-quoted string");
            }
            return b.toString();
        }
        if (c == '\'') {
            StringBuilder b = new StringBuilder();
            int i = 1;
            for (; i < v.length(); i++) {
                char ch = v.charAt(i);
                if (ch == '\'') {
                    if (i + 1 < v.length() && v.charAt(i + 1) == '\'') {
                        b.append('\'');
                        i++;
                        continue;
                    }
                    break;
                }
                b.append(ch);
            }
            if (i >= v.length() || i != v.length() - 1) {
                throw err(subject, lineNo, at + ": unterminated or trailing text after a single-quoted string");
            }
            return b.toString();
        }
        if ("[{|>&*!%@`".indexOf(c) >= 0) {
            throw err(subject, lineNo, at + ": only plain or quoted scalar values are supported, found '" + c + "'");
        }
        return v;
    }

    private static String stripComment(String line, String subject, int lineNo) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && !single && (i == 0 || line.charAt(i - 1) != '\\')) {
                dbl = !dbl;
            } else if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            } else if (c < 0x20 && c != '\t') {
                throw err(subject, lineNo, "control character U+" + String.format("%04X", (int) c));
            }
        }
        return line;
    }

    private static int indent(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    private static InvalidInputException err(String subject, int lineNo, String message) {
        return new InvalidInputException(subject, "line " + lineNo + ": " + message);
    }
}
