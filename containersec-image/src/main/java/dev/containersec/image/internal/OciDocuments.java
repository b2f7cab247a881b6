package dev.containersec.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.Descriptor;
import dev.containersec.api.Digest;
import dev.containersec.api.Healthcheck;
import dev.containersec.api.HistoryEntry;
import dev.containersec.api.ImageConfig;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.Platform;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.ImageManifest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns OCI and Docker JSON documents (index, manifest, configuration) into containersec values,
 * rejecting what the specifications forbid with errors that name the document and field.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/spec.md">OCI image specification</a>
 */
final class OciDocuments {
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
    static final String REF_NAME = "org.opencontainers.image.ref.name";

    private OciDocuments() {
    }

    static Descriptor descriptor(JsonNode n, String subject) {
        if (!n.isObject()) {
            throw new InvalidInputException(subject, "a descriptor must be a JSON object");
        }
        String mediaType = Json.text(n, "mediaType", subject, true);
        Digest digest = Json.digest(n, "digest", subject);
        long size = Json.number(n, "size", subject, true, 0);
        if (size < 0) {
            throw new InvalidInputException(subject, "descriptor " + digest + " has a negative size");
        }
        Optional<Platform> platform = Optional.empty();
        JsonNode p = Json.object(n, "platform", subject, false);
        if (p != null) {
            try {
                platform = Optional.of(new Platform(Json.text(p, "os", subject, true),
                        Json.text(p, "architecture", subject, true), Json.optionalText(p, "variant", subject)));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(subject, "bad platform of " + digest + ": " + e.getMessage(), e);
            }
        }
        return new Descriptor(mediaType, digest, size, Json.stringMap(n, "annotations", subject), platform);
    }

    /** Reads the manifests an index lists. */
    static List<Descriptor> indexManifests(JsonNode index, String subject) {
        checkSchemaVersion(index, subject);
        List<Descriptor> out = new ArrayList<>();
        for (JsonNode m : Json.array(index, "manifests", subject, true)) {
            out.add(descriptor(m, subject));
        }
        return out;
    }

    static ImageManifest manifest(JsonNode doc, Descriptor from, String subject, ScanLimits limits) {
        checkSchemaVersion(doc, subject);
        String mediaType = Json.text(doc, "mediaType", subject, false);
        if (mediaType.isEmpty()) {
            mediaType = from.mediaType();
        }
        if (!mediaType.equals(Descriptor.OCI_MANIFEST) && !mediaType.equals(Descriptor.DOCKER_MANIFEST)) {
            throw new InvalidInputException(subject, "not an image manifest (media type " + mediaType + ")");
        }
        Descriptor config = descriptor(Json.object(doc, "config", subject, true), subject + " config");
        if (!config.mediaType().equals(OCI_CONFIG) && !config.mediaType().equals(DOCKER_CONFIG)) {
            throw new InvalidInputException(subject, "not a container image: its config media type is "
                    + config.mediaType());
        }
        List<JsonNode> layerNodes = Json.array(doc, "layers", subject, true);
        if (layerNodes.size() > limits.maxLayers()) {
            throw new LimitExceededException(subject, ScanLimits.Limit.LAYERS, limits.maxLayers(), layerNodes.size());
        }
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode l : layerNodes) {
            Descriptor d = descriptor(l, subject + " layer " + layers.size());
            checkLayerMediaType(d, subject);
            layers.add(d);
        }
        return new ImageManifest(mediaType, Optional.of(from.digest()), config, layers,
                Json.stringMap(doc, "annotations", subject));
    }

    private static void checkLayerMediaType(Descriptor d, String subject) {
        String t = d.mediaType();
        if (t.contains("encrypted")) {
            throw new InvalidInputException(subject, "layer " + d.digest() + " is encrypted (" + t + ")");
        }
        if (!t.contains("tar") && !t.contains("rootfs.diff")) {
            throw new InvalidInputException(subject, "layer " + d.digest() + " has media type " + t
                    + ", which is not a filesystem layer");
        }
    }

    private static void checkSchemaVersion(JsonNode doc, String subject) {
        long v = Json.number(doc, "schemaVersion", subject, false, 2);
        if (v != 2) {
            throw new InvalidInputException(subject, "unsupported schemaVersion " + v + " (only 2)");
        }
    }

    static ImageConfig config(JsonNode doc, String subject) {
        Platform platform;
        try {
            platform = new Platform(nonEmpty(Json.text(doc, "os", subject, false), "unknown"),
                    nonEmpty(Json.text(doc, "architecture", subject, false), "unknown"),
                    Json.optionalText(doc, "variant", subject));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(subject, "bad platform: " + e.getMessage(), e);
        }
        JsonNode c = Json.object(doc, "config", subject, false);
        if (c == null) {
            c = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        JsonNode rootfs = Json.object(doc, "rootfs", subject, true);
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode d : Json.array(rootfs, "diff_ids", subject, true)) {
            if (!d.isTextual()) {
                throw new InvalidInputException(subject, "rootfs.diff_ids must hold digest strings");
            }
            try {
                diffIds.add(Digest.parse(d.textValue()));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(subject, "rootfs.diff_ids: " + e.getMessage(), e);
            }
        }
        List<HistoryEntry> history = new ArrayList<>();
        for (JsonNode h : Json.array(doc, "history", subject, false)) {
            history.add(new HistoryEntry(instant(Json.text(h, "created", subject, false), subject),
                    Json.text(h, "created_by", subject, false), Json.text(h, "comment", subject, false),
                    Json.text(h, "author", subject, false), Json.bool(h, "empty_layer", subject)));
        }
        return new ImageConfig(platform, instant(Json.text(doc, "created", subject, false), subject),
                Json.text(doc, "author", subject, false), Json.text(c, "User", subject, false),
                Json.strings(c, "Env", subject), Json.strings(c, "Entrypoint", subject), Json.strings(c, "Cmd", subject),
                Json.text(c, "WorkingDir", subject, false), new java.util.TreeSet<>(Json.keys(c, "ExposedPorts", subject)),
                new java.util.TreeSet<>(Json.keys(c, "Volumes", subject)),
                new java.util.TreeMap<>(Json.stringMap(c, "Labels", subject)), Json.optionalText(c, "StopSignal", subject),
                healthcheck(c, subject), history, diffIds);
    }

    private static Optional<Healthcheck> healthcheck(JsonNode c, String subject) {
        JsonNode h = Json.object(c, "Healthcheck", subject, false);
        if (h == null) {
            return Optional.empty();
        }
        return Optional.of(new Healthcheck(Json.strings(h, "Test", subject),
                Duration.ofNanos(Json.number(h, "Interval", subject, false, 0)),
                Duration.ofNanos(Json.number(h, "Timeout", subject, false, 0)),
                Duration.ofNanos(Json.number(h, "StartPeriod", subject, false, 0)),
                (int) Math.max(0, Math.min(Integer.MAX_VALUE, Json.number(h, "Retries", subject, false, 0)))));
    }

    private static Optional<Instant> instant(String text, String subject) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            // Real images carry odd timestamps (e.g. year 0001 or no zone); a bad date loses only the date.
            return Optional.empty();
        }
    }

    private static String nonEmpty(String s, String fallback) {
        return s.isEmpty() ? fallback : s;
    }
}
