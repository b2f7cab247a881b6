/**
 * Signs and verifies container images the Sigstore cosign way: simple-signing payloads stored under the
 * {@code sha256-<hex>.sig} tag, and in-toto attestations in DSSE envelopes under {@code sha256-<hex>.att}.
 * Keys are PEM (ECDSA P-256, Ed25519, RSA of at least 2048 bits). The front doors are
 * {@link dev.containersec.signature.ImageSigner} and {@link dev.containersec.signature.ImageVerifier}; they
 * work on OCI layout directories and, through a {@code dev.containersec.image.RegistryClient} (hence
 * {@code requires transitive dev.containersec.image}), on registries.
 *
 * <p>Bouncy Castle is used through its classes directly; this module never installs a JCA provider.
 */
module dev.containersec.signature {
    requires transitive dev.containersec.api;
    requires transitive dev.containersec.image;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires org.bouncycastle.provider;

    exports dev.containersec.signature;
}
