package dev.containersec.sbom;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One entry of an OSV {@code affected[].ranges} list.
 *
 * @param type how the event versions are to be read
 * @param events the events, in document order
 * @param repo the repository URL of a {@link Type#GIT} range, empty otherwise
 * @see <a href="https://ossf.github.io/osv-schema/#affectedranges-field">OSV schema: ranges</a>
 */
public record OsvRange(Type type, List<OsvEvent> events, Optional<String> repo) {

    /** The OSV range types. */
    public enum Type {
        /** Event versions are SemVer 2.0.0 (Go writes them without the leading {@code v}). */
        SEMVER,
        /** Event versions are in the ecosystem's own scheme. */
        ECOSYSTEM,
        /** Event versions are git commit hashes; not evaluable against a package version. */
        GIT
    }

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException if there are no events
     */
    public OsvRange {
        Objects.requireNonNull(type, "type");
        events = List.copyOf(Objects.requireNonNull(events, "events"));
        Objects.requireNonNull(repo, "repo");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an OSV " + type + " range needs at least one event");
        }
    }

    /**
     * Creates a range without a repository.
     *
     * @param type the range type
     * @param events the events
     * @return the range
     */
    public static OsvRange of(Type type, OsvEvent... events) {
        return new OsvRange(type, List.of(events), Optional.empty());
    }

    /**
     * Returns the range in a compact form for messages.
     *
     * @return for example {@code ECOSYSTEM[introduced 2.0-beta9, fixed 2.15.0]}
     */
    @Override
    public String toString() {
        return type + events.stream().map(OsvEvent::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
