package dev.containersec.signature.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.Digest;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * cosign's storage convention and documents: the {@code sha256-<hex>.sig} / {@code .att} tags, the
 * simple-signing payload, the signature manifest and its config, and DSSE's pre-authentication encoding.
 *
 * @see <a href="https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md">cosign signature spec</a>
 * @see <a href="https://github.com/secure-systems-lab/dsse/blob/master/protocol.md">DSSE protocol</a>
 */
public final class CosignFormat {
    /** Media type of a simple-signing payload layer. */
    public static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
    /** Media type of a DSSE envelope layer. */
    public static final String DSSE_ENVELOPE = "application/vnd.dsse.envelope.v1+json";
    /** The layer annotation holding the base64 signature. */
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    /** The layer annotation naming an attestation's predicate type. */
    public static final String PREDICATE_TYPE_ANNOTATION = "predicateType";
    /** OCI image manifest media type. */
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    /** Docker schema 2 manifest media type (older registries store cosign manifests so). */
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    /** OCI image config media type, used for the signature manifest's config. */
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    /** The {@code critical.type} of a cosign signature payload. */
    public static final String SIGNATURE_TYPE = "cosign container image signature";
    /** DSSE payload type of an in-toto statement. */
    public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
    /** in-toto Statement v0.1, what cosign attest writes. */
    public static final String STATEMENT_V01 = "https://in-toto.io/Statement/v0.1";
    /** in-toto Statement v1. */
    public static final String STATEMENT_V1 = "https://in-toto.io/Statement/v1";

    private static final Pattern ARTIFACT_TAG = Pattern.compile("sha256-[0-9a-f]{64}\\.(sig|att|sbom)");

    /**
     * A layer of a signature or attestation manifest.
     *
     * @param mediaType the layer media type
     * @param digest the blob digest
     * @param size the blob size the manifest states
     * @param annotations the layer annotations
     */
    public record Layer(String mediaType, Digest digest, long size, Map<String, String> annotations) {
        /** Copies the annotations. */
        public Layer {
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(digest, "digest");
            annotations = Map.copyOf(annotations);
        }
    }

    private CosignFormat() {
    }

    /**
     * Returns the tag under which signatures of an image are stored.
     *
     * @param image the image manifest digest
     * @return {@code sha256-<hex>.sig}
     */
    public static String signatureTag(Digest image) {
        return image.algorithm().ociName() + "-" + image.hex() + ".sig";
    }

    /**
     * Returns the tag under which attestations of an image are stored.
     *
     * @param image the image manifest digest
     * @return {@code sha256-<hex>.att}
     */
    public static String attestationTag(Digest image) {
        return image.algorithm().ociName() + "-" + image.hex() + ".att";
    }

    /**
     * Tells whether a tag is one of cosign's artifact tags.
     *
     * @param tag a tag
     * @return true for {@code sha256-<hex>.sig}, {@code .att} and {@code .sbom}
     */
    public static boolean isArtifactTag(String tag) {
        return ARTIFACT_TAG.matcher(tag).matches();
    }

    /**
     * Writes a simple-signing payload with cosign's field order.
     *
     * @param dockerReference the repository the image is known as
     * @param image the image manifest digest
     * @param optional extra claims, or an empty map for {@code "optional":null}
     * @return the payload bytes (what is signed)
     */
    public static byte[] simpleSigningPayload(String dockerReference, Digest image, Map<String, String> optional) {
        Map<String, Object> critical = new LinkedHashMap<>();
        critical.put("identity", Map.of("docker-reference", dockerReference));
        critical.put("image", Map.of("docker-manifest-digest", image.toString()));
        critical.put("type", SIGNATURE_TYPE);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("critical", critical);
        payload.put("optional", optional.isEmpty() ? null : new LinkedHashMap<>(optional));
        return JsonCodec.write(payload);
    }

    /**
     * The claims of a simple-signing payload.
     *
     * @param dockerReference the {@code critical.identity.docker-reference}
     * @param image the {@code critical.image.docker-manifest-digest}
     */
    public record Claims(String dockerReference, Digest image) {
    }

    /**
     * Reads a simple-signing payload, checking its type.
     *
     * @param payload the payload bytes
     * @param subject what is being read
     * @return the claims
     * @throws InvalidInputException when malformed or of another type
     */
    public static Claims parsePayload(byte[] payload, String subject) {
        JsonNode root = JsonCodec.object(payload, subject);
        JsonNode critical = JsonCodec.child(root, "critical", subject);
        String type = JsonCodec.text(critical, "type", subject);
        if (!SIGNATURE_TYPE.equals(type)) {
            throw new InvalidInputException(subject, "critical.type is '" + abbreviate(type) + "', not '" + SIGNATURE_TYPE + "'");
        }
        String reference = JsonCodec.text(JsonCodec.child(critical, "identity", subject), "docker-reference", subject);
        String digest = JsonCodec.text(JsonCodec.child(critical, "image", subject), "docker-manifest-digest", subject);
        try {
            return new Claims(reference, Digest.parse(digest));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(subject, "critical.image.docker-manifest-digest: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the layers of a signature or attestation manifest.
     *
     * @param manifest the manifest bytes
     * @param subject what is being read
     * @param maxLayers the most layers accepted
     * @return the layers in order
     */
    public static List<Layer> parseManifest(byte[] manifest, String subject, int maxLayers) {
        JsonNode root = JsonCodec.object(manifest, subject);
        if (root.path("schemaVersion").asInt(-1) != 2) {
            throw new InvalidInputException(subject, "schemaVersion must be 2");
        }
        String mediaType = root.path("mediaType").asText(OCI_MANIFEST);
        if (!mediaType.equals(OCI_MANIFEST) && !mediaType.equals(DOCKER_MANIFEST)) {
            throw new InvalidInputException(subject, "media type '" + abbreviate(mediaType) + "' is not an image manifest");
        }
        JsonNode layers = root.get("layers");
        if (layers == null || !layers.isArray()) {
            throw new InvalidInputException(subject, "missing 'layers' array");
        }
        if (layers.size() > maxLayers) {
            throw new LimitExceededException(subject, ScanLimits.Limit.LAYERS, maxLayers, layers.size());
        }
        List<Layer> out = new ArrayList<>();
        int i = 0;
        for (JsonNode layer : layers) {
            String at = subject + " layer " + i++;
            if (!layer.isObject()) {
                throw new InvalidInputException(at, "not an object");
            }
            Digest digest;
            try {
                digest = Digest.parse(JsonCodec.text(layer, "digest", at));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(at, e.getMessage(), e);
            }
            JsonNode sizeNode = layer.get("size");
            if (sizeNode == null || !sizeNode.canConvertToLong() || sizeNode.asLong() < 0) {
                throw new InvalidInputException(at, "missing or negative 'size'");
            }
            Map<String, String> annotations = new LinkedHashMap<>();
            JsonNode ann = layer.get("annotations");
            if (ann != null && !ann.isNull()) {
                if (!ann.isObject()) {
                    throw new InvalidInputException(at, "'annotations' must be an object");
                }
                ann.fields().forEachRemaining(e -> {
                    if (!e.getValue().isTextual()) {
                        throw new InvalidInputException(at, "annotation '" + e.getKey() + "' must be a string");
                    }
                    annotations.put(e.getKey(), e.getValue().asText());
                });
            }
            out.add(new Layer(JsonCodec.text(layer, "mediaType", at), digest, sizeNode.asLong(), annotations));
        }
        return out;
    }

    /**
     * Writes the config blob of a signature manifest, shaped as cosign writes it (fixed timestamps).
     *
     * @param layers the manifest's layers
     * @return the config bytes
     */
    public static byte[] config(List<Layer> layers) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "");
        config.put("created", "0001-01-01T00:00:00Z");
        config.put("history", List.of(Map.of("created", "0001-01-01T00:00:00Z")));
        config.put("os", "");
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", layers.stream().map(l -> l.digest().toString()).toList());
        config.put("rootfs", rootfs);
        config.put("config", Map.of());
        return JsonCodec.write(config);
    }

    /**
     * Writes a signature or attestation manifest.
     *
     * @param config the config blob's digest
     * @param configSize the config blob's size
     * @param layers the layers
     * @return the manifest bytes
     */
    public static byte[] manifest(Digest config, long configSize, List<Layer> layers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", OCI_MANIFEST);
        m.put("config", descriptor(OCI_CONFIG, config, configSize, Map.of()));
        m.put("layers", layers.stream().map(l -> descriptor(l.mediaType(), l.digest(), l.size(), l.annotations())).toList());
        return JsonCodec.write(m);
    }

    private static Map<String, Object> descriptor(String mediaType, Digest digest, long size, Map<String, String> annotations) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("size", size);
        d.put("digest", digest.toString());
        if (!annotations.isEmpty()) {
            d.put("annotations", new java.util.TreeMap<>(annotations));
        }
        return d;
    }

    /**
     * DSSE's pre-authentication encoding: {@code "DSSEv1" SP len(type) SP type SP len(body) SP body},
     * lengths as ASCII decimal byte counts.
     *
     * @param payloadType the payload type
     * @param body the payload bytes
     * @return the bytes that are signed
     */
    public static byte[] pae(String payloadType, byte[] body) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + type.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
