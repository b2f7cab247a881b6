package dev.containersec.sbom;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A package ecosystem, named as the OSV schema names it, with the {@link VersionScheme} its tools use.
 *
 * <p>{@link #parse(String)} accepts, case-insensitively, the OSV name ({@code "PyPI"}, {@code "Red Hat"}),
 * an OSV name with a release suffix ({@code "Debian:12"}, {@code "AlmaLinux:9"}, {@code "Alpine:v3.20"};
 * the part before the first {@code ':'} picks the ecosystem and the suffix is ignored here), or a
 * package-URL type ({@code "golang"}, {@code "cargo"}, {@code "deb"}, {@code "rpm"}, {@code "apk"}). The
 * purl types {@code deb} and {@code rpm} name families rather than distributions; they map to
 * {@link #DEBIAN} and {@link #RED_HAT}, which share their version scheme with the rest of the family.
 *
 * @see <a href="https://ossf.github.io/osv-schema/#affectedpackage-field">OSV schema: ecosystems</a>
 * @see <a href="https://github.com/package-url/purl-spec/blob/main/PURL-TYPES.rst">purl types</a>
 */
public enum Ecosystem {
    /** Maven Central and other Maven repositories. */
    MAVEN("Maven", "maven", VersionScheme.MAVEN),
    /** The Python Package Index. */
    PYPI("PyPI", "pypi", VersionScheme.PEP440),
    /** The npm registry. */
    NPM("npm", "npm", VersionScheme.NPM),
    /** Go modules. */
    GO("Go", "golang", VersionScheme.GO),
    /** crates.io, Rust's registry. */
    CRATES_IO("crates.io", "cargo", VersionScheme.CARGO),
    /** RubyGems.org. */
    RUBYGEMS("RubyGems", "gem", VersionScheme.RUBYGEMS),
    /** NuGet, the .NET registry. */
    NUGET("NuGet", "nuget", VersionScheme.NUGET),
    /** Packagist, PHP's Composer registry. */
    PACKAGIST("Packagist", "composer", VersionScheme.COMPOSER),
    /** Hex, the Erlang and Elixir registry. */
    HEX("Hex", "hex", VersionScheme.SEMVER),
    /** Pub, the Dart and Flutter registry. */
    PUB("Pub", "pub", VersionScheme.PUB),
    /** CRAN, R's archive. */
    CRAN("CRAN", "cran", VersionScheme.CRAN),
    /** Hackage, Haskell's archive. */
    HACKAGE("Hackage", "hackage", VersionScheme.HACKAGE),
    /** Debian packages; also the purl type {@code deb}. */
    DEBIAN("Debian", "deb", VersionScheme.DPKG),
    /** Ubuntu packages. */
    UBUNTU("Ubuntu", null, VersionScheme.DPKG),
    /** Red Hat packages; also the purl type {@code rpm}. */
    RED_HAT("Red Hat", "rpm", VersionScheme.RPM),
    /** AlmaLinux packages. */
    ALMALINUX("AlmaLinux", null, VersionScheme.RPM),
    /** Rocky Linux packages. */
    ROCKY_LINUX("Rocky Linux", null, VersionScheme.RPM),
    /** Alpine Linux packages; also the purl type {@code apk}. */
    ALPINE("Alpine", "apk", VersionScheme.APK);

    private static final Map<String, Ecosystem> BY_NAME;
    /** OSV's own spellings, answered without lower-casing: matching looks the ecosystem up for every entry. */
    private static final Map<String, Ecosystem> BY_OSV_NAME;

    static {
        Map<String, Ecosystem> map = new HashMap<>();
        for (Ecosystem e : values()) {
            map.put(e.osvName.toLowerCase(Locale.ROOT), e);
            if (e.purlType != null) {
                map.put(e.purlType, e);
            }
        }
        BY_NAME = Map.copyOf(map);
        Map<String, Ecosystem> exact = new HashMap<>();
        for (Ecosystem e : values()) {
            if (BY_NAME.get(e.osvName.toLowerCase(Locale.ROOT)) == e) {
                exact.put(e.osvName, e);
            }
        }
        BY_OSV_NAME = Map.copyOf(exact);
    }

    private final String osvName;
    private final String purlType;
    private final VersionScheme scheme;

    Ecosystem(String osvName, String purlType, VersionScheme scheme) {
        this.osvName = osvName;
        this.purlType = purlType;
        this.scheme = scheme;
    }

    /**
     * Returns the name as the OSV schema spells it.
     *
     * @return for example {@code "crates.io"} or {@code "Rocky Linux"}
     */
    public String osvName() {
        return osvName;
    }

    /**
     * Returns the package-URL type that maps to this ecosystem, if there is one of its own.
     *
     * @return for example {@code "golang"}; empty for Ubuntu, AlmaLinux and Rocky Linux, whose purls use
     *     the family types {@code deb} and {@code rpm}
     */
    public Optional<String> purlType() {
        return Optional.ofNullable(purlType);
    }

    /**
     * Returns the version scheme this ecosystem's tools use.
     *
     * @return the scheme
     */
    public VersionScheme scheme() {
        return scheme;
    }

    /**
     * Looks up an ecosystem by OSV name (optionally with a {@code :release} suffix) or purl type,
     * ignoring case.
     *
     * @param name for example {@code "PyPI"}, {@code "debian:12"} or {@code "golang"}
     * @return the ecosystem, or empty when the name is not one of these
     */
    public static Optional<Ecosystem> find(String name) {
        Objects.requireNonNull(name, "name");
        Ecosystem exact = BY_OSV_NAME.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        int colon = name.indexOf(':');
        String base = (colon >= 0 ? name.substring(0, colon) : name).strip().toLowerCase(Locale.ROOT);
        return Optional.ofNullable(BY_NAME.get(base));
    }

    /**
     * Parses an ecosystem name, as {@link #find(String)}, failing when it is unknown.
     *
     * @param name for example {@code "AlmaLinux:9"}
     * @return the ecosystem
     * @throws IllegalArgumentException naming the value and the accepted names when it is unknown
     */
    public static Ecosystem parse(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown ecosystem '"
                + (name.length() > 80 ? name.substring(0, 80) + "..." : name) + "'; expected one of "
                + Stream.of(values()).map(Ecosystem::osvName).collect(Collectors.joining(", "))
                + " (optionally with ':release'), or a purl type"));
    }

    /**
     * Returns the OSV name.
     *
     * @return {@link #osvName()}
     */
    @Override
    public String toString() {
        return osvName;
    }
}
