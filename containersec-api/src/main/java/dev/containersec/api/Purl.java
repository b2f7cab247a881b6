package dev.containersec.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A package URL, {@code pkg:type/namespace/name@version?qualifiers#subpath}: the identity of a package
 * across tools. {@link #parse(String)} and {@link #toString()} follow the purl specification's
 * canonical form (lower-case type and qualifier keys, sorted qualifiers, percent-encoding, {@code /}
 * left as it is in qualifier values), so {@code parse(p.toString()).equals(p)}. Type-specific rules
 * are applied on construction: PyPI names are lower-cased with {@code _} replaced by {@code -};
 * GitHub and Bitbucket namespaces and names are lower-cased; a conan purl has a namespace exactly when
 * it has a {@code channel} qualifier; a cran purl needs a version. Other names are kept as given.
 *
 * @param type the package type, e.g. {@code maven}, {@code npm}, {@code deb}; lower case
 * @param namespace the namespace, e.g. a Maven group id or {@code debian}; may contain {@code /}
 * @param name the package name
 * @param version the version, when known
 * @param qualifiers qualifiers such as {@code arch} and {@code distro}, sorted by key
 * @param subpath a path inside the package, when given
 * @see <a href="https://github.com/package-url/purl-spec/blob/main/PURL-SPECIFICATION.rst">purl specification</a>
 */
public record Purl(String type, Optional<String> namespace, String name, Optional<String> version,
                   SortedMap<String, String> qualifiers, Optional<String> subpath) {

    private static final int MAX_LENGTH = 64 * 1024;

    /**
     * Validates and normalises the components.
     *
     * @throws IllegalArgumentException naming the bad component
     */
    public Purl {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(subpath, "subpath");
        type = type.toLowerCase(Locale.ROOT);
        if (type.isEmpty() || !type.matches("[a-z.+-][a-z0-9.+-]*")) {
            throw new IllegalArgumentException("invalid purl type '" + type + "' (letters, digits, '.', '+', '-')");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a purl needs a name");
        }
        if (type.equals("pypi")) {
            name = name.toLowerCase(Locale.ROOT).replace('_', '-');
        }
        if (type.equals("github") || type.equals("bitbucket")) {
            name = name.toLowerCase(Locale.ROOT);
            namespace = namespace.map(n -> n.toLowerCase(Locale.ROOT));
        }
        namespace = namespace.filter(n -> !n.isEmpty());
        version = version.filter(v -> !v.isEmpty());
        subpath = subpath.filter(s -> !s.isEmpty());
        TreeMap<String, String> q = new TreeMap<>();
        for (Map.Entry<String, String> e : qualifiers.entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            if (!key.matches("[a-z.\\-_][a-z0-9.\\-_]*")) {
                throw new IllegalArgumentException("invalid purl qualifier key '" + e.getKey() + "'");
            }
            if (e.getValue() != null && !e.getValue().isEmpty()) {
                q.put(key, e.getValue());
            }
        }
        qualifiers = Collections.unmodifiableSortedMap(q);
        if (type.equals("conan") && namespace.isPresent() != qualifiers.containsKey("channel")) {
            throw new IllegalArgumentException("a conan purl has a namespace exactly when it has a channel qualifier");
        }
        if (type.equals("cran") && version.isEmpty()) {
            throw new IllegalArgumentException("a cran purl needs a version");
        }
    }

    /**
     * Creates a purl without qualifiers or subpath.
     *
     * @param type the type
     * @param namespace the namespace, or null for none
     * @param name the name
     * @param version the version, or null for none
     * @return the purl
     */
    public static Purl of(String type, String namespace, String name, String version) {
        return new Purl(type, Optional.ofNullable(namespace), name, Optional.ofNullable(version), new TreeMap<>(),
                Optional.empty());
    }

    /**
     * Returns a copy with one qualifier added or replaced (an empty value removes it).
     *
     * @param key the qualifier key
     * @param value the value
     * @return the new purl
     */
    public Purl withQualifier(String key, String value) {
        TreeMap<String, String> q = new TreeMap<>(qualifiers);
        if (value == null || value.isEmpty()) {
            q.remove(key);
        } else {
            q.put(key, value);
        }
        return new Purl(type, namespace, name, version, q, subpath);
    }

    /**
     * Parses a purl string.
     *
     * @param text for example {@code pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1}
     * @return the purl
     * @throws IllegalArgumentException naming the text when it is not a valid purl
     */
    public static Purl parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("purl longer than " + MAX_LENGTH + " characters");
        }
        if (!text.regionMatches(true, 0, "pkg:", 0, 4)) {
            throw new IllegalArgumentException("a purl starts with 'pkg:': '" + abbreviate(text) + "'");
        }
        String rest = text.substring(4);
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        Optional<String> subpath = Optional.empty();
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            subpath = Optional.of(decodeSegments(rest.substring(hash + 1), true));
            rest = rest.substring(0, hash);
        }
        TreeMap<String, String> qualifiers = new TreeMap<>();
        int question = rest.indexOf('?');
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("purl qualifier without '=': '" + abbreviate(pair) + "'");
                }
                String key = pair.substring(0, eq).toLowerCase(Locale.ROOT);
                if (qualifiers.put(key, decode(pair.substring(eq + 1))) != null) {
                    throw new IllegalArgumentException("duplicate purl qualifier '" + key + "'");
                }
            }
            rest = rest.substring(0, question);
        }
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("a purl needs type/name: '" + abbreviate(text) + "'");
        }
        String type = rest.substring(0, slash);
        rest = rest.substring(slash + 1);
        while (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        Optional<String> version = Optional.empty();
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            version = Optional.of(decode(rest.substring(at + 1)));
            rest = rest.substring(0, at);
        }
        int lastSlash = rest.lastIndexOf('/');
        String name = decode(rest.substring(lastSlash + 1));
        Optional<String> namespace = lastSlash < 0 ? Optional.empty()
                : Optional.of(decodeSegments(rest.substring(0, lastSlash), false));
        return new Purl(type, namespace, name, version, qualifiers, subpath);
    }

    /**
     * Returns the canonical purl string.
     *
     * @return for example {@code pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12}
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("pkg:").append(type).append('/');
        namespace.ifPresent(ns -> {
            for (String seg : ns.split("/")) {
                if (!seg.isEmpty()) {
                    sb.append(encode(seg)).append('/');
                }
            }
        });
        sb.append(encode(name));
        version.ifPresent(v -> sb.append('@').append(encode(v)));
        if (!qualifiers.isEmpty()) {
            sb.append('?');
            boolean first = true;
            for (Map.Entry<String, String> e : qualifiers.entrySet()) {
                if (!first) {
                    sb.append('&');
                }
                first = false;
                sb.append(e.getKey()).append('=').append(encode(e.getValue(), "/"));
            }
        }
        subpath.ifPresent(s -> {
            sb.append('#');
            boolean first = true;
            for (String seg : s.split("/")) {
                if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                    continue;
                }
                if (!first) {
                    sb.append('/');
                }
                first = false;
                sb.append(encode(seg));
            }
        });
        return sb.toString();
    }

    private static String decodeSegments(String s, boolean subpath) {
        StringBuilder sb = new StringBuilder();
        for (String seg : s.split("/")) {
            if (seg.isEmpty() || (subpath && (seg.equals(".") || seg.equals("..")))) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('/');
            }
            String d = decode(seg);
            if (d.contains("/")) {
                throw new IllegalArgumentException("a purl segment may not contain an encoded '/': '" + seg + "'");
            }
            sb.append(d);
        }
        return sb.toString();
    }

    /** Percent-encodes everything but unreserved characters (RFC 3986) and ':'. */
    private static String encode(String s) {
        return encode(s, "");
    }

    /** As {@link #encode(String)}, also leaving the characters of {@code keep} as they are. */
    private static String encode(String s, String keep) {
        StringBuilder sb = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~' || c == ':' || keep.indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("bad percent-encoding in purl: '" + abbreviate(s) + "'");
                }
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
