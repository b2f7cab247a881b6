package dev.containersec.image;

import dev.containersec.api.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * Where to read an image and which image of that place: a transport, a path (or registry name), and
 * an optional tag or digest. {@link #parse(String)} reads skopeo's syntax, {@link #toString()} writes it.
 *
 * <ul>
 *   <li>{@code oci:DIR}, {@code oci:DIR:TAG}, {@code oci:DIR@sha256:...}</li>
 *   <li>{@code oci-archive:FILE}, {@code oci-archive:FILE:TAG}, {@code oci-archive:FILE@sha256:...}</li>
 *   <li>{@code docker-archive:FILE}, {@code docker-archive:FILE:REPO:TAG} (a name from {@code RepoTags})</li>
 *   <li>{@code registry:HOST/REPO[:TAG|@DIGEST]}</li>
 *   <li>a bare path: the transport is detected when the image is opened ({@link #transport()} empty)</li>
 * </ul>
 *
 * @param transport the transport, empty when it is to be detected from the path
 * @param path the directory, file or registry name
 * @param tag the tag (for docker-archive: the {@code REPO:TAG} name), when given
 * @param digest the manifest digest, when given
 */
public record ImageLocation(Optional<Transport> transport, String path, Optional<String> tag, Optional<Digest> digest) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the path is empty or both a tag and a digest are given
     */
    public ImageLocation {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("image location has an empty path");
        }
        if (tag.isPresent() && digest.isPresent() && transport.orElse(null) != Transport.REGISTRY) {
            throw new IllegalArgumentException("give a tag or a digest, not both: " + path);
        }
        if (tag.isPresent() && tag.get().isEmpty()) {
            throw new IllegalArgumentException("empty tag after ':' in image location " + path);
        }
    }

    /**
     * Parses an image argument in skopeo's syntax.
     *
     * @param text for example {@code oci:build/image:1.0} or {@code docker-archive:app.tar}
     * @return the location
     * @throws IllegalArgumentException naming the text when it cannot be parsed
     */
    public static ImageLocation parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("empty image argument");
        }
        int colon = text.indexOf(':');
        if (colon > 0) {
            Optional<Transport> transport = Transport.fromPrefix(text.substring(0, colon));
            if (transport.isPresent()) {
                return parseWithTransport(transport.get(), text.substring(colon + 1), text);
            }
        }
        return new ImageLocation(Optional.empty(), text, Optional.empty(), Optional.empty());
    }

    private static ImageLocation parseWithTransport(Transport transport, String rest, String original) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("missing path after '" + transport.prefix() + ":' in '" + original + "'");
        }
        Optional<Digest> digest = Optional.empty();
        int at = rest.lastIndexOf('@');
        if (at > 0 && rest.startsWith("sha", at + 1)) {
            try {
                digest = Optional.of(Digest.parse(rest.substring(at + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad digest in '" + original + "': " + e.getMessage(), e);
            }
            rest = rest.substring(0, at);
        }
        if (transport == Transport.REGISTRY) {
            return new ImageLocation(Optional.of(transport), rest, Optional.empty(), digest);
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        return new ImageLocation(Optional.of(transport), rest, tag, digest);
    }

    /**
     * Returns a copy with the transport set, keeping everything else.
     *
     * @param detected the transport
     * @return the resolved location
     */
    public ImageLocation withTransport(Transport detected) {
        return new ImageLocation(Optional.of(detected), path, tag, digest);
    }

    /**
     * Returns the location in skopeo's syntax.
     *
     * @return for example {@code oci:build/image:1.0}
     */
    @Override
    public String toString() {
        return transport.map(t -> t.prefix() + ":").orElse("") + path + tag.map(t -> ":" + t).orElse("")
                + digest.map(d -> "@" + d).orElse("");
    }
}
