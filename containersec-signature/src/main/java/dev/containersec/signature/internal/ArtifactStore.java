package dev.containersec.signature.internal;

import dev.containersec.api.Digest;
import dev.containersec.api.DigestMismatchException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Where signature and attestation artifacts live: the four operations cosign's storage convention needs.
 * Implemented for OCI image layout directories ({@link OciLayoutStore}) and registry repositories
 * ({@link RegistryStore}, one OCI distribution call per method: GET manifest by tag, GET blob, blob
 * upload, PUT manifest).
 *
 * <p>Implementations verify every blob against its digest and bound every read.
 */
public interface ArtifactStore {

    /**
     * A manifest as stored.
     *
     * @param digest the digest of {@code bytes}
     * @param mediaType the media type the store reports (the descriptor's or the manifest's own)
     * @param bytes the exact manifest bytes
     */
    record Manifest(Digest digest, String mediaType, byte[] bytes) {
        /** Checks the components. */
        public Manifest {
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(mediaType, "mediaType");
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /**
     * Returns a short description of the store for messages.
     *
     * @return for example {@code oci:/tmp/image}
     */
    String describe();

    /**
     * Fetches the manifest a tag points to.
     *
     * @param tag the tag, e.g. {@code sha256-<hex>.sig}
     * @param maxBytes the largest manifest accepted
     * @return the manifest, or empty when the tag does not exist
     * @throws dev.containersec.api.LimitExceededException when the manifest is larger than {@code maxBytes}
     * @throws dev.containersec.api.DigestMismatchException when the stored bytes do not match their digest
     */
    Optional<Manifest> manifest(String tag, long maxBytes);

    /**
     * Reads a whole blob, verified against its digest.
     *
     * @param digest the blob digest
     * @param maxBytes the largest blob accepted
     * @return the content
     * @throws dev.containersec.api.NotFoundException when the store has no such blob
     * @throws dev.containersec.api.LimitExceededException when the blob is larger than {@code maxBytes}
     * @throws dev.containersec.api.DigestMismatchException when the content does not match
     */
    byte[] blob(Digest digest, long maxBytes);

    /**
     * Reads a blob's stream for {@link #blob}: at most one byte past {@code maxBytes}, so an oversized blob
     * stops without being read whole, then checks the content against {@code digest}.
     *
     * @param in the blob's content; not closed
     * @param digest the blob digest
     * @param maxBytes the largest blob accepted
     * @param subject names the blob in errors
     * @return the content
     * @throws IOException when reading fails
     * @throws LimitExceededException when the blob is larger than {@code maxBytes}
     * @throws DigestMismatchException when the content does not match
     */
    static byte[] readVerified(InputStream in, Digest digest, long maxBytes, String subject) throws IOException {
        byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (data.length > maxBytes) {
            throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, maxBytes, data.length);
        }
        if (!digest.matches(data)) {
            throw new DigestMismatchException(subject, digest, Digest.of(digest.algorithm(), data).toString());
        }
        return data;
    }

    /**
     * Stores a blob (idempotent: an existing blob with the digest is kept).
     *
     * @param content the bytes
     * @return their SHA-256 digest
     */
    Digest putBlob(byte[] content);

    /**
     * Stores a manifest and points a tag at it, replacing what the tag pointed to.
     *
     * @param tag the tag
     * @param mediaType the manifest media type
     * @param bytes the manifest bytes
     * @return the manifest digest
     */
    Digest putManifest(String tag, String mediaType, byte[] bytes);
}
