package dev.containersec.image.internal;

/** Puts untrusted text (a parser's message, a helper program's output) into error messages, bounded. */
public final class Messages {

    private static final int MAX_CHARS = 200;

    private Messages() {
    }

    /**
     * The first line of {@code s}, cut at 200 characters with {@code ...} appended.
     *
     * @param s the text, or null
     * @return the first line, empty for null
     */
    public static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS) + "..." : line;
    }
}
