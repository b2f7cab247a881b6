package dev.containersec.image.internal;

import dev.containersec.api.OsRelease;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects the release files of the merged view during a walk and decides the operating system:
 * {@code os-release} first ({@code /etc}, then {@code /usr/lib}), then the distributions' own files.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/os-release.html">os-release(5)</a>
 */
final class OsReleaseDetector {
    static final int MAX_BYTES = 64 * 1024;
    static final List<String> PATHS = List.of("/etc/os-release", "/usr/lib/os-release", "/etc/alpine-release",
            "/etc/debian_version", "/etc/redhat-release", "/etc/system-release");
    private static final Pattern RELEASE = Pattern.compile("^(.*?) release ([0-9][0-9.]*)");

    private final Map<String, byte[]> files = new HashMap<>();

    static boolean wants(String path) {
        return PATHS.contains(path);
    }

    void put(String path, byte[] content) {
        files.put(path, content.length > MAX_BYTES ? Arrays.copyOf(content, MAX_BYTES) : content);
    }

    Optional<OsRelease> detect() {
        for (String p : List.of("/etc/os-release", "/usr/lib/os-release")) {
            if (files.containsKey(p)) {
                Optional<OsRelease> os = parseOsRelease(text(p), p);
                if (os.isPresent()) {
                    return os;
                }
            }
        }
        if (files.containsKey("/etc/alpine-release")) {
            return Optional.of(new OsRelease("alpine", firstLine("/etc/alpine-release"), "", "Alpine Linux", List.of(),
                    "/etc/alpine-release"));
        }
        if (files.containsKey("/etc/debian_version")) {
            String v = firstLine("/etc/debian_version");
            return Optional.of(new OsRelease("debian", v, v.contains("/") ? v.substring(0, v.indexOf('/')) : "",
                    "Debian GNU/Linux " + v, List.of(), "/etc/debian_version"));
        }
        for (String p : List.of("/etc/redhat-release", "/etc/system-release")) {
            if (files.containsKey(p)) {
                Matcher m = RELEASE.matcher(firstLine(p));
                if (m.find()) {
                    return Optional.of(new OsRelease(redHatId(m.group(1)), m.group(2), "", firstLine(p),
                            List.of("rhel", "fedora"), p));
                }
            }
        }
        return Optional.empty();
    }

    private static String redHatId(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("centos")) {
            return "centos";
        }
        if (n.contains("rocky")) {
            return "rocky";
        }
        if (n.contains("alma")) {
            return "almalinux";
        }
        if (n.contains("fedora")) {
            return "fedora";
        }
        if (n.contains("amazon")) {
            return "amzn";
        }
        if (n.contains("oracle")) {
            return "ol";
        }
        return "rhel";
    }

    private String text(String path) {
        return new String(files.get(path), StandardCharsets.UTF_8);
    }

    private String firstLine(String path) {
        String t = text(path).strip();
        int nl = t.indexOf('\n');
        return (nl < 0 ? t : t.substring(0, nl)).strip();
    }

    /** Parses os-release's shell-like {@code KEY=value} lines (quoted values may hold escapes). */
    static Optional<OsRelease> parseOsRelease(String text, String source) {
        Map<String, String> kv = new HashMap<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            kv.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }
        String id = kv.getOrDefault("ID", "").toLowerCase(Locale.ROOT);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        List<String> idLike = kv.getOrDefault("ID_LIKE", "").isBlank() ? List.of()
                : List.of(kv.get("ID_LIKE").toLowerCase(Locale.ROOT).trim().split("\\s+"));
        return Optional.of(new OsRelease(id, kv.getOrDefault("VERSION_ID", ""), kv.getOrDefault("VERSION_CODENAME", ""),
                kv.getOrDefault("PRETTY_NAME", kv.getOrDefault("NAME", id)), idLike, source));
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            String inner = v.substring(1, v.length() - 1);
            if (v.charAt(0) == '\'') {
                return inner;
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\' && i + 1 < inner.length()) {
                    c = inner.charAt(++i);
                }
                sb.append(c);
            }
            return sb.toString();
        }
        return v;
    }
}
