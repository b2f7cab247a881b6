package dev.containersec.signature.internal;

import dev.containersec.api.Digest;
import dev.containersec.api.ImageReference;
import dev.containersec.api.InvalidInputException;
import dev.containersec.image.Image;
import dev.containersec.image.ImageLocation;
import dev.containersec.image.ImageReader;
import dev.containersec.image.RegistryClient;
import dev.containersec.image.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Resolves an image location to the digest that signatures name and the store that holds them. The image
 * is opened with {@link ImageReader} once, so it is readable and its manifest and config digest-verified,
 * and the digest named is the one that open resolved ({@link Image#resolvedDigest()}): what the reference
 * names, as cosign and a registry resolve it — the given {@code @DIGEST}, else the digest of the
 * {@code index.json} entry the tag (or the layout's only image) names, else what the registry served for the
 * tag; for a multi-platform image that is the index, not the platform manifest the reader chose. A tag is
 * therefore resolved exactly once: a tag moved in between cannot make us sign or verify one image after
 * reading another. For {@code registry:HOST/REPO[:TAG|@DIGEST]} the reader's
 * {@link dev.containersec.image.RegistryClient} is used (so its credentials, trust and insecure hosts apply),
 * and the signatures live as tags of the same repository.
 */
public final class Targets {

    /**
     * A resolved image.
     *
     * @param location the location as given
     * @param store where its signatures live
     * @param digest the manifest digest signatures name
     * @param dockerReference the default {@code docker-reference} claim: the layout directory as given,
     *     or the registry repository ({@code HOST/REPO})
     */
    public record Target(String location, ArtifactStore store, Digest digest, String dockerReference) {
    }

    private Targets() {
    }

    /**
     * Resolves a location: opens the image once and pins the digest that open resolved.
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
        checkTransport(location, transport);
        ImageLocation open = parsed.withTransport(transport);
        if (transport == Transport.OCI && parsed.tag().isEmpty() && parsed.digest().isEmpty()) {
            // The reader ignores sha256-<hex>.sig entries too; naming the digest keeps what is opened and
            // what is signed the same entry.
            List<Digest> images = new OciLayoutStore(Path.of(parsed.path())).imageEntries();
            if (images.size() == 1) {
                open = new ImageLocation(Optional.of(Transport.OCI), parsed.path(), Optional.empty(), Optional.of(images.get(0)));
            }
        }
        try (Image image = reader.open(open)) {
            return pinned(location, image, reader.registryClient());
        }
    }

    /**
     * Targets an image already opened, by the digest its open resolved; nothing is resolved again.
     *
     * @param location the location to report
     * @param image the opened image, from an {@code oci:} layout or a {@code registry:}
     * @param client the client that reads signatures of {@code registry:} images
     * @return the target
     * @throws InvalidInputException when the image's transport cannot hold signatures or it has no digest
     */
    public static Target pinned(String location, Image image, RegistryClient client) {
        ImageLocation at = image.location();
        Transport transport = at.transport().orElse(null);
        checkTransport(location, transport);
        Digest named = image.resolvedDigest().orElseThrow(() ->
                new InvalidInputException(location, "the image has no manifest digest that signatures could name"));
        if (transport == Transport.OCI) {
            return new Target(location, new OciLayoutStore(Path.of(at.path())), named, at.path());
        }
        ImageReference ref;
        try {
            ref = ImageReference.parse(at.path());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(location, "not a registry image name: " + e.getMessage(), e);
        }
        return new Target(location, new RegistryStore(client, ref), named, ref.registry() + "/" + ref.repository());
    }

    private static void checkTransport(String location, Transport transport) {
        if (transport != Transport.OCI && transport != Transport.REGISTRY) {
            throw new InvalidInputException(location, "signatures are stored in OCI layout directories (oci:DIR[:TAG])"
                    + " and registries (registry:HOST/REPO[:TAG|@DIGEST]); "
                    + (transport == null ? "this is neither" : transport.prefix() + ": is not supported"));
        }
    }
}
