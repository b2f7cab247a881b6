package dev.containersec.signature;

import dev.containersec.api.Digest;
import java.util.Objects;

/**
 * What {@link ImageSigner} stored.
 *
 * @param image the image location as given
 * @param imageDigest the manifest digest that was signed
 * @param tag the tag the signature or attestation manifest is stored under ({@code sha256-<hex>.sig} or {@code .att})
 * @param manifestDigest the digest of that manifest
 * @param layer the digest of the new layer (the payload or the envelope)
 * @param keyId the id of the signing key
 */
public record SignResult(String image, Digest imageDigest, String tag, Digest manifestDigest, Digest layer, String keyId) {
    /** Checks the components. */
    public SignResult {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(imageDigest, "imageDigest");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(keyId, "keyId");
    }
}
