package dev.containersec.image.internal.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header: a scheme and its parameters, for example
 * {@code Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a:pull"}.
 *
 * @param scheme the scheme in lower case ({@code bearer}, {@code basic})
 * @param params the parameters, names in lower case, values unquoted
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1">RFC 9110, WWW-Authenticate</a>
 */
public record AuthChallenge(String scheme, Map<String, String> params) {
    /** Longest header value parsed; longer ones are refused rather than scanned. */
    public static final int MAX_HEADER_CHARS = 8192;
    private static final int MAX_CHALLENGES = 16;

    /** Copies the parameters. */
    public AuthChallenge {
        params = Map.copyOf(params);
    }

    /** Returns a parameter, e.g. {@code realm}. */
    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /**
     * Parses a header value into its challenges. Never throws: what cannot be parsed is dropped, so
     * a hostile header yields fewer (or no) challenges and the caller reports the missing scheme.
     *
     * @param header the header value, may be null
     * @return the challenges in order, at most 16
     */
    public static List<AuthChallenge> parse(String header) {
        List<AuthChallenge> out = new ArrayList<>();
        if (header == null || header.length() > MAX_HEADER_CHARS) {
            return out;
        }
        int i = 0;
        int n = header.length();
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (i < n && out.size() < MAX_CHALLENGES) {
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ',' || header.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            while (i < n && isToken(header.charAt(i))) {
                i++;
            }
            if (i == start) {
                i++; // not a token: skip the character
                continue;
            }
            String token = header.substring(start, i);
            int j = i;
            while (j < n && header.charAt(j) == ' ') {
                j++;
            }
            if (j < n && header.charAt(j) == '=' && scheme != null) {
                j++;
                while (j < n && header.charAt(j) == ' ') {
                    j++;
                }
                StringBuilder value = new StringBuilder();
                if (j < n && header.charAt(j) == '"') {
                    j++;
                    while (j < n && header.charAt(j) != '"') {
                        if (header.charAt(j) == '\\' && j + 1 < n) {
                            j++;
                        }
                        value.append(header.charAt(j++));
                    }
                    j++; // closing quote (or past the end)
                } else {
                    while (j < n && header.charAt(j) != ',' && header.charAt(j) != ' ') {
                        value.append(header.charAt(j++));
                    }
                }
                params.putIfAbsent(token.toLowerCase(Locale.ROOT), value.toString());
                i = j;
            } else {
                if (scheme != null) {
                    out.add(new AuthChallenge(scheme, params));
                }
                scheme = token.toLowerCase(Locale.ROOT);
                params = new LinkedHashMap<>();
                i = j;
            }
        }
        if (scheme != null && out.size() < MAX_CHALLENGES) {
            out.add(new AuthChallenge(scheme, params));
        }
        return out;
    }

    private static boolean isToken(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** Writes the challenge back as header text (parameters quoted), for tests and messages. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(scheme);
        String sep = " ";
        for (Map.Entry<String, String> e : params.entrySet()) {
            b.append(sep).append(e.getKey()).append("=\"")
                    .append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            sep = ",";
        }
        return b.toString();
    }
}
