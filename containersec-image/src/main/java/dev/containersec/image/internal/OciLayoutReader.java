package dev.containersec.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.Descriptor;
import dev.containersec.api.Digest;
import dev.containersec.api.ImageConfig;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.NotFoundException;
import dev.containersec.api.Platform;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.Image;
import dev.containersec.image.ImageLocation;
import dev.containersec.image.ImageManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an OCI image layout (a directory or an archive of one): {@code oci-layout}, {@code index.json},
 * then the manifest chosen by tag ({@code org.opencontainers.image.ref.name}), digest or platform,
 * through nested indexes. Without a tag or digest, entries tagged as cosign artifacts
 * ({@code sha256-<hex>.sig}, {@code .att}, {@code .sbom}: signatures stored beside the image) are not
 * candidates, so signing a one-image layout keeps it a one-image layout; a tag naming one still opens it.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI image layout</a>
 */
final class OciLayoutReader {
    private static final int MAX_INDEX_DEPTH = 8;
    private static final String CONTAINERD_NAME = "io.containerd.image.name";
    private static final Pattern COSIGN_ARTIFACT_TAG = Pattern.compile("sha256-[0-9a-f]{64}\\.(sig|att|sbom)");

    private final ImageLocation location;
    private final FileTree files;
    private final Platform platform;
    private final ScanLimits limits;
    private final Json json;
    private final String subject;

    OciLayoutReader(ImageLocation location, FileTree files, Platform platform, ScanLimits limits) {
        this.location = location;
        this.files = files;
        this.platform = platform;
        this.limits = limits;
        this.json = new Json(limits);
        this.subject = location.toString();
    }

    Image read() {
        JsonNode layout = document("oci-layout");
        if (Json.text(layout, "imageLayoutVersion", "oci-layout", true).isEmpty()) {
            throw new InvalidInputException(subject, "oci-layout has an empty imageLayoutVersion");
        }
        List<Descriptor> top = OciDocuments.indexManifests(document("index.json"), subject + " index.json");
        if (top.isEmpty()) {
            throw new InvalidInputException(subject, "index.json lists no manifests");
        }
        List<Platform> available = new ArrayList<>();
        Descriptor chosen = choose(top, available);
        // What the location names, before descending into a chosen index: the index.json entry (or the
        // @DIGEST given, which may name a manifest inside a nested index).
        Digest resolved = location.digest().orElse(chosen.digest());
        int depth = 0;
        while (chosen.isIndex()) {
            if (++depth > MAX_INDEX_DEPTH) {
                throw new InvalidInputException(subject, "indexes nested deeper than " + MAX_INDEX_DEPTH);
            }
            JsonNode index = ImageOpener.readBlob(files, json, chosen, "index");
            List<Descriptor> manifests = OciDocuments.indexManifests(index, subject + " index " + chosen.digest());
            available.clear();
            chosen = byPlatform(manifests, available);
        }
        ImageManifest manifest = OciDocuments.manifest(ImageOpener.readBlob(files, json, chosen, "manifest"), chosen,
                subject + " manifest " + chosen.digest(), limits);
        ImageConfig config = OciDocuments.config(ImageOpener.readBlob(files, json, manifest.config(), "config"),
                subject + " config " + manifest.config().digest());
        ImageOpener.checkDiffIds(manifest, config, subject);
        if (available.isEmpty()) {
            available.add(config.platform());
        }
        return new DefaultImage(location, files, manifest, config, available, ImageOpener.ociLayers(manifest), limits,
                Optional.of(resolved));
    }

    private JsonNode document(String name) {
        if (files.size(name).isEmpty()) {
            throw new InvalidInputException(subject, "missing " + name + " (not an OCI image layout)");
        }
        try (InputStream in = files.open(name)) {
            return json.parse(json.readBounded(in, subject + " " + name), subject + " " + name);
        } catch (IOException e) {
            throw new InvalidInputException(subject, "cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private Descriptor choose(List<Descriptor> top, List<Platform> available) {
        if (location.digest().isPresent()) {
            return findByDigest(top, 0).orElseThrow(() -> new NotFoundException(subject, "manifest digest",
                    location.digest().get().toString(), top.stream().map(d -> d.digest().toString()).toList()));
        }
        if (location.tag().isPresent()) {
            String tag = location.tag().get();
            List<Descriptor> tagged = top.stream().filter(d -> tag.equals(ImageOpener.refName(d).orElse(null))
                    || tag.equals(d.annotations().get(CONTAINERD_NAME))).toList();
            if (tagged.isEmpty()) {
                throw new NotFoundException(subject, "tag", tag, tags(top));
            }
            return tagged.size() == 1 ? tagged.get(0) : byPlatform(tagged, available);
        }
        List<Descriptor> images = top.stream().filter(d -> !isCosignArtifact(d)).toList();
        if (images.isEmpty()) {
            throw new InvalidInputException(subject, "the layout holds only cosign signature or attestation manifests;"
                    + " name one with :TAG (" + String.join(", ", tags(top)) + ")");
        }
        if (images.size() == 1) {
            return images.get(0);
        }
        List<String> tags = tags(images);
        if (tags.size() > 1) {
            throw new InvalidInputException(subject, "the layout holds several images; choose one with :TAG ("
                    + String.join(", ", tags) + ")");
        }
        return byPlatform(images, available);
    }

    /** Whether an index entry is tagged the way cosign tags signatures, attestations and SBOMs. */
    static boolean isCosignArtifact(Descriptor d) {
        return ImageOpener.refName(d).map(t -> COSIGN_ARTIFACT_TAG.matcher(t).matches()).orElse(false);
    }

    private static List<String> tags(List<Descriptor> descriptors) {
        Set<String> tags = new LinkedHashSet<>();
        for (Descriptor d : descriptors) {
            ImageOpener.refName(d).ifPresent(tags::add);
        }
        return new ArrayList<>(tags);
    }

    private Optional<Descriptor> findByDigest(List<Descriptor> descriptors, int depth) {
        for (Descriptor d : descriptors) {
            if (d.digest().equals(location.digest().get())) {
                return Optional.of(d);
            }
        }
        if (depth < MAX_INDEX_DEPTH) {
            for (Descriptor d : descriptors) {
                if (d.isIndex() && files.size("blobs/" + d.digest().algorithm().ociName() + "/" + d.digest().hex()).isPresent()) {
                    List<Descriptor> nested = OciDocuments.indexManifests(ImageOpener.readBlob(files, json, d, "index"),
                            subject + " index " + d.digest());
                    Optional<Descriptor> found = findByDigest(nested, depth + 1);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Descriptor byPlatform(List<Descriptor> manifests, List<Platform> available) {
        return choosePlatform(manifests, platform, available, subject);
    }

    /** Chooses the manifest for the requested platform; attestation manifests are never chosen. */
    static Descriptor choosePlatform(List<Descriptor> manifests, Platform platform, List<Platform> available, String subject) {
        List<Descriptor> candidates = new ArrayList<>();
        for (Descriptor d : manifests) {
            boolean attestation = d.annotations().containsKey("vnd.docker.reference.type")
                    || d.platform().map(p -> p.os().equals("unknown")).orElse(false);
            if (!attestation) {
                candidates.add(d);
                d.platform().ifPresent(available::add);
            }
        }
        for (Descriptor d : candidates) {
            if (d.platform().isPresent() && platform.matches(d.platform().get())) {
                return d;
            }
        }
        if (candidates.size() == 1 && candidates.get(0).platform().isEmpty()) {
            return candidates.get(0);
        }
        throw new NotFoundException(subject, "platform", platform.toString(),
                available.stream().map(Platform::toString).toList());
    }
}
