package dev.containersec.signature.internal;

import dev.containersec.api.Digest;
import dev.containersec.api.ImageReference;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.NotFoundException;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.RegistryClient;
import dev.containersec.image.RegistryException;
import dev.containersec.image.RegistryManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ArtifactStore} over one repository of an OCI distribution registry, as cosign stores
 * signatures: the {@code sha256-<hex>.sig} and {@code .att} manifests are tags of the image's own
 * repository. One {@link RegistryClient} call per method, so the client's credentials, trust, insecure
 * hosts, retries and blob cache apply; everything read is verified against its digest by the client
 * (and again here) and bounded.
 */
public final class RegistryStore implements ArtifactStore {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryStore.class);

    private final RegistryClient client;
    private final ImageReference repository;

    /**
     * Creates a store for a repository.
     *
     * @param client the client that talks to the registry
     * @param repository the repository (its tag and digest are ignored)
     */
    public RegistryStore(RegistryClient client, ImageReference repository) {
        this.client = Objects.requireNonNull(client, "client");
        Objects.requireNonNull(repository, "repository");
        this.repository = new ImageReference(repository.registry(), repository.repository(), Optional.empty(), Optional.empty());
    }

    @Override
    public String describe() {
        return "registry:" + repository;
    }

    private ImageReference tagged(String tag) {
        try {
            return new ImageReference(repository.registry(), repository.repository(), Optional.of(tag), Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("tag", "'" + tag + "' is not a valid OCI tag: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Manifest> manifest(String tag, long maxBytes) {
        RegistryManifest m;
        try {
            m = client.fetchManifest(tagged(tag));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        byte[] bytes = m.bytes();
        if (bytes.length > maxBytes) {
            throw new LimitExceededException(describe() + " manifest " + tag, ScanLimits.Limit.DOCUMENT_BYTES, maxBytes, bytes.length);
        }
        return Optional.of(new Manifest(m.digest(), m.mediaType(), bytes));
    }

    @Override
    public byte[] blob(Digest digest, long maxBytes) {
        String subject = describe() + " blob " + digest;
        // The client's stream verifies size and digest and reports the end only after a match; reading
        // one byte past the bound stops an oversized blob without downloading it all.
        try (InputStream in = client.openBlob(repository, digest)) {
            return ArtifactStore.readVerified(in, digest, maxBytes, subject);
        } catch (IOException e) {
            throw new RegistryException(subject, -1, "cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public Digest putBlob(byte[] content) {
        return client.pushBlob(repository, content);
    }

    @Override
    public Digest putManifest(String tag, String mediaType, byte[] bytes) {
        Digest digest = client.pushManifest(tagged(tag), RegistryManifest.of(mediaType, bytes));
        LOG.debug("pushed {} as {}:{}", digest, repository, tag);
        return digest;
    }
}
