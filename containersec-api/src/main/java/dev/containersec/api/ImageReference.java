package dev.containersec.api;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A registry image name, {@code [registry/]repository[:tag][@digest]}, following the grammar of the
 * distribution project's reference package: a first component with a dot, a colon or equal to
 * {@code localhost} is the registry; otherwise the registry is {@code docker.io} and a one-component
 * repository gains the {@code library/} prefix. {@link #toString()} writes the fully qualified form,
 * which {@link #parse(String)} reads back to an equal value.
 *
 * @param registry the registry host (with port), e.g. {@code docker.io} or {@code localhost:5000}
 * @param repository the repository path, e.g. {@code library/alpine}
 * @param tag the tag, when given
 * @param digest the manifest digest, when given
 * @see <a href="https://github.com/distribution/reference/blob/main/reference.go">distribution reference grammar</a>
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<Digest> digest) {

    /** The registry that short names such as {@code alpine} refer to. */
    public static final String DEFAULT_REGISTRY = "docker.io";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:]+\\])(?::[0-9]+)?");
    private static final int MAX_NAME_LENGTH = 255;

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException naming the bad component
     */
    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        if (!HOST.matcher(registry).matches()) {
            throw new IllegalArgumentException("invalid registry host '" + registry + "'");
        }
        if (repository.isEmpty() || repository.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("repository must be 1.." + MAX_NAME_LENGTH + " characters");
        }
        for (String component : repository.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("invalid repository component '" + component
                        + "' in '" + repository + "' (lower-case letters, digits and . _ - separators)");
            }
        }
        tag.ifPresent(t -> {
            if (!TAG.matcher(t).matches()) {
                throw new IllegalArgumentException("invalid tag '" + t + "' (up to 128 of [A-Za-z0-9_.-], not starting with . or -)");
            }
        });
    }

    /**
     * Parses an image name such as {@code alpine}, {@code ghcr.io/org/app:1.2} or
     * {@code localhost:5000/app@sha256:...}.
     *
     * @param text the reference
     * @return the reference, normalised
     * @throws IllegalArgumentException naming the text when it is not a valid reference
     */
    public static ImageReference parse(String text) {
        Objects.requireNonNull(text, "text");
        String rest = text;
        Optional<Digest> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(Digest.parse(rest.substring(at + 1)));
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        String registry = DEFAULT_REGISTRY;
        String repository = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
                registry = first;
                repository = rest.substring(slash + 1);
            }
        }
        if (registry.equals(DEFAULT_REGISTRY) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        try {
            return new ImageReference(registry, repository, tag, digest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an image reference: '" + text + "': " + e.getMessage(), e);
        }
    }

    /**
     * Returns the fully qualified reference, e.g. {@code docker.io/library/alpine:3.20}.
     *
     * @return the reference string
     */
    @Override
    public String toString() {
        return registry + "/" + repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}
