package dev.containersec.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a {@link ContainerResolver} knows about a container: its name and the image it runs, as the
 * container runtime recorded them. These fill Falco's {@code container.name}, {@code container.image},
 * {@code container.image.repository}, {@code container.image.tag}, {@code container.image.digest} and
 * {@code container.label[KEY]} fields.
 *
 * @param containerId the container id as events carry it (12 hex characters, see
 *     {@link ProcessContext#containerId()})
 * @param name the container's name, or {@code ""} when the runtime gave none
 * @param imageName the image reference the container was created from, as written
 *     ({@code docker.io/library/nginx:1.25}), or {@code ""} when unknown
 * @param imageRepository the reference without tag and digest ({@code docker.io/library/nginx}), or
 *     {@code ""} when unknown
 * @param imageTag the tag, when the reference has one
 * @param imageDigest the image's digest (the manifest digest when the runtime knows it, else the
 *     image id), when known
 * @param labels the container's labels (sorted by key)
 */
public record ContainerInfo(String containerId, String name, String imageName, String imageRepository,
                            Optional<String> imageTag, Optional<Digest> imageDigest, Map<String, String> labels) {

    /**
     * Validates the components and copies the labels.
     *
     * @throws IllegalArgumentException if the container id is empty or {@link ProcessContext#HOST}
     */
    public ContainerInfo {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(imageName, "imageName");
        Objects.requireNonNull(imageRepository, "imageRepository");
        Objects.requireNonNull(imageTag, "imageTag");
        Objects.requireNonNull(imageDigest, "imageDigest");
        labels = Map.copyOf(new TreeMap<>(labels));
        if (containerId.isEmpty() || containerId.equals(ProcessContext.HOST)) {
            throw new IllegalArgumentException("containerId must name a container, was '" + containerId + "'");
        }
    }

    /**
     * Creates the info of a container from the image reference it was created with, splitting off the
     * repository and tag ({@code registry:5000/team/app:1.2@sha256:...} has repository
     * {@code registry:5000/team/app} and tag {@code 1.2}; a digest in the reference is used when
     * {@code imageDigest} is empty).
     *
     * @param containerId the container id
     * @param name the container's name, or {@code ""}
     * @param imageName the image reference, or {@code ""}
     * @param imageDigest the image's digest, when known apart from the reference
     * @param labels the container's labels
     * @return the info
     */
    public static ContainerInfo of(String containerId, String name, String imageName, Optional<Digest> imageDigest,
                                   Map<String, String> labels) {
        String repository = imageName;
        Optional<Digest> digest = imageDigest;
        int at = repository.indexOf('@');
        if (at >= 0) {
            if (digest.isEmpty()) {
                try {
                    digest = Optional.of(Digest.parse(repository.substring(at + 1)));
                } catch (IllegalArgumentException e) {
                    // an unparsable digest in a reference is not worth failing the container for
                }
            }
            repository = repository.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = repository.lastIndexOf(':');
        if (colon > repository.lastIndexOf('/')) {
            tag = Optional.of(repository.substring(colon + 1));
            repository = repository.substring(0, colon);
        }
        return new ContainerInfo(containerId, name, imageName, repository, tag, digest, labels);
    }
}
