package dev.containersec.sbom.internal.version;

import dev.containersec.sbom.Ecosystem;
import dev.containersec.sbom.OsvAffected;
import dev.containersec.sbom.OsvEvent;
import dev.containersec.sbom.OsvRange;
import dev.containersec.sbom.RangeMatch;
import dev.containersec.sbom.Version;
import dev.containersec.sbom.VersionScheme;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/** The OSV schema's evaluation algorithm; see {@link OsvAffected} for the contract. */
public final class RangeEvaluator {

    private RangeEvaluator() {
    }

    private record Parsed(OsvEvent event, Version version) { }

    /**
     * Evaluates one affected entry for one version.
     *
     * @param affected the entry
     * @param version the package version
     * @return the outcome
     */
    public static RangeMatch evaluate(OsvAffected affected, String version) {
        return evaluate(affected, version, VersionScheme::tryParse);
    }

    /**
     * Evaluates one affected entry for one version, parsing versions through a function (a scan passes one
     * that remembers what it parsed: the same package version meets every advisory of the package, and
     * event versions repeat across advisories).
     *
     * @param affected the entry
     * @param version the package version
     * @param parse {@link VersionScheme#tryParse} or an equivalent that caches
     * @return the outcome
     */
    public static RangeMatch evaluate(OsvAffected affected, String version,
                                      BiFunction<VersionScheme, String, Optional<Version>> parse) {
        Optional<Ecosystem> ecosystem = affected.knownEcosystem();
        Optional<VersionScheme> scheme = ecosystem.map(Ecosystem::scheme);
        List<String> problems = new ArrayList<>();
        boolean evaluated = false;

        if (!affected.versions().isEmpty()) {
            evaluated = true;
            Optional<Version> v = scheme.flatMap(s -> parse.apply(s, version));
            for (String listed : affected.versions()) {
                if (listed.equals(version)) {
                    return new RangeMatch.Affected("versions[] lists " + listed);
                }
                if (v.isPresent() && parse.apply(scheme.get(), listed).map(l -> l.equals(v.get())).orElse(false)) {
                    return new RangeMatch.Affected("versions[] lists " + listed + " (equal to " + version + ")");
                }
            }
        }
        for (OsvRange range : affected.ranges()) {
            VersionScheme rangeScheme;
            switch (range.type()) {
                case GIT:
                    continue;
                case SEMVER:
                    rangeScheme = ecosystem.orElse(null) == Ecosystem.GO ? VersionScheme.GO : VersionScheme.SEMVER;
                    break;
                default:
                    if (scheme.isEmpty()) {
                        problems.add("ECOSYSTEM range of unknown ecosystem '" + affected.ecosystem() + "'");
                        continue;
                    }
                    rangeScheme = scheme.get();
            }
            Optional<Version> v = parse.apply(rangeScheme, version);
            if (v.isEmpty()) {
                problems.add("'" + version + "' is not a valid " + rangeScheme.displayName() + " version");
                continue;
            }
            Optional<String> outcome = evaluateRange(range, rangeScheme, v.get(), problems, parse);
            if (outcome == null) {
                continue;
            }
            evaluated = true;
            if (outcome.isPresent()) {
                return new RangeMatch.Affected(outcome.get());
            }
        }
        if (!problems.isEmpty()) {
            return new RangeMatch.NotEvaluable(String.join("; ", problems));
        }
        if (!evaluated) {
            return new RangeMatch.NotEvaluable(affected.ranges().isEmpty()
                    ? "no ranges and no versions listed"
                    : "only GIT ranges, which name commits, not package versions");
        }
        return new RangeMatch.NotAffected();
    }

    /** "introduced 0" (no version) first, then by version; {@link List#sort} keeps ties in document order. */
    private static final Comparator<Parsed> BY_VERSION = (a, b) -> a.version() == null
            ? (b.version() == null ? 0 : -1)
            : b.version() == null ? 1 : a.version().compareTo(b.version());

    /** Returns the evidence when affected, empty when not, null when the range is not evaluable. */
    private static Optional<String> evaluateRange(OsvRange range, VersionScheme scheme, Version v,
                                                  List<String> problems,
                                                  BiFunction<VersionScheme, String, Optional<Version>> parse) {
        List<OsvEvent> given = range.events();
        List<Parsed> events = new ArrayList<>(given.size());
        List<Version> limits = null;
        boolean unlimited = false;
        for (OsvEvent e : given) {
            if (e.kind() == OsvEvent.Kind.INTRODUCED && e.version().equals("0")) {
                events.add(new Parsed(e, null));
                continue;
            }
            if (e.kind() == OsvEvent.Kind.LIMIT && e.version().equals("*")) {
                unlimited = true;
                continue;
            }
            Optional<Version> ev = parse.apply(scheme, e.version());
            if (ev.isEmpty()) {
                problems.add("event '" + e + "' is not a valid " + scheme.displayName() + " version");
                return null;
            }
            if (e.kind() == OsvEvent.Kind.LIMIT) {
                if (limits == null) {
                    limits = new ArrayList<>(1);
                }
                limits.add(ev.get());
            } else {
                events.add(new Parsed(e, ev.get()));
            }
        }
        // Events mostly come sorted; the check is the one List.sort starts with, so skipping it changes nothing.
        if (!ascending(events)) {
            events.sort(BY_VERSION);
        }
        boolean affected = false;
        for (int i = 0; i < events.size(); i++) {
            Parsed p = events.get(i);
            switch (p.event().kind()) {
                case INTRODUCED:
                    if (p.version() == null || v.compareTo(p.version()) >= 0) {
                        affected = true;
                    }
                    break;
                case FIXED:
                    if (v.compareTo(p.version()) >= 0) {
                        affected = false;
                    }
                    break;
                case LAST_AFFECTED:
                    if (v.compareTo(p.version()) > 0) {
                        affected = false;
                    }
                    break;
                default:
                    break;
            }
        }
        if (affected && !unlimited && limits != null) {
            boolean below = false;
            for (Version limit : limits) {
                if (v.compareTo(limit) < 0) {
                    below = true;
                    break;
                }
            }
            affected = below;
        }
        return affected ? Optional.of(range.toString()) : Optional.empty();
    }

    private static boolean ascending(List<Parsed> events) {
        for (int i = 1; i < events.size(); i++) {
            if (BY_VERSION.compare(events.get(i), events.get(i - 1)) < 0) {
                return false;
            }
        }
        return true;
    }
}
