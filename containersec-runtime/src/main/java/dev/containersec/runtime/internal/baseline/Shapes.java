package dev.containersec.runtime.internal.baseline;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Generalises argument vectors and paths so that a baseline holds shapes, not every value seen. */
public final class Shapes {
    /** Most arguments kept in a shape; the rest are summarised. */
    public static final int MAX_ARGS = 16;
    /** Longest argument kept verbatim, in characters. */
    public static final int MAX_ARG_CHARS = 64;

    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]+([.:][0-9]+)*[a-zA-Z]{0,2}");
    private static final Pattern HEX = Pattern.compile("(0x[0-9a-fA-F]+|(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{8,})");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Shapes() {
    }

    /** The shape of an argv without argv[0]: numbers, hex, uuids and paths replaced by placeholders. */
    public static String argShape(List<String> args) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(args.size(), MAX_ARGS + 1);
        for (int i = 1; i < n; i++) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(arg(args.get(i)));
        }
        if (args.size() > MAX_ARGS + 1) {
            sb.append(" <+").append(args.size() - MAX_ARGS - 1).append(" args>");
        }
        return sb.toString();
    }

    static String arg(String a) {
        int eq = a.indexOf('=');
        if (a.startsWith("-") && eq > 0) {
            return a.substring(0, eq + 1) + token(a.substring(eq + 1));
        }
        return token(a);
    }

    static String token(String t) {
        if (t.startsWith("/")) {
            return "<path>";
        }
        String g = component(t);
        if (!g.equals(t)) {
            return g;
        }
        String clean = t.replaceAll("[\\p{Cntrl}\\s]", "?");
        return clean.length() > MAX_ARG_CHARS ? clean.substring(0, MAX_ARG_CHARS) + "…" : clean;
    }

    /** A path component or value generalised: {@code <num>}, {@code <hex>}, {@code <uuid>}, or itself. */
    static String component(String t) {
        if (UUID.matcher(t).matches()) {
            return "<uuid>";
        }
        if (NUMBER.matcher(t).matches()) {
            return "<num>";
        }
        if (HEX.matcher(t).matches()) {
            return "<hex>";
        }
        return t;
    }

    /** A path with numeric, hex and uuid components generalised; {@code ..} and {@code .} collapsed. */
    public static String path(String path) {
        StringBuilder sb = new StringBuilder();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                int slash = sb.lastIndexOf("/");
                sb.setLength(Math.max(slash, 0));
                continue;
            }
            sb.append('/').append(component(c).replaceAll("\\p{Cntrl}", "?"));
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /** The parent directory of a generalised path ({@code /} for top-level entries). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** Lower-case protocol name. */
    public static String proto(Enum<?> protocol) {
        return protocol.name().toLowerCase(Locale.ROOT);
    }
}
