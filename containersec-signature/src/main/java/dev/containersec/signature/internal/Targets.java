package dev.containersec.signature.internal;

import dev.containersec.api.Digest;
import dev.containersec.api.InvalidInputException;
import dev.containersec.image.Image;
import dev.containersec.image.ImageLocation;
import dev.containersec.image.ImageReader;
import dev.containersec.image.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Resolves an image location to the digest that signatures name and the store that holds them. The image
 * is opened with {@link ImageReader} first, so it is readable and its manifest and config digest-verified.
 * The digest named is what the reference names, as cosign and a registry resolve it: the given
 * {@code @DIGEST}, else the digest of the {@code index.json} entry the tag (or the layout's only image)
 * names — for a multi-platform image that is the index, not the platform manifest the reader chose.
 * A registry transport would add one branch here, resolving the tag through the registry client.
 */
public final class Targets {

    /**
     * A resolved image.
     *
     * @param location the location as given
     * @param store where its signatures live
     * @param digest the manifest digest signatures name
     * @param path the layout directory (the default docker-reference)
     */
    public record Target(String location, ArtifactStore store, Digest digest, String path) {
    }

    private Targets() {
    }

    /**
     * Resolves a location.
     *
     * @param location for example {@code oci:build/image:1.0}
     * @param reader the reader that opens (and verifies) the image
     * @return the target
     * @throws InvalidInputException when the location cannot hold signatures or the image is unreadable
     */
    public static Target resolve(String location, ImageReader reader) {
        ImageLocation parsed;
        try {
            parsed = ImageLocation.parse(location);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(location, e.getMessage(), e);
        }
        Transport transport = parsed.transport().orElseGet(() ->
                Files.isRegularFile(Path.of(parsed.path()).resolve("oci-layout")) ? Transport.OCI : null);
        if (transport != Transport.OCI) {
            throw new InvalidInputException(location, "signatures are stored only in OCI layout directories (oci:DIR[:TAG]) for now;"
                    + " " + (transport == null ? "this is not one" : transport.prefix() + ": is not supported"));
        }
        OciLayoutStore store = new OciLayoutStore(Path.of(parsed.path()));
        ImageLocation open = parsed.withTransport(Transport.OCI);
        if (parsed.tag().isEmpty() && parsed.digest().isEmpty()) {
            // Signing adds sha256-<hex>.sig entries to index.json; they must not make the image ambiguous.
            List<Digest> images = store.imageEntries();
            if (images.size() == 1) {
                open = new ImageLocation(Optional.of(Transport.OCI), parsed.path(), Optional.empty(), Optional.of(images.get(0)));
            }
        }
        Digest chosen;
        try (Image image = reader.open(open)) {
            chosen = image.manifest().digest().orElseThrow(() ->
                    new InvalidInputException(location, "the image has no manifest digest to sign"));
        }
        // Like cosign, sign what the reference names: for a tag of a multi-platform index, the index.
        Digest named = open.digest().or(() -> parsed.tag().flatMap(store::entry)).orElse(chosen);
        return new Target(location, store, named, parsed.path());
    }
}
