package dev.containersec.signature;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.Digest;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.ImageReader;
import dev.containersec.image.RegistryClient;
import dev.containersec.signature.internal.ArtifactStore;
import dev.containersec.signature.internal.CosignFormat;
import dev.containersec.signature.internal.JsonCodec;
import dev.containersec.signature.internal.Targets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs images the cosign way and stores the result beside the image. Immutable and thread-safe.
 *
 * <pre>{@code
 * ImageSigner signer = ImageSigner.builder(Keys.parsePrivateKey(pem)).build();
 * SignResult signed = signer.sign("oci:build/app:1.0");
 * signer.attest("oci:build/app:1.0", sbomJson, "https://cyclonedx.org/bom");
 * }</pre>
 *
 * <p>A signature is a simple-signing payload naming the image's manifest digest, signed with the key,
 * stored as a layer of the manifest tagged {@code sha256-<hex>.sig}; signing again (with another key)
 * appends a layer. An attestation is an in-toto Statement (v0.1, as cosign writes) whose subject is the
 * image digest, in a DSSE envelope, stored under {@code sha256-<hex>.att}. They are stored in OCI layout
 * directories ({@code oci:DIR[:TAG]}, entries of {@code index.json}) and registries
 * ({@code registry:HOST/REPO[:TAG|@DIGEST]}, tags of the image's repository, pushed with the
 * {@link Builder#registryClient(RegistryClient) registry client}).
 */
public final class ImageSigner {
    private static final Logger LOG = LoggerFactory.getLogger(ImageSigner.class);

    private final SigningKey key;
    private final Optional<String> dockerReference;
    private final Map<String, String> annotations;
    private final ImageReader reader;
    private final int maxLayers;

    private ImageSigner(Builder b) {
        this.key = b.key;
        this.dockerReference = b.dockerReference;
        this.annotations = Map.copyOf(b.annotations);
        ImageReader.Builder reader = ImageReader.builder().limits(b.limits);
        if (b.registryClient != null) {
            reader.registryClient(b.registryClient);
        }
        this.reader = reader.build();
        this.maxLayers = b.maxLayers;
    }

    /**
     * Starts a builder.
     *
     * @param key the key to sign with
     * @return the builder
     */
    public static Builder builder(SigningKey key) {
        return new Builder(key);
    }

    /**
     * Signs an image and stores the signature under {@code sha256-<hex>.sig}.
     *
     * @param location the image, {@code oci:DIR[:TAG|@DIGEST]} or {@code registry:HOST/REPO[:TAG|@DIGEST]}
     * @return what was stored
     * @throws InvalidInputException when the image cannot be read or cannot hold signatures
     */
    public SignResult sign(String location) {
        Targets.Target target = Targets.resolve(location, reader);
        byte[] payload = CosignFormat.simpleSigningPayload(dockerReference.orElse(target.dockerReference()), target.digest(), annotations);
        String signature = Base64.getEncoder().encodeToString(key.sign(payload));
        ArtifactStore store = target.store();
        Digest layer = store.putBlob(payload);
        String tag = CosignFormat.signatureTag(target.digest());
        Digest manifest = append(store, tag, new CosignFormat.Layer(CosignFormat.SIMPLE_SIGNING, layer, payload.length,
                Map.of(CosignFormat.SIGNATURE_ANNOTATION, signature)));
        LOG.debug("signed {} ({}) with key {}", location, target.digest(), key.keyId());
        return new SignResult(location, target.digest(), tag, manifest, layer, key.keyId());
    }

    /**
     * Attests a predicate about an image: wraps it in an in-toto Statement whose subject is the image
     * digest, signs that in a DSSE envelope and stores it under {@code sha256-<hex>.att}.
     *
     * @param location the image, {@code oci:DIR[:TAG|@DIGEST]} or {@code registry:HOST/REPO[:TAG|@DIGEST]}
     * @param predicateJson the predicate, a JSON object (for example a CycloneDX SBOM)
     * @param predicateType the predicate type URI, e.g. {@code https://cyclonedx.org/bom}
     * @return what was stored
     * @throws InvalidInputException when the predicate is not a JSON object or the image cannot hold attestations
     */
    public SignResult attest(String location, byte[] predicateJson, String predicateType) {
        Objects.requireNonNull(predicateJson, "predicateJson");
        Objects.requireNonNull(predicateType, "predicateType");
        if (predicateType.isBlank()) {
            throw new IllegalArgumentException("predicateType must not be blank");
        }
        JsonNode predicate = JsonCodec.object(predicateJson, "predicate");
        Targets.Target target = Targets.resolve(location, reader);
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("_type", CosignFormat.STATEMENT_V01);
        statement.put("predicateType", predicateType);
        statement.put("subject", List.of(Map.of("name", dockerReference.orElse(target.dockerReference()),
                "digest", Map.of(target.digest().algorithm().ociName(), target.digest().hex()))));
        statement.put("predicate", predicate);
        byte[] body = JsonCodec.write(statement);
        byte[] sig = key.sign(CosignFormat.pae(CosignFormat.IN_TOTO_PAYLOAD_TYPE, body));
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("payloadType", CosignFormat.IN_TOTO_PAYLOAD_TYPE);
        envelope.put("payload", Base64.getEncoder().encodeToString(body));
        envelope.put("signatures", List.of(Map.of("keyid", key.keyId(), "sig", Base64.getEncoder().encodeToString(sig))));
        byte[] envelopeBytes = JsonCodec.write(envelope);
        ArtifactStore store = target.store();
        Digest layer = store.putBlob(envelopeBytes);
        String tag = CosignFormat.attestationTag(target.digest());
        Digest manifest = append(store, tag, new CosignFormat.Layer(CosignFormat.DSSE_ENVELOPE, layer, envelopeBytes.length,
                Map.of(CosignFormat.PREDICATE_TYPE_ANNOTATION, predicateType)));
        return new SignResult(location, target.digest(), tag, manifest, layer, key.keyId());
    }

    private Digest append(ArtifactStore store, String tag, CosignFormat.Layer added) {
        List<CosignFormat.Layer> layers = new ArrayList<>();
        store.manifest(tag, 4L << 20).ifPresent(existing ->
                layers.addAll(CosignFormat.parseManifest(existing.bytes(), store.describe() + " " + tag, maxLayers)));
        layers.removeIf(l -> l.digest().equals(added.digest()) && l.annotations().equals(added.annotations()));
        layers.add(added);
        if (layers.size() > maxLayers) {
            throw new LimitExceededException(store.describe() + " " + tag, ScanLimits.Limit.LAYERS, maxLayers, layers.size());
        }
        byte[] config = CosignFormat.config(layers);
        Digest configDigest = store.putBlob(config);
        byte[] manifest = CosignFormat.manifest(configDigest, config.length, layers);
        return store.putManifest(tag, CosignFormat.OCI_MANIFEST, manifest);
    }

    /** Configures an {@link ImageSigner}. */
    public static final class Builder {
        private final SigningKey key;
        private Optional<String> dockerReference = Optional.empty();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private ScanLimits limits = ScanLimits.defaults();
        private RegistryClient registryClient;
        private int maxLayers = ImageVerifier.DEFAULT_MAX_LAYERS;

        private Builder(SigningKey key) {
            this.key = Objects.requireNonNull(key, "key");
        }

        /**
         * Sets the {@code docker-reference} claim (and the attestation subject's name). Default: the
         * layout directory as given in the location, or the registry repository ({@code HOST/REPO}).
         *
         * @param reference for example {@code registry.example/team/app}
         * @return this builder
         */
        public Builder dockerReference(String reference) {
            Objects.requireNonNull(reference, "reference");
            if (reference.isBlank() || reference.length() > 1024) {
                throw new IllegalArgumentException("docker reference must be 1 to 1024 characters, got " + reference.length());
            }
            this.dockerReference = Optional.of(reference);
            return this;
        }

        /**
         * Adds a claim to the payload's {@code optional} section.
         *
         * @param key the claim name
         * @param value its value
         * @return this builder
         */
        public Builder annotation(String key, String value) {
            annotations.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets the client for {@code registry:} images: the image is read, and signatures are pushed, through
         * it, so its credentials, CA certificates and insecure hosts apply. Default: one
         * {@link RegistryClient#create()} makes (Docker's credentials, the system trust store) on first use.
         *
         * @param client the client
         * @return this builder
         */
        public Builder registryClient(RegistryClient client) {
            this.registryClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Sets the bounds used while reading the image.
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(ScanLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Sets how many signature layers one manifest may hold after appending (default
         * {@value ImageVerifier#DEFAULT_MAX_LAYERS}).
         *
         * @param maxLayers a positive count
         * @return this builder
         */
        public Builder maxLayers(int maxLayers) {
            if (maxLayers <= 0) {
                throw new IllegalArgumentException("maxLayers must be positive, got " + maxLayers);
            }
            this.maxLayers = maxLayers;
            return this;
        }

        /**
         * Builds the signer.
         *
         * @return the signer
         */
        public ImageSigner build() {
            return new ImageSigner(this);
        }
    }

}
