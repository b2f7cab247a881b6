package dev.containersec.signature.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containersec.api.Digest;
import dev.containersec.api.DigestMismatchException;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.NotFoundException;
import dev.containersec.api.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ArtifactStore} over an OCI image layout directory. Manifests are blobs listed in
 * {@code index.json} with the tag in the {@code org.opencontainers.image.ref.name} annotation, as skopeo
 * and cosign's {@code oci:} layouts do. Writes go to a temporary file in the same directory and are moved
 * into place atomically; {@code index.json} updates hold an exclusive lock on {@code index.json.lock} so
 * that two signers do not lose each other's entries. Tags must match the OCI tag grammar and digests are
 * hex, so no name can leave the layout; blob paths that resolve (through symlinks) outside it are refused.
 */
public final class OciLayoutStore implements ArtifactStore {
    /** The annotation that carries a tag in an OCI layout's index. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** The OCI distribution tag grammar. */
    public static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final long MAX_INDEX_BYTES = 16L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(OciLayoutStore.class);

    private final Path root;
    private final Path realRoot;

    /**
     * Opens a layout directory.
     *
     * @param root the directory holding {@code oci-layout} and {@code index.json}
     * @throws InvalidInputException when it is not an OCI image layout
     */
    public OciLayoutStore(Path root) {
        this.root = root;
        if (!Files.isDirectory(root) || !Files.isRegularFile(root.resolve("oci-layout"))
                || !Files.isRegularFile(root.resolve("index.json"))) {
            throw new InvalidInputException(root.toString(), "not an OCI image layout directory (needs oci-layout and index.json)");
        }
        try {
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException(root.toString(), "cannot resolve: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "oci:" + root;
    }

    /**
     * Returns the digests of the manifests in {@code index.json} that are not cosign artifacts
     * (tags of the form {@code sha256-<hex>.sig}, {@code .att} or {@code .sbom}).
     *
     * @return the image entries' digests, in index order
     */
    public List<Digest> imageEntries() {
        List<Digest> out = new ArrayList<>();
        for (JsonNode m : manifests(readIndex())) {
            String ref = m.path("annotations").path(REF_NAME).asText("");
            if (!CosignFormat.isArtifactTag(ref)) {
                out.add(digestOf(m));
            }
        }
        return out;
    }

    @Override
    public Optional<Manifest> manifest(String tag, long maxBytes) {
        checkTag(tag);
        JsonNode found = null;
        for (JsonNode m : manifests(readIndex())) {
            if (tag.equals(m.path("annotations").path(REF_NAME).asText(null))) {
                if (found != null) {
                    throw new InvalidInputException(describe(), "index.json lists tag '" + tag + "' more than once");
                }
                found = m;
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        Digest digest = digestOf(found);
        long size = found.path("size").asLong(-1);
        if (size > maxBytes) {
            throw new LimitExceededException(describe() + " manifest " + tag, ScanLimits.Limit.DOCUMENT_BYTES, maxBytes, size);
        }
        byte[] bytes = blob(digest, maxBytes);
        if (size >= 0 && size != bytes.length) {
            throw new DigestMismatchException(describe() + " manifest " + tag, digest, "size " + bytes.length + " (descriptor says " + size + ")");
        }
        return Optional.of(new Manifest(digest, found.path("mediaType").asText(""), bytes));
    }

    @Override
    public byte[] blob(Digest digest, long maxBytes) {
        Path path = blobPath(digest);
        String subject = describe() + " blob " + digest;
        if (!Files.isRegularFile(path)) {
            throw new NotFoundException(describe(), "blob", digest.toString(), List.of());
        }
        checkInside(path, subject);
        try (InputStream in = Files.newInputStream(path)) {
            return ArtifactStore.readVerified(in, digest, maxBytes, subject);
        } catch (IOException e) {
            throw new InvalidInputException(subject, "cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public Digest putBlob(byte[] content) {
        Digest digest = Digest.sha256(content);
        Path path = blobPath(digest);
        try {
            Files.createDirectories(path.getParent());
            checkInside(path.getParent(), describe() + " blobs");
            if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && Files.size(path) == content.length
                    && digest.matches(Files.readAllBytes(path))) {
                return digest;
            }
            writeAtomically(path, content);
            return digest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write blob " + digest + " to " + describe(), e);
        }
    }

    @Override
    public Digest putManifest(String tag, String mediaType, byte[] bytes) {
        checkTag(tag);
        Digest digest = putBlob(bytes);
        try (FileChannel lock = FileChannel.open(root.resolve("index.json.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = lock.lock()) {
            ObjectNode index = (ObjectNode) readIndex();
            ArrayNode kept = JsonCodec.mapper().createArrayNode();
            for (JsonNode m : manifests(index)) {
                if (!tag.equals(m.path("annotations").path(REF_NAME).asText(null))) {
                    kept.add(m);
                }
            }
            ObjectNode entry = kept.addObject();
            entry.put("mediaType", mediaType);
            entry.put("digest", digest.toString());
            entry.put("size", bytes.length);
            entry.putObject("annotations").put(REF_NAME, tag);
            index.set("manifests", kept);
            writeAtomically(root.resolve("index.json"), JsonCodec.write(index));
            LOG.debug("tagged {} as {} in {}", digest, tag, root);
            return digest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update index.json of " + describe(), e);
        }
    }

    private JsonNode readIndex() {
        Path index = root.resolve("index.json");
        if (!Files.isRegularFile(index)) {
            throw new InvalidInputException(describe(), "index.json is not a regular file");
        }
        try (InputStream in = Files.newInputStream(index)) {
            // Bounded read: a device or a file growing under us must not be read to the end.
            byte[] data = in.readNBytes((int) MAX_INDEX_BYTES + 1);
            if (data.length > MAX_INDEX_BYTES) {
                throw new LimitExceededException(describe() + " index.json", ScanLimits.Limit.DOCUMENT_BYTES, MAX_INDEX_BYTES, data.length);
            }
            JsonNode node = JsonCodec.object(data, describe() + " index.json");
            manifests(node);
            return node;
        } catch (IOException e) {
            throw new InvalidInputException(describe(), "cannot read index.json: " + e.getMessage(), e);
        }
    }

    private List<JsonNode> manifests(JsonNode index) {
        JsonNode manifests = index.get("manifests");
        if (manifests == null || !manifests.isArray()) {
            throw new InvalidInputException(describe() + " index.json", "missing 'manifests' array");
        }
        List<JsonNode> out = new ArrayList<>();
        manifests.forEach(out::add);
        return out;
    }

    private Digest digestOf(JsonNode descriptor) {
        try {
            return Digest.parse(descriptor.path("digest").asText(""));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(describe() + " index.json", "bad digest in a manifest entry: " + e.getMessage(), e);
        }
    }

    private Path blobPath(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm().ociName()).resolve(digest.hex());
    }

    private void checkInside(Path path, String subject) {
        try {
            if (!path.toRealPath().startsWith(realRoot)) {
                throw new InvalidInputException(subject, "resolves outside the layout directory (symlink); refused");
            }
        } catch (IOException e) {
            throw new InvalidInputException(subject, "cannot resolve: " + e.getMessage(), e);
        }
    }

    private static void checkTag(String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw new InvalidInputException("tag", "'" + tag + "' is not a valid OCI tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127})");
        }
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".containersec-", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

}
