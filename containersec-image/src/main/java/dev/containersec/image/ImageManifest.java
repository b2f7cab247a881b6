package dev.containersec.image;

import dev.containersec.api.Descriptor;
import dev.containersec.api.Digest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An image manifest: the configuration blob and the layers, bottom first.
 *
 * @param mediaType the manifest media type (OCI or Docker schema 2; for docker-archive, the Docker
 *     schema 2 type of the manifest the archive implies)
 * @param digest the manifest's digest; empty for docker-archive images, which store no manifest
 * @param config the configuration blob
 * @param layers the layers, bottom layer first
 * @param annotations the manifest annotations
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/manifest.md">OCI image manifest</a>
 */
public record ImageManifest(String mediaType, Optional<Digest> digest, Descriptor config, List<Descriptor> layers,
                            Map<String, String> annotations) {

    /** Copies the collections and checks for nulls. */
    public ImageManifest {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        annotations = Map.copyOf(annotations);
    }
}
