package dev.containersec.sbom;

import dev.containersec.sbom.internal.version.ApkVersion;
import dev.containersec.sbom.internal.version.ComposerVersion;
import dev.containersec.sbom.internal.version.DpkgVersion;
import dev.containersec.sbom.internal.version.GemVersion;
import dev.containersec.sbom.internal.version.MavenVersion;
import dev.containersec.sbom.internal.version.NuGetVersion;
import dev.containersec.sbom.internal.version.NumericListVersion;
import dev.containersec.sbom.internal.version.Pep440Version;
import dev.containersec.sbom.internal.version.PubVersion;
import dev.containersec.sbom.internal.version.RpmVersion;
import dev.containersec.sbom.internal.version.SemVer;
import dev.containersec.sbom.internal.version.VersionKey;
import dev.containersec.sbom.internal.version.VersionParser;
import dev.containersec.sbom.internal.version.VersionSyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * A way of ordering version strings, exactly as one ecosystem's own tool orders them. This is the front
 * door for version comparison: pick the scheme with {@link Ecosystem#scheme()} (or directly), then
 * {@link #compare(String, String)} two strings, or {@link #parse(String)} once and compare the
 * {@link Version}s many times.
 *
 * <pre>{@code
 * VersionScheme dpkg = Ecosystem.parse("Debian:12").scheme();
 * dpkg.compare("1.0~rc1", "1.0");            // -1: '~' sorts before the release
 * Version fixed = dpkg.parse("2.36.1-8+deb11u1");
 * }</pre>
 *
 * <p>Every scheme rejects the empty string and any string longer than {@link #MAX_LENGTH} characters
 * with an {@link InvalidVersionException}, so hostile input costs at most linear time in that bound.
 * Beyond that each constant documents what it rejects; the rule is to reject what the ecosystem's tool
 * rejects and to accept (and order exactly like the tool) what it accepts. Instances are immutable and
 * thread-safe.
 */
public enum VersionScheme {

    /**
     * Maven's {@code ComparableVersion} (maven-artifact): tokens split at '.', '-' and digit/letter
     * transitions, well-known qualifiers {@code alpha < beta < milestone < rc = cr < snapshot < "" = ga =
     * final = release < sp}, unknown qualifiers after them in case-insensitive lexical order, trailing
     * null items trimmed. Like Maven, accepts any non-empty string.
     *
     * @see <a href="https://maven.apache.org/pom.html#version-order-specification">Maven version order specification</a>
     */
    MAVEN("Maven", MavenVersion::parse),

    /**
     * PEP 440 as implemented by Python's {@code packaging.version.Version}: epochs, release segments with
     * trailing zeros insignificant, pre-, post- and dev-releases with all spellings PEP 440 normalises,
     * and local versions. Rejects what {@code packaging} rejects ({@code InvalidVersion}); legacy
     * (non-PEP 440) versions are not supported, as in {@code packaging} 22 and later.
     *
     * @see <a href="https://peps.python.org/pep-0440/">PEP 440</a>
     */
    PEP440("PyPI (PEP 440)", Pep440Version::parse),

    /**
     * Semantic Versioning 2.0.0, strict: {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}, no leading
     * zeros, no leading {@code v}. Build metadata is ignored when ordering (so {@code 1.0.0+a} equals
     * {@code 1.0.0+b}). Also used for Hex (Elixir's {@code Version}, which has the same grammar and order)
     * and for OSV ranges of type {@code SEMVER}.
     *
     * @see <a href="https://semver.org/spec/v2.0.0.html">SemVer 2.0.0</a>
     */
    SEMVER("SemVer 2.0.0", SemVer::parseStrict),

    /**
     * npm's {@code node-semver} in its default (non-loose) mode: SemVer 2.0.0 plus an optional leading
     * {@code v}, surrounding whitespace ignored, numeric components at most 2<sup>53</sup>-1. Build
     * metadata is ignored when ordering.
     *
     * @see <a href="https://github.com/npm/node-semver#versions">node-semver</a>
     */
    NPM("npm (node-semver)", SemVer::parseNpm),

    /**
     * Go modules, as {@code golang.org/x/mod/semver}: SemVer with a leading {@code v} (optional here,
     * because OSV writes Go versions without it), the shorthands {@code v1} and {@code v1.2}, build
     * metadata such as {@code +incompatible} ignored when ordering. Pseudo-versions
     * ({@code v0.0.0-20191109021931-daa7c04131f5}) are pre-releases and order by their timestamp.
     * Unlike {@code semver.Compare}, which silently orders invalid strings before all valid ones, invalid
     * strings are rejected.
     *
     * @see <a href="https://go.dev/ref/mod#versions">Go module versions</a>
     */
    GO("Go", SemVer::parseGo),

    /**
     * crates.io, as Rust's {@code semver} crate (what Cargo uses): strict SemVer 2.0.0, and, like the
     * crate's {@code Ord}, build metadata breaks ties after everything else (so {@code 1.0.0 < 1.0.0+a}).
     *
     * @see <a href="https://docs.rs/semver/latest/semver/struct.Version.html">semver::Version</a>
     */
    CARGO("crates.io (Cargo)", SemVer::parseCargo),

    /**
     * RubyGems' {@code Gem::Version}: segments of digits or letters, a {@code -} meaning {@code .pre.},
     * any letter segment making a pre-release, trailing zeros insignificant. Rejects what
     * {@code Gem::Version.correct?} rejects ("Malformed version number string").
     *
     * @see <a href="https://guides.rubygems.org/patterns/#semantic-versioning">RubyGems versioning</a>
     */
    RUBYGEMS("RubyGems", GemVersion::parse),

    /**
     * NuGet's {@code NuGetVersion} and {@code VersionComparer.Default}: one to four numeric parts
     * (missing ones are 0), SemVer 2.0.0 pre-release labels compared case-insensitively, build metadata
     * ignored.
     *
     * @see <a href="https://learn.microsoft.com/nuget/concepts/package-versioning">NuGet package versioning</a>
     */
    NUGET("NuGet", NuGetVersion::parse),

    /**
     * Packagist, as Composer: {@code VersionParser::normalize} (leading {@code v} dropped, up to four
     * numeric parts, stability suffixes {@code alpha}, {@code beta}, {@code RC}, {@code patch},
     * {@code dev}) followed by PHP's {@code version_compare}. Rejects what {@code normalize} rejects
     * ("Invalid version string").
     *
     * @see <a href="https://getcomposer.org/doc/articles/versions.md">Composer versions</a>
     * @see <a href="https://www.php.net/manual/function.version-compare.php">PHP version_compare</a>
     */
    COMPOSER("Packagist (Composer)", ComposerVersion::parse),

    /**
     * Dart's {@code pub_semver}: SemVer-shaped ({@code MAJOR.MINOR.PATCH[-PRE][+BUILD]}, leading zeros
     * allowed), identifiers that are all digits compared numerically and before alphanumeric ones, and
     * build metadata ordered after the version without it.
     *
     * @see <a href="https://pub.dev/packages/pub_semver">pub_semver</a>
     */
    PUB("Pub", PubVersion::parse),

    /**
     * R's {@code package_version}: at least two non-negative integers separated by {@code .} or
     * {@code -}, compared numerically component by component, a prefix sorting first ({@code 1.0 <
     * 1.0.0}).
     *
     * @see <a href="https://cran.r-project.org/doc/manuals/r-release/R-exts.html#The-DESCRIPTION-file">R DESCRIPTION Version field</a>
     */
    CRAN("CRAN", NumericListVersion::parseCran),

    /**
     * Haskell's Cabal {@code Version}: one or more non-negative integers separated by {@code .},
     * compared as lists ({@code 1.0 < 1.0.0}).
     *
     * @see <a href="https://hackage.haskell.org/package/Cabal-syntax/docs/Distribution-Types-Version.html">Cabal Version</a>
     */
    HACKAGE("Hackage", NumericListVersion::parseHackage),

    /**
     * Debian's dpkg ({@code [epoch:]upstream[-revision]}, compared with {@code verrevcmp}: {@code ~}
     * sorts before everything, even the end, letters before non-letters, digit runs numerically). Rejects
     * what dpkg's {@code parseversion} treats as an error (empty parts, bad epoch, embedded space);
     * accepts, like {@code dpkg --compare-versions}, what it only warns about.
     *
     * @see <a href="https://www.debian.org/doc/debian-policy/ch-controlfields.html#version">Debian Policy: Version</a>
     */
    DPKG("Debian (dpkg)", DpkgVersion::parse),

    /**
     * RPM's {@code [epoch:]version[-release]} compared with {@code rpmvercmp}: alphanumeric segments,
     * separators ignored, {@code ~} sorting before and {@code ^} after the end. Like rpm, accepts any
     * string; a missing epoch is 0 and, to keep the order total, a missing release sorts before any
     * release (rpm itself skips the release comparison when either side lacks one).
     *
     * @see <a href="https://rpm-software-management.github.io/rpm/manual/dependencies.html#versioning">RPM versioning</a>
     */
    RPM("RPM", RpmVersion::parse),

    /**
     * Alpine's apk-tools ({@code digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}}): pre-release
     * suffixes {@code _alpha < _beta < _pre < _rc} before the release, {@code _cvs < _svn < _git < _hg <
     * _p} after it, digits with a leading zero compared as strings. Rejects what
     * {@code apk version --check} reports invalid.
     *
     * @see <a href="https://wiki.alpinelinux.org/wiki/APKBUILD_Reference#pkgver">APKBUILD pkgver</a>
     */
    APK("Alpine (apk)", ApkVersion::parse);

    /** The longest version string any scheme accepts, in characters. */
    public static final int MAX_LENGTH = 512;

    private final String displayName;
    private final VersionParser parser;

    VersionScheme(String displayName, VersionParser parser) {
        this.displayName = displayName;
        this.parser = parser;
    }

    /**
     * Returns a human-readable name, e.g. {@code "Debian (dpkg)"}.
     *
     * @return the name
     */
    public String displayName() {
        return displayName;
    }

    /**
     * Parses a version string.
     *
     * @param text the version, e.g. {@code "1:2.3-4"}
     * @return the parsed version
     * @throws InvalidVersionException if the text is empty, longer than {@link #MAX_LENGTH}, or not a
     *     version in this scheme
     */
    public Version parse(String text) {
        return new Version(this, text, key(text));
    }

    /**
     * Parses a version string, returning empty when it is not valid in this scheme.
     *
     * @param text the version
     * @return the parsed version, or empty
     */
    public Optional<Version> tryParse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return Optional.of(parse(text));
        } catch (InvalidVersionException e) {
            return Optional.empty();
        }
    }

    /**
     * Tells whether a string is a valid version in this scheme.
     *
     * @param text the version
     * @return true when {@link #parse(String)} would accept it
     */
    public boolean isValid(String text) {
        return tryParse(text).isPresent();
    }

    /**
     * Compares two version strings as the ecosystem's tool would.
     *
     * @param a the first version
     * @param b the second version
     * @return -1, 0 or 1 as {@code a} is older than, equivalent to or newer than {@code b}
     * @throws InvalidVersionException if either string is not a valid version in this scheme
     */
    public int compare(String a, String b) {
        return Integer.signum(key(a).compareKey(key(b)));
    }

    private VersionKey key(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new InvalidVersionException(this, text, "empty version");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidVersionException(this, text,
                    "longer than " + MAX_LENGTH + " characters (" + text.length() + ")");
        }
        try {
            return parser.parse(text);
        } catch (VersionSyntaxException e) {
            throw new InvalidVersionException(this, text, e.getMessage());
        }
    }
}
