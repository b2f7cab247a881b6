package dev.containersec.signature;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containersec.api.Digest;
import dev.containersec.signature.internal.JsonCodec;
import dev.containersec.signature.internal.OciLayoutStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies the bundled example image into temporary directories, and makes a second, different image. */
final class TestImages {
    static final Path HELLO = Path.of("src/test/resources/images/hello");

    private TestImages() {
    }

    static Path copyHello(Path dir) {
        try (Stream<Path> files = Files.walk(HELLO)) {
            for (Path p : files.toList()) {
                Path target = dir.resolve(HELLO.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("README.md")) {
                    Files.copy(p, target);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes a layout whose tag 1.0 names an image index (one entry, hello for the default platform),
     * as multi-platform images are stored.
     *
     * @return the digest of the index
     */
    static Digest indexImage(Path dir) throws IOException {
        copyHello(dir);
        ObjectNode index = (ObjectNode) JsonCodec.object(Files.readAllBytes(dir.resolve("index.json")), "index");
        ObjectNode entry = (ObjectNode) index.get("manifests").get(0);
        ObjectNode imageIndex = JsonCodec.mapper().createObjectNode();
        imageIndex.put("schemaVersion", 2);
        imageIndex.put("mediaType", "application/vnd.oci.image.index.v1+json");
        ObjectNode platformEntry = imageIndex.putArray("manifests").addObject();
        platformEntry.put("mediaType", entry.get("mediaType").asText());
        platformEntry.put("digest", entry.get("digest").asText());
        platformEntry.put("size", entry.get("size").asLong());
        platformEntry.putObject("platform").put("os", dev.containersec.api.Platform.DEFAULT.os())
                .put("architecture", dev.containersec.api.Platform.DEFAULT.architecture());
        byte[] bytes = JsonCodec.write(imageIndex);
        Digest digest = new OciLayoutStore(dir).putBlob(bytes);
        entry.put("mediaType", "application/vnd.oci.image.index.v1+json");
        entry.put("digest", digest.toString());
        entry.put("size", bytes.length);
        Files.write(dir.resolve("index.json"), JsonCodec.write(index));
        return digest;
    }

    /**
     * Makes a layout whose only image is hello with one extra manifest annotation: a valid image with
     * another manifest digest.
     */
    static Path otherImage(Path dir) throws IOException {
        copyHello(dir);
        ObjectNode index = (ObjectNode) JsonCodec.object(Files.readAllBytes(dir.resolve("index.json")), "index");
        ObjectNode entry = (ObjectNode) index.get("manifests").get(0);
        Digest old = Digest.parse(entry.get("digest").asText());
        ObjectNode manifest = (ObjectNode) JsonCodec.object(
                Files.readAllBytes(dir.resolve("blobs/sha256/" + old.hex())), "manifest");
        manifest.putObject("annotations").put("org.example.variant", "b");
        byte[] bytes = JsonCodec.write(manifest);
        Digest digest = new OciLayoutStore(dir).putBlob(bytes);
        entry.put("digest", digest.toString());
        entry.put("size", bytes.length);
        Files.write(dir.resolve("index.json"), JsonCodec.write(index));
        return dir;
    }
}
