package dev.containersec.image.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Normalises untrusted archive paths: leading {@code /} and {@code ./} dropped, empty and {@code .}
 * components dropped, {@code ..} applied. A path whose {@code ..} would leave the root is rejected
 * (returns null) rather than clamped, so the caller can report it.
 */
final class PathNames {
    private PathNames() {
    }

    /**
     * Splits and normalises a path.
     *
     * @param raw the path as stored
     * @return its components (empty for the root itself), or null when it escapes the root
     */
    static List<String> components(String raw) {
        List<String> out = new ArrayList<>(8);
        int start = 0;
        int len = raw.length();
        while (start <= len) {
            int slash = raw.indexOf('/', start);
            int end = slash < 0 ? len : slash;
            if (end > start) {
                String c = raw.substring(start, end);
                if (c.equals("..")) {
                    if (out.isEmpty()) {
                        return null;
                    }
                    out.remove(out.size() - 1);
                } else if (!c.equals(".")) {
                    out.add(c);
                }
            }
            start = end + 1;
        }
        return out;
    }

    /** Joins components into an absolute path, {@code /} for none. */
    static String absolute(List<String> components) {
        if (components.isEmpty()) {
            return "/";
        }
        StringBuilder sb = new StringBuilder();
        for (String c : components) {
            sb.append('/').append(c);
        }
        return sb.toString();
    }

    /** Joins components into a relative path, empty for none. */
    static String relative(List<String> components) {
        return String.join("/", components);
    }

    /** Escapes control characters so a hostile name cannot forge lines in a report. */
    static String printable(String raw) {
        StringBuilder sb = new StringBuilder(Math.min(raw.length(), 300));
        for (int i = 0; i < raw.length() && sb.length() < 300; i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= 300) {
            sb.append("...");
        }
        return sb.toString();
    }
}
