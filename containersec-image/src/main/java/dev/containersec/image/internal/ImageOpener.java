package dev.containersec.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.Descriptor;
import dev.containersec.api.Digest;
import dev.containersec.api.DigestMismatchException;
import dev.containersec.api.ImageConfig;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.NotFoundException;
import dev.containersec.api.Platform;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.Image;
import dev.containersec.image.ImageLocation;
import dev.containersec.image.ImageManifest;
import dev.containersec.image.Transport;
import dev.containersec.image.internal.registry.RegistryHttp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Resolves a location to a transport, finds the manifest asked for, and reads it and its config. */
public final class ImageOpener {
    private ImageOpener() {
    }

    /**
     * Opens an image.
     *
     * @param location where the image is
     * @param platform the platform to choose from an index
     * @param limits the bounds on everything read
     * @return the opened image
     */
    public static Image open(ImageLocation location, Platform platform, ScanLimits limits,
                             Supplier<RegistryHttp> registry) {
        ImageLocation resolved = location.transport().isPresent() ? location : detect(location, limits);
        if (resolved.transport().orElseThrow() == Transport.REGISTRY) {
            return new RegistryImageReader(resolved, registry.get(), platform, limits).read();
        }
        Path path = Path.of(resolved.path());
        switch (resolved.transport().orElseThrow()) {
            case OCI:
                if (!Files.isDirectory(path)) {
                    throw new InvalidInputException(resolved.path(), "not a directory (an OCI layout is a directory with oci-layout and index.json)");
                }
                return new OciLayoutReader(resolved, new LayoutFiles(path), platform, limits).read();
            case OCI_ARCHIVE: {
                ArchiveFiles files = ArchiveFiles.open(existingFile(path, resolved), limits);
                return withClose(files, () -> new OciLayoutReader(resolved, files, platform, limits).read());
            }
            case DOCKER_ARCHIVE: {
                ArchiveFiles files = ArchiveFiles.open(existingFile(path, resolved), limits);
                return withClose(files, () -> new DockerArchiveReader(resolved, files, limits).read());
            }
            default:
                throw new IllegalStateException("unknown transport " + resolved.transport());
        }
    }

    private interface Reading {
        Image read();
    }

    private static Image withClose(FileTree files, Reading reading) {
        try {
            return reading.read();
        } catch (RuntimeException e) {
            files.close();
            throw e;
        }
    }

    private static Path existingFile(Path path, ImageLocation location) {
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(location.path(), Files.exists(path) ? "not a regular file" : "no such file");
        }
        return path;
    }

    private static ImageLocation detect(ImageLocation location, ScanLimits limits) {
        Path path = Path.of(location.path());
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve("oci-layout"))) {
                return location.withTransport(Transport.OCI);
            }
            throw new InvalidInputException(location.path(), "a directory without an oci-layout file is not an OCI image layout");
        }
        if (Files.isRegularFile(path)) {
            try (ArchiveFiles files = ArchiveFiles.open(path, limits)) {
                if (files.contains("oci-layout") && files.contains("index.json")) {
                    return location.withTransport(Transport.OCI_ARCHIVE);
                }
                if (files.contains("manifest.json")) {
                    return location.withTransport(Transport.DOCKER_ARCHIVE);
                }
            }
            throw new InvalidInputException(location.path(), "a tar archive with neither oci-layout nor manifest.json is not an image");
        }
        throw new InvalidInputException(location.path(), "no such file or directory (prefix registry: to name a registry image)");
    }

    /** Reads a verified JSON blob named by a descriptor. */
    static JsonNode readBlob(FileTree files, Json json, Descriptor d, String what) {
        String subject = what + " " + d.digest();
        String path = "blobs/" + d.digest().algorithm().ociName() + "/" + d.digest().hex();
        if (files.size(path).isEmpty()) {
            throw new NotFoundException(files.description(), "blob", d.digest().toString(), List.of());
        }
        if (d.size() > json.maxDocumentBytes()) {
            throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, json.maxDocumentBytes(), d.size());
        }
        byte[] data;
        try (InputStream in = files.open(path)) {
            data = json.readBounded(in, subject);
        } catch (IOException e) {
            throw new InvalidInputException(subject, "cannot read: " + e.getMessage(), e);
        }
        if (data.length != d.size()) {
            throw new DigestMismatchException(subject, d.digest(), data.length + " bytes where the descriptor says " + d.size());
        }
        Digest actual = Digest.of(d.digest().algorithm(), data);
        if (!actual.equals(d.digest())) {
            throw new DigestMismatchException(subject, d.digest(), actual.toString());
        }
        return json.parse(data, subject);
    }

    static List<LayerBlob> ociLayers(ImageManifest manifest) {
        List<LayerBlob> out = new ArrayList<>();
        for (Descriptor d : manifest.layers()) {
            out.add(new LayerBlob(out.size(), d, "blobs/" + d.digest().algorithm().ociName() + "/" + d.digest().hex(), false));
        }
        return out;
    }

    static void checkDiffIds(ImageManifest manifest, ImageConfig config, String subject) {
        if (config.diffIds().size() != manifest.layers().size()) {
            throw new InvalidInputException(subject, "the config lists " + config.diffIds().size()
                    + " diff_ids but the manifest " + manifest.layers().size() + " layers");
        }
    }

    static Optional<String> refName(Descriptor d) {
        return Optional.ofNullable(d.annotations().get(OciDocuments.REF_NAME));
    }
}
