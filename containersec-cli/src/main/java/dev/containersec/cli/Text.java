package dev.containersec.cli;

/**
 * Makes untrusted text (paths, labels, environment values from an image) safe to print on a
 * terminal: control characters, including ESC, are escaped so that an image cannot move the cursor,
 * recolour the terminal or forge extra output lines. JSON output needs no such help: Jackson escapes
 * control characters itself.
 */
public final class Text {
    private Text() {
    }

    /**
     * Escapes control characters (C0, DEL and C1) as {@code \n}, {@code \t}, {@code \r} or {@code \xNN}.
     *
     * @param s the untrusted text
     * @return printable text on one line
     */
    public static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f);
            if (control && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (!control) {
                    b.append(c);
                } else if (c == '\n') {
                    b.append("\\n");
                } else if (c == '\t') {
                    b.append("\\t");
                } else if (c == '\r') {
                    b.append("\\r");
                } else {
                    b.append(String.format("\\x%02x", (int) c));
                }
            }
        }
        return b == null ? s : b.toString();
    }

    /**
     * Formats a byte count for people: {@code 512 B}, {@code 1.5 KiB}, {@code 3.2 MiB}.
     *
     * @param bytes the count; negative means unknown
     * @return the formatted size, or {@code ?} when unknown
     */
    public static String bytes(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
