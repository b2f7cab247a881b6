package dev.containersec.image.internal.catalog.os;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The licences a Debian package declares in {@code /usr/share/doc/PKG/copyright}, when the file is in
 * the machine-readable format (DEP-5): every {@code License:} field's short names, split on
 * {@code or}/{@code and}/commas, with Debian's names turned into SPDX ids where they correspond
 * ({@code GPL-2+} is {@code GPL-2.0-or-later}, {@code Expat} is {@code MIT}) and kept as written
 * otherwise. Free-text copyright files declare nothing this parser can trust, so they give none.
 *
 * @see <a href="https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/">copyright-format 1.0</a>
 */
final class DebianCopyright {
    private static final Pattern GNU = Pattern.compile("(?i)(L?GPL|AGPL|GFDL)-(\\d)(?:\\.(\\d))?(\\+)?");
    private static final Pattern BSD = Pattern.compile("(?i)BSD-([234])-clause");
    private static final Pattern SPLIT = Pattern.compile("\\s+(?:or|and)\\s+|\\s*,\\s*|\\s*[()]\\s*", Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> KNOWN = Map.of(
            "expat", "MIT", "mit", "MIT", "apache-2.0", "Apache-2.0", "zlib", "Zlib", "isc", "ISC",
            "artistic", "Artistic-1.0-Perl", "mpl-1.1", "MPL-1.1", "mpl-2.0", "MPL-2.0", "psf-2", "PSF-2.0",
            "cc0-1.0", "CC0-1.0");
    private static final int MAX_LICENCES = 64;

    private DebianCopyright() {
    }

    /**
     * Reads the licences of a copyright file.
     *
     * @param data the file's bytes
     * @return the licences in order of first appearance, empty for a free-text file
     */
    static List<String> licenses(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        if (!text.regionMatches(true, 0, "Format:", 0, "Format:".length())) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            if (!line.regionMatches(true, 0, "License:", 0, "License:".length())) {
                continue;
            }
            for (String name : SPLIT.split(line.substring("License:".length()).strip())) {
                if (!name.isBlank() && out.size() < MAX_LICENCES) {
                    out.add(spdx(name.strip()));
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Debian's short name as an SPDX id where one corresponds, else as written. */
    static String spdx(String name) {
        Matcher gnu = GNU.matcher(name);
        if (gnu.matches()) {
            String version = gnu.group(2) + "." + (gnu.group(3) == null ? "0" : gnu.group(3));
            return gnu.group(1).toUpperCase(Locale.ROOT) + "-" + version + (gnu.group(4) == null ? "-only" : "-or-later");
        }
        Matcher bsd = BSD.matcher(name);
        if (bsd.matches()) {
            return "BSD-" + bsd.group(1) + "-Clause";
        }
        return KNOWN.getOrDefault(name.toLowerCase(Locale.ROOT), name);
    }
}
