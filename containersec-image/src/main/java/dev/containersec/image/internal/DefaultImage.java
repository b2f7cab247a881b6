package dev.containersec.image.internal;

import dev.containersec.api.Digest;
import dev.containersec.api.ImageConfig;
import dev.containersec.api.Platform;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.FileWalk;
import dev.containersec.image.Image;
import dev.containersec.image.ImageLocation;
import dev.containersec.image.ImageManifest;
import dev.containersec.image.WalkResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An image whose manifest and configuration have been read and verified; walks read its layers. */
final class DefaultImage implements Image {
    private final ImageLocation location;
    private final FileTree files;
    private final ImageManifest manifest;
    private final ImageConfig config;
    private final List<Platform> platforms;
    private final List<LayerBlob> layers;
    private final ScanLimits limits;
    private final Optional<Digest> resolvedDigest;

    DefaultImage(ImageLocation location, FileTree files, ImageManifest manifest, ImageConfig config,
                 List<Platform> platforms, List<LayerBlob> layers, ScanLimits limits, Optional<Digest> resolvedDigest) {
        this.location = location;
        this.files = files;
        this.manifest = manifest;
        this.config = config;
        this.platforms = List.copyOf(platforms);
        this.layers = List.copyOf(layers);
        this.limits = limits;
        this.resolvedDigest = Objects.requireNonNull(resolvedDigest, "resolvedDigest");
    }

    @Override
    public ImageLocation location() {
        return location;
    }

    @Override
    public List<Platform> availablePlatforms() {
        return platforms;
    }

    @Override
    public ImageManifest manifest() {
        return manifest;
    }

    @Override
    public Optional<Digest> resolvedDigest() {
        return resolvedDigest;
    }

    @Override
    public ImageConfig config() {
        return config;
    }

    @Override
    public WalkResult walk(FileWalk walk) {
        return new MergedWalk(layers, files, limits, Objects.requireNonNull(walk, "walk")).run();
    }

    @Override
    public void close() {
        files.close();
    }

    @Override
    public String toString() {
        return "Image[" + location + ", " + manifest.digest().map(Object::toString).orElse("config " + manifest.config().digest()) + "]";
    }
}
