package dev.containersec.signature;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.Digest;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.Image;
import dev.containersec.image.ImageReader;
import dev.containersec.image.RegistryClient;
import dev.containersec.signature.internal.ArtifactStore;
import dev.containersec.signature.internal.CosignFormat;
import dev.containersec.signature.internal.JsonCodec;
import dev.containersec.signature.internal.Targets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the cosign signatures (and, when asked, in-toto attestations) stored beside an image against
 * a set of trusted public keys. Immutable and thread-safe.
 *
 * <pre>{@code
 * ImageVerifier verifier = ImageVerifier.builder()
 *     .key(Keys.parsePublicKey(Files.readString(Path.of("cosign.pub"))))
 *     .attestations(true)
 *     .build();
 * VerificationResult result = verifier.verify("oci:build/app:1.0");
 * if (!result.signed()) { ... }
 * }</pre>
 *
 * <p>A signature counts as verified when: its layer has the simple-signing media type and its blob
 * matches its digest; its {@code dev.cosignproject.cosign/signature} annotation is base64 of a signature
 * over the exact payload bytes under one of the keys; and the payload's {@code critical.type} is cosign's
 * and its {@code docker-manifest-digest} is this image's digest (a signature copied from another image is
 * rejected). The {@code docker-reference} claim is reported, not enforced. An attestation counts when its
 * DSSE envelope verifies over the pre-authentication encoding under one of the keys and its in-toto
 * Statement (v0.1 or v1) names this image's digest as a subject. Everything else found is reported as
 * rejected with a reason; only unreadable stores and exceeded bounds throw.
 *
 * <p>Not checked: Rekor transparency-log inclusion, Fulcio certificates (keyless signing), timestamps.
 */
public final class ImageVerifier {
    /** The default bound on layers in one signature or attestation manifest. */
    public static final int DEFAULT_MAX_LAYERS = 64;
    /** The default bound on a simple-signing payload. */
    public static final long DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
    private static final int MAX_ENVELOPE_SIGNATURES = 16;
    private static final Logger LOG = LoggerFactory.getLogger(ImageVerifier.class);
    private static final Set<String> STATEMENT_TYPES = Set.of(CosignFormat.STATEMENT_V01, CosignFormat.STATEMENT_V1);

    private final List<VerificationKey> keys;
    private final boolean attestations;
    private final ImageReader reader;
    private final ScanLimits limits;
    private final int maxLayers;
    private final long maxPayloadBytes;

    private ImageVerifier(Builder b) {
        this.keys = List.copyOf(new LinkedHashSet<>(b.keys));
        this.attestations = b.attestations;
        this.limits = b.limits;
        ImageReader.Builder reader = ImageReader.builder().limits(b.limits);
        if (b.registryClient != null) {
            reader.registryClient(b.registryClient);
        }
        this.reader = reader.build();
        this.maxLayers = b.maxLayers;
        this.maxPayloadBytes = b.maxPayloadBytes;
    }

    /**
     * Starts a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the trusted keys.
     *
     * @return the keys, without duplicates
     */
    public List<VerificationKey> keys() {
        return keys;
    }

    /**
     * Reads the image, then checks every signature (and attestation, when enabled) stored for it.
     *
     * @param location the image, {@code oci:DIR[:TAG|@DIGEST]} or {@code registry:HOST/REPO[:TAG|@DIGEST]}
     * @return every signature and attestation found, verified or rejected with a reason
     * @throws InvalidInputException when the image or its signature manifest cannot be read
     * @throws dev.containersec.api.LimitExceededException when a manifest has more layers than allowed
     */
    public VerificationResult verify(String location) {
        return verify(Targets.resolve(location, reader));
    }

    /**
     * Checks every signature (and attestation, when enabled) stored for an image already opened, by the digest
     * its open resolved ({@link Image#resolvedDigest()}: for a multi-platform tag, the index). The location is
     * not resolved again: signatures are looked up as {@code sha256-<hex>.sig} of that digest, so a tag moved
     * after the open cannot make the signatures checked belong to another image than the one read. Use this
     * when the same image is also judged by its contents (as {@code containersec policy check} does).
     *
     * <p>The image's own layers are not read; {@code registry:} signatures are fetched through this
     * verifier's {@link Builder#registryClient(RegistryClient) client}, {@code oci:} ones from the layout's
     * {@code index.json}.
     *
     * @param image an image opened from {@code oci:DIR[:TAG|@DIGEST]} or {@code registry:HOST/REPO[:TAG|@DIGEST]}
     * @return every signature and attestation found, verified or rejected with a reason; its
     *     {@link VerificationResult#image()} is {@code image.location()} and its digest the resolved one
     * @throws InvalidInputException when the image is from another transport or has no resolved digest
     *     (docker-archive), or a signature manifest cannot be read
     * @throws dev.containersec.api.LimitExceededException when a manifest has more layers than allowed
     */
    public VerificationResult verify(Image image) {
        Objects.requireNonNull(image, "image");
        return verify(Targets.pinned(image.location().toString(), image, reader.registryClient()));
    }

    private VerificationResult verify(Targets.Target target) {
        ArtifactStore store = target.store();
        List<SignatureCheck> signatures = new ArrayList<>();
        String sigTag = CosignFormat.signatureTag(target.digest());
        Optional<ArtifactStore.Manifest> sigManifest = store.manifest(sigTag, limits.maxDocumentBytes());
        if (sigManifest.isPresent()) {
            for (CosignFormat.Layer layer : CosignFormat.parseManifest(sigManifest.get().bytes(),
                    store.describe() + " " + sigTag, maxLayers)) {
                signatures.add(checkSignature(store, layer, target.digest()));
            }
        }
        List<AttestationCheck> atts = new ArrayList<>();
        if (attestations) {
            String attTag = CosignFormat.attestationTag(target.digest());
            Optional<ArtifactStore.Manifest> attManifest = store.manifest(attTag, limits.maxDocumentBytes());
            if (attManifest.isPresent()) {
                for (CosignFormat.Layer layer : CosignFormat.parseManifest(attManifest.get().bytes(),
                        store.describe() + " " + attTag, maxLayers)) {
                    atts.add(checkAttestation(store, layer, target.digest()));
                }
            }
        }
        LOG.debug("{} ({}): {} signatures, {} attestations", target.location(), target.digest(), signatures.size(), atts.size());
        return new VerificationResult(target.location(), target.digest(), signatures, atts);
    }

    private SignatureCheck checkSignature(ArtifactStore store, CosignFormat.Layer layer, Digest image) {
        if (!layer.mediaType().equals(CosignFormat.SIMPLE_SIGNING)) {
            return rejected(layer, "layer media type '" + layer.mediaType() + "' is not " + CosignFormat.SIMPLE_SIGNING);
        }
        if (layer.size() > maxPayloadBytes) {
            return rejected(layer, "payload of " + layer.size() + " bytes exceeds the limit of " + maxPayloadBytes);
        }
        String annotation = layer.annotations().get(CosignFormat.SIGNATURE_ANNOTATION);
        if (annotation == null) {
            return rejected(layer, "no " + CosignFormat.SIGNATURE_ANNOTATION + " annotation");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(annotation);
        } catch (IllegalArgumentException e) {
            return rejected(layer, "signature annotation is not valid base64");
        }
        byte[] payload;
        try {
            payload = store.blob(layer.digest(), maxPayloadBytes);
        } catch (InvalidInputException e) {
            return rejected(layer, "payload blob: " + e.getMessage());
        }
        if (payload.length != layer.size()) {
            return rejected(layer, "payload is " + payload.length + " bytes but the layer says " + layer.size());
        }
        Optional<VerificationKey> key = keys.stream().filter(k -> k.verify(payload, signature)).findFirst();
        if (key.isEmpty()) {
            return rejected(layer, "no given key verifies the signature");
        }
        CosignFormat.Claims claims;
        try {
            claims = CosignFormat.parsePayload(payload, "payload " + layer.digest().shortForm());
        } catch (InvalidInputException e) {
            return new SignatureCheck(layer.digest(), Optional.of(key.get().keyId()), Optional.of(key.get().algorithm()),
                    Optional.empty(), false, "signed payload is not a cosign signature: " + e.getMessage());
        }
        if (!claims.image().equals(image)) {
            return new SignatureCheck(layer.digest(), Optional.of(key.get().keyId()), Optional.of(key.get().algorithm()),
                    Optional.of(claims.dockerReference()), false, "payload signs " + claims.image()
                    + ", not this image " + image + " (a signature copied from another image)");
        }
        return new SignatureCheck(layer.digest(), Optional.of(key.get().keyId()), Optional.of(key.get().algorithm()),
                Optional.of(claims.dockerReference()), true, "");
    }

    private static SignatureCheck rejected(CosignFormat.Layer layer, String reason) {
        return new SignatureCheck(layer.digest(), Optional.empty(), Optional.empty(), Optional.empty(), false, reason);
    }

    private AttestationCheck checkAttestation(ArtifactStore store, CosignFormat.Layer layer, Digest image) {
        String annotated = layer.annotations().getOrDefault(CosignFormat.PREDICATE_TYPE_ANNOTATION, "");
        if (!layer.mediaType().equals(CosignFormat.DSSE_ENVELOPE)) {
            return rejectedAtt(layer, annotated, "layer media type '" + layer.mediaType() + "' is not " + CosignFormat.DSSE_ENVELOPE);
        }
        if (layer.size() > limits.maxDocumentBytes()) {
            return rejectedAtt(layer, annotated, "envelope of " + layer.size() + " bytes exceeds the limit of " + limits.maxDocumentBytes());
        }
        String subject = "envelope " + layer.digest().shortForm();
        try {
            JsonNode envelope = JsonCodec.object(store.blob(layer.digest(), limits.maxDocumentBytes()), subject);
            String payloadType = JsonCodec.text(envelope, "payloadType", subject);
            if (!payloadType.equals(CosignFormat.IN_TOTO_PAYLOAD_TYPE)) {
                return rejectedAtt(layer, annotated, "payloadType '" + payloadType + "' is not " + CosignFormat.IN_TOTO_PAYLOAD_TYPE);
            }
            byte[] body;
            try {
                body = Base64.getDecoder().decode(JsonCodec.text(envelope, "payload", subject));
            } catch (IllegalArgumentException e) {
                return rejectedAtt(layer, annotated, "envelope payload is not valid base64");
            }
            JsonNode sigs = envelope.get("signatures");
            if (sigs == null || !sigs.isArray() || sigs.isEmpty()) {
                return rejectedAtt(layer, annotated, "envelope has no signatures");
            }
            if (sigs.size() > MAX_ENVELOPE_SIGNATURES) {
                return rejectedAtt(layer, annotated, "envelope has " + sigs.size() + " signatures, more than " + MAX_ENVELOPE_SIGNATURES);
            }
            byte[] pae = CosignFormat.pae(payloadType, body);
            Optional<VerificationKey> key = Optional.empty();
            for (JsonNode s : sigs) {
                byte[] sig;
                try {
                    sig = Base64.getDecoder().decode(s.path("sig").asText(""));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                key = keys.stream().filter(k -> k.verify(pae, sig)).findFirst();
                if (key.isPresent()) {
                    break;
                }
            }
            if (key.isEmpty()) {
                return rejectedAtt(layer, annotated, "no given key verifies the envelope");
            }
            JsonNode statement = JsonCodec.object(body, "statement " + layer.digest().shortForm());
            Optional<String> keyId = Optional.of(key.get().keyId());
            String type = statement.path("_type").asText("");
            if (!STATEMENT_TYPES.contains(type)) {
                return new AttestationCheck(layer.digest(), annotated, keyId, false, "statement _type '" + type
                        + "' is not an in-toto Statement v0.1 or v1", Optional.empty());
            }
            String predicateType = statement.path("predicateType").asText("");
            if (!annotated.isEmpty() && !annotated.equals(predicateType)) {
                return new AttestationCheck(layer.digest(), annotated, keyId, false, "layer annotation says predicateType '"
                        + annotated + "' but the signed statement says '" + predicateType + "'", Optional.empty());
            }
            if (!namesSubject(statement.get("subject"), image)) {
                return new AttestationCheck(layer.digest(), predicateType, keyId, false,
                        "the statement's subjects do not include this image " + image, Optional.empty());
            }
            JsonNode predicate = statement.get("predicate");
            String predicateJson = predicate == null ? "null" : new String(JsonCodec.write(predicate), StandardCharsets.UTF_8);
            return new AttestationCheck(layer.digest(), predicateType, keyId, true, "", Optional.of(predicateJson));
        } catch (InvalidInputException e) {
            return rejectedAtt(layer, annotated, e.getMessage());
        }
    }

    private static boolean namesSubject(JsonNode subjects, Digest image) {
        if (subjects == null || !subjects.isArray()) {
            return false;
        }
        for (JsonNode s : subjects) {
            if (image.hex().equals(s.path("digest").path(image.algorithm().ociName()).asText(null))) {
                return true;
            }
        }
        return false;
    }

    private static AttestationCheck rejectedAtt(CosignFormat.Layer layer, String predicateType, String reason) {
        return new AttestationCheck(layer.digest(), predicateType, Optional.empty(), false, reason, Optional.empty());
    }

    /** Configures an {@link ImageVerifier}. */
    public static final class Builder {
        private final List<VerificationKey> keys = new ArrayList<>();
        private boolean attestations;
        private ScanLimits limits = ScanLimits.defaults();
        private RegistryClient registryClient;
        private int maxLayers = DEFAULT_MAX_LAYERS;
        private long maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;

        private Builder() {
        }

        /**
         * Adds a trusted key.
         *
         * @param key the key
         * @return this builder
         */
        public Builder key(VerificationKey key) {
            keys.add(Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * Adds trusted keys.
         *
         * @param keys the keys
         * @return this builder
         */
        public Builder keys(List<VerificationKey> keys) {
            keys.forEach(this::key);
            return this;
        }

        /**
         * Also checks attestations ({@code sha256-<hex>.att}). Off by default.
         *
         * @param check true to check them
         * @return this builder
         */
        public Builder attestations(boolean check) {
            this.attestations = check;
            return this;
        }

        /**
         * Sets the client for {@code registry:} images: the image is read, and signatures are fetched, through
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
         * Sets the bounds used while reading the image, manifests ({@code maxDocumentBytes}) and envelopes.
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(ScanLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Sets how many layers a signature or attestation manifest may have (default {@value ImageVerifier#DEFAULT_MAX_LAYERS}).
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
         * Sets the largest simple-signing payload read (default 64 KiB); larger layers are rejected.
         *
         * @param bytes a positive size
         * @return this builder
         */
        public Builder maxPayloadBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxPayloadBytes must be positive, got " + bytes);
            }
            this.maxPayloadBytes = bytes;
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @return the verifier
         * @throws IllegalStateException when no key was given
         */
        public ImageVerifier build() {
            if (keys.isEmpty()) {
                throw new IllegalStateException("give at least one key to verify with");
            }
            return new ImageVerifier(this);
        }

    }
}
