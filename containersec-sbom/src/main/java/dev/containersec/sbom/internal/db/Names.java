package dev.containersec.sbom.internal.db;

import java.util.Locale;
import java.util.regex.Pattern;

/** Package-name keys: the form under which an ecosystem's names are stored and looked up. */
public final class Names {
    private static final Pattern PEP503_SEPARATORS = Pattern.compile("[-_.]+");

    private Names() {
    }

    /**
     * Returns the lookup key of a package name in an ecosystem: PyPI names are normalised as PEP 503 says
     * (lower case, runs of {@code -_.} become one {@code -}); other ecosystems' names are compared as written.
     *
     * @param ecosystemKey the lower-case ecosystem base name, e.g. {@code pypi}
     * @param name the name as the advisory or the SBOM writes it
     * @return the key
     * @see <a href="https://peps.python.org/pep-0503/#normalized-names">PEP 503</a>
     */
    public static String key(String ecosystemKey, String name) {
        if (ecosystemKey.equals("pypi")) {
            return PEP503_SEPARATORS.matcher(name.strip()).replaceAll("-").toLowerCase(Locale.ROOT);
        }
        return name;
    }

    /**
     * Splits an OSV ecosystem string into its lower-case base and its release suffix.
     *
     * @param ecosystem for example {@code Debian:12} or {@code Red Hat:enterprise_linux:9::appstream}
     * @return {base, release}, the release empty when there is no suffix
     */
    public static String[] splitEcosystem(String ecosystem) {
        int colon = ecosystem.indexOf(':');
        String base = colon < 0 ? ecosystem : ecosystem.substring(0, colon);
        String release = colon < 0 ? "" : ecosystem.substring(colon + 1);
        return new String[] {base.strip().toLowerCase(Locale.ROOT), release.strip()};
    }

    /**
     * Tells whether a stored release suffix belongs to the wanted release: equal, or a refinement of it
     * ({@code enterprise_linux:9::appstream} belongs to {@code enterprise_linux:9}).
     *
     * @param stored the suffix in the advisory
     * @param wanted the suffix derived from the image's OS
     * @return true when they match
     */
    public static boolean releaseMatches(String stored, String wanted) {
        return stored.equals(wanted) || stored.startsWith(wanted + ":");
    }
}
