package dev.containersec.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.Descriptor;
import dev.containersec.api.Digest;
import dev.containersec.api.DigestMismatchException;
import dev.containersec.api.ImageConfig;
import dev.containersec.api.ImageReference;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.NotFoundException;
import dev.containersec.api.Platform;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.Image;
import dev.containersec.image.ImageLocation;
import dev.containersec.image.ImageManifest;
import dev.containersec.image.RegistryManifest;
import dev.containersec.image.internal.registry.RegistryHttp;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads an image from a registry: the manifest by tag or digest, through indexes by platform, then
 * the configuration; layers are streamed from the registry (or the blob cache) by the walks.
 */
final class RegistryImageReader {
    private static final int MAX_INDEX_DEPTH = 8;

    private final ImageLocation location;
    private final RegistryHttp http;
    private final Platform platform;
    private final ScanLimits limits;
    private final Json json;
    private final String subject;

    RegistryImageReader(ImageLocation location, RegistryHttp http, Platform platform, ScanLimits limits) {
        this.location = location;
        this.http = http;
        this.platform = platform;
        this.limits = limits;
        this.json = new Json(limits);
        this.subject = location.toString();
    }

    /** Parses the registry location's {@code HOST[:PORT]/REPO[:TAG]} and digest into a reference. */
    static ImageReference reference(ImageLocation location) {
        String name = location.path() + location.digest().map(d -> "@" + d).orElse("");
        try {
            return ImageReference.parse(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(location.toString(), "not a registry image name: " + e.getMessage(), e);
        }
    }

    Image read() {
        ImageReference ref = reference(location);
        RegistryManifest top = http.fetchManifest(ref, limits.maxDocumentBytes());
        Descriptor chosen = new Descriptor(top.mediaType(), top.digest(), top.bytes().length, Map.of(), Optional.empty());
        JsonNode doc = json.parse(top.bytes(), subject + " manifest " + top.digest());
        List<Platform> available = new ArrayList<>();
        int depth = 0;
        while (chosen.isIndex()) {
            if (++depth > MAX_INDEX_DEPTH) {
                throw new InvalidInputException(subject, "indexes nested deeper than " + MAX_INDEX_DEPTH);
            }
            List<Descriptor> manifests = OciDocuments.indexManifests(doc, subject + " index " + chosen.digest());
            available.clear();
            chosen = OciLayoutReader.choosePlatform(manifests, platform, available, subject);
            if (chosen.size() > limits.maxDocumentBytes()) {
                throw new dev.containersec.api.LimitExceededException(subject + " manifest " + chosen.digest(),
                        ScanLimits.Limit.DOCUMENT_BYTES, limits.maxDocumentBytes(), chosen.size());
            }
            ImageReference byDigest = new ImageReference(ref.registry(), ref.repository(), Optional.empty(),
                    Optional.of(chosen.digest()));
            RegistryManifest child = http.fetchManifest(byDigest, limits.maxDocumentBytes());
            if (child.bytes().length != chosen.size()) {
                throw new DigestMismatchException("manifest " + chosen.digest(), chosen.digest(),
                        child.bytes().length + " bytes where the index says " + chosen.size());
            }
            doc = json.parse(child.bytes(), subject + " manifest " + chosen.digest());
            if (!chosen.mediaType().equals(child.mediaType()) && !Json.text(doc, "mediaType", subject, false).isEmpty()) {
                chosen = new Descriptor(Json.text(doc, "mediaType", subject, false), chosen.digest(), chosen.size(),
                        chosen.annotations(), chosen.platform());
            }
        }
        ImageManifest manifest = OciDocuments.manifest(doc, chosen, subject + " manifest " + chosen.digest(), limits);
        RegistryFiles files = new RegistryFiles(http, ref, manifest);
        ImageConfig config = OciDocuments.config(ImageOpener.readBlob(files, json, manifest.config(), "config"),
                subject + " config " + manifest.config().digest());
        ImageOpener.checkDiffIds(manifest, config, subject);
        if (available.isEmpty()) {
            available.add(config.platform());
        }
        return new DefaultImage(location, files, manifest, config, available, ImageOpener.ociLayers(manifest), limits,
                Optional.of(top.digest()));
    }

    /** The blobs of one manifest, served by the registry under the OCI layout's paths. */
    static final class RegistryFiles implements FileTree {
        private final RegistryHttp http;
        private final ImageReference repo;
        private final Map<String, Descriptor> blobs = new HashMap<>();

        RegistryFiles(RegistryHttp http, ImageReference repo, ImageManifest manifest) {
            this.http = http;
            this.repo = repo;
            add(manifest.config());
            manifest.layers().forEach(this::add);
        }

        private void add(Descriptor d) {
            blobs.put("blobs/" + d.digest().algorithm().ociName() + "/" + d.digest().hex(), d);
        }

        @Override
        public OptionalLong size(String path) {
            Descriptor d = blobs.get(path);
            return d == null ? OptionalLong.empty() : OptionalLong.of(d.size());
        }

        @Override
        public InputStream open(String path) {
            Descriptor d = blobs.get(path);
            if (d == null) {
                throw new NotFoundException(description(), "blob", path, List.of());
            }
            Digest digest = d.digest();
            return http.openBlob(repo, digest, d.size());
        }

        @Override
        public String description() {
            return repo.registry() + "/" + repo.repository();
        }

        @Override
        public void close() {
            // Every stream owns its connection.
        }
    }
}
