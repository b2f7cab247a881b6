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
 * is opened with {@link ImageReader} first, so it is readable and its manifest and config digest-verified.
 * The digest named is what the reference names, as cosign and a registry resolve it: the given
 * {@code @DIGEST}, else the digest of the {@code index.json} entry the tag (or the layout's only image)
 * names — for a multi-platform image that is the index, not the platform manifest the reader chose.
 * For {@code registry:HOST/REPO[:TAG|@DIGEST]} the tag is resolved with the reader's
 * {@link dev.containersec.image.RegistryClient} (so its credentials, trust and insecure hosts apply),
 * the image is opened by that digest, and the signatures live as tags of the same repository.
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
        if (transport == Transport.REGISTRY) {
            return resolveRegistry(location, parsed, reader);
        }
        if (transport != Transport.OCI) {
            throw new InvalidInputException(location, "signatures are stored in OCI layout directories (oci:DIR[:TAG])"
                    + " and registries (registry:HOST/REPO[:TAG|@DIGEST]); "
                    + (transport == null ? "this is neither" : transport.prefix() + ": is not supported"));
        }
        OciLayoutStore store = new OciLayoutStore(Path.of(parsed.path()));
        ImageLocation open = parsed.withTransport(Transport.OCI);
        if (parsed.tag().isEmpty() && parsed.digest().isEmpty()) {
            // The reader ignores sha256-<hex>.sig entries too; naming the digest keeps what is opened and
            // what is signed the same entry.
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

    private static Target resolveRegistry(String location, ImageLocation parsed, ImageReader reader) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(parsed.path() + parsed.digest().map(d -> "@" + d).orElse(""));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(location, "not a registry image name: " + e.getMessage(), e);
        }
        RegistryClient client = reader.registryClient();
        // Resolve the tag once and open that digest, so a tag moved in between cannot make us sign one
        // image after reading another. Like cosign, a multi-platform tag names its index.
        Digest named = ref.digest().orElseGet(() -> client.fetchManifest(ref).digest());
        String repository = ref.registry() + "/" + ref.repository();
        try (Image image = reader.open(new ImageLocation(Optional.of(Transport.REGISTRY), repository, Optional.empty(),
                Optional.of(named)))) {
            image.manifest().digest().orElseThrow(() -> new InvalidInputException(location, "the image has no manifest digest to sign"));
        }
        return new Target(location, new RegistryStore(client, ref), named, repository);
    }
}
