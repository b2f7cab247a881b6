package dev.containersec.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.Descriptor;
import dev.containersec.api.Digest;
import dev.containersec.api.DigestAlgorithm;
import dev.containersec.api.DigestMismatchException;
import dev.containersec.api.ImageConfig;
import dev.containersec.api.ImageReference;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.NotFoundException;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.Image;
import dev.containersec.image.ImageLocation;
import dev.containersec.image.ImageManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code docker save} archive through its {@code manifest.json}, in both the legacy layout
 * ({@code <id>/layer.tar}, {@code <id>.json}) and the OCI-flavoured one newer Docker writes
 * ({@code blobs/sha256/...}). The archive stores no manifest digest; layers are verified against the
 * configuration's diffIDs, and the configuration against the digest its file name carries.
 */
final class DockerArchiveReader {
    private static final Pattern DIGEST_NAME = Pattern.compile("(?:^|/)(?:blobs/sha256/)?([0-9a-f]{64})(?:\\.json)?$");

    private final ImageLocation location;
    private final ArchiveFiles files;
    private final ScanLimits limits;
    private final Json json;
    private final String subject;

    DockerArchiveReader(ImageLocation location, ArchiveFiles files, ScanLimits limits) {
        this.location = location;
        this.files = files;
        this.limits = limits;
        this.json = new Json(limits);
        this.subject = location.toString();
    }

    Image read() {
        JsonNode manifests = json.parse(bytes("manifest.json"), subject + " manifest.json");
        if (!manifests.isArray() || manifests.isEmpty()) {
            throw new InvalidInputException(subject, "manifest.json must be a non-empty array");
        }
        JsonNode entry = select(manifests);
        String configPath = Json.text(entry, "Config", subject + " manifest.json", true);
        byte[] configBytes = bytes(configPath);
        Digest configDigest = Digest.sha256(configBytes);
        Matcher m = DIGEST_NAME.matcher(configPath);
        if (m.find()) {
            Digest named = new Digest(DigestAlgorithm.SHA256, m.group(1));
            if (!named.equals(configDigest)) {
                throw new DigestMismatchException(subject + " config " + configPath, named, configDigest.toString());
            }
        }
        ImageConfig config = OciDocuments.config(json.parse(configBytes, subject + " config"), subject + " config");
        List<String> layerPaths = Json.strings(entry, "Layers", subject + " manifest.json");
        if (layerPaths.size() > limits.maxLayers()) {
            throw new LimitExceededException(subject, ScanLimits.Limit.LAYERS, limits.maxLayers(), layerPaths.size());
        }
        if (layerPaths.size() != config.diffIds().size()) {
            throw new InvalidInputException(subject, "manifest.json lists " + layerPaths.size()
                    + " layers but the config " + config.diffIds().size() + " diff_ids");
        }
        List<Descriptor> descriptors = new ArrayList<>();
        List<LayerBlob> layers = new ArrayList<>();
        for (int i = 0; i < layerPaths.size(); i++) {
            String path = layerPaths.get(i);
            OptionalLong size = files.size(path);
            if (size.isEmpty()) {
                throw new NotFoundException(subject, "layer file", path, List.of());
            }
            Descriptor d = Descriptor.of(OciDocuments.DOCKER_LAYER, config.diffIds().get(i), size.getAsLong());
            descriptors.add(d);
            layers.add(new LayerBlob(i, d, path, true));
        }
        ImageManifest manifest = new ImageManifest(Descriptor.DOCKER_MANIFEST, Optional.empty(),
                Descriptor.of(OciDocuments.DOCKER_CONFIG, configDigest, configBytes.length), descriptors, Map.of());
        return new DefaultImage(location, files, manifest, config, List.of(config.platform()), layers, limits,
                Optional.empty());
    }

    private JsonNode select(JsonNode manifests) {
        List<String> allTags = new ArrayList<>();
        for (JsonNode e : manifests) {
            allTags.addAll(Json.strings(e, "RepoTags", subject + " manifest.json"));
        }
        if (location.tag().isEmpty()) {
            if (manifests.size() == 1) {
                return manifests.get(0);
            }
            throw new InvalidInputException(subject, "the archive holds " + manifests.size()
                    + " images; choose one with :REPO:TAG (" + String.join(", ", allTags) + ")");
        }
        String wanted = location.tag().get();
        for (JsonNode e : manifests) {
            for (String tag : Json.strings(e, "RepoTags", subject + " manifest.json")) {
                if (tag.equals(wanted) || sameReference(tag, wanted)) {
                    return e;
                }
            }
        }
        throw new NotFoundException(subject, "image", wanted, allTags);
    }

    private static boolean sameReference(String a, String b) {
        try {
            return ImageReference.parse(a).equals(ImageReference.parse(b));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] bytes(String path) {
        if (files.size(path).isEmpty()) {
            throw new InvalidInputException(subject, "missing " + path + " in the archive");
        }
        try (InputStream in = files.open(path)) {
            return json.readBounded(in, subject + " " + path);
        } catch (IOException e) {
            throw new InvalidInputException(subject, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
