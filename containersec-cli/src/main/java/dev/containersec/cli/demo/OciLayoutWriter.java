package dev.containersec.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containersec.api.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a single-platform OCI image layout (linux/amd64) with gzip-compressed layers: the ustar archives,
 * gzip, blobs, config, manifest and {@code index.json} are all produced here, deterministically (fixed
 * timestamps and owners), with no external tool.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI image layout</a>
 */
public final class OciLayoutWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MTIME = 1_700_000_000L;

    /** One layer: paths (without a leading slash; directories end in {@code /}) and their contents. */
    public static final class Layer {
        private final Map<String, byte[]> entries = new LinkedHashMap<>();
        private final String createdBy;

        /**
         * Starts a layer.
         *
         * @param createdBy the history line of the config
         */
        public Layer(String createdBy) {
            this.createdBy = createdBy;
        }

        /**
         * Adds a regular file and its parent directories.
         *
         * @param path for example {@code etc/os-release}
         * @param content the bytes
         * @return this
         */
        public Layer file(String path, byte[] content) {
            String[] parts = path.split("/");
            StringBuilder dir = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                dir.append(parts[i]).append('/');
                entries.putIfAbsent(dir.toString(), null);
            }
            entries.put(path, content);
            return this;
        }
    }

    /** What was written: the layout directory, the manifest digest and each layer's (compressed) digest. */
    public record Written(Path layout, String tag, Digest manifest, List<Digest> layers) { }

    private OciLayoutWriter() {
    }

    /**
     * Writes a layout.
     *
     * @param dir the layout directory (created)
     * @param tag the tag ({@code org.opencontainers.image.ref.name})
     * @param layers the layers, bottom first
     * @return what was written
     * @throws IOException on write failure
     */
    public static Written write(Path dir, String tag, List<Layer> layers) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        ArrayNode diffIds = JSON.createArrayNode();
        ArrayNode history = JSON.createArrayNode();
        ArrayNode layerDescriptors = JSON.createArrayNode();
        List<Digest> layerDigests = new ArrayList<>();
        for (Layer layer : layers) {
            byte[] tar = tar(layer);
            byte[] gz = gzip(tar);
            diffIds.add(Digest.sha256(tar).toString());
            Digest d = blob(dir, gz);
            layerDigests.add(d);
            layerDescriptors.add(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", d, gz.length));
            history.addObject().put("created", "2023-11-14T22:13:20Z").put("created_by", layer.createdBy);
        }
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", "amd64").put("os", "linux").put("created", "2023-11-14T22:13:20Z");
        config.putObject("config").putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.set("diff_ids", diffIds);
        config.set("history", history);
        byte[] configBytes = JSON.writeValueAsBytes(config);
        Digest configDigest = blob(dir, configBytes);

        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.set("config", descriptor("application/vnd.oci.image.config.v1+json", configDigest, configBytes.length));
        manifest.set("layers", layerDescriptors);
        byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
        Digest manifestDigest = blob(dir, manifestBytes);

        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.index.v1+json");
        ObjectNode m = descriptor("application/vnd.oci.image.manifest.v1+json", manifestDigest, manifestBytes.length);
        m.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
        index.putArray("manifests").add(m);
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
        return new Written(dir, tag, manifestDigest, List.copyOf(layerDigests));
    }

    private static ObjectNode descriptor(String mediaType, Digest digest, long size) {
        ObjectNode n = JSON.createObjectNode();
        n.put("mediaType", mediaType).put("digest", digest.toString()).put("size", size);
        return n;
    }

    private static Digest blob(Path dir, byte[] content) throws IOException {
        Digest d = Digest.sha256(content);
        String s = d.toString();
        Files.write(dir.resolve("blobs/sha256").resolve(s.substring(s.indexOf(':') + 1)), content);
        return d;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** A POSIX ustar archive of the layer's entries. */
    static byte[] tar(Layer layer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : layer.entries.entrySet()) {
            boolean dir = e.getValue() == null;
            byte[] content = dir ? new byte[0] : e.getValue();
            out.write(header(e.getKey(), dir, content.length));
            out.write(content);
            int pad = (512 - content.length % 512) % 512;
            out.write(new byte[pad]);
        }
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    private static byte[] header(String name, boolean dir, long size) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            throw new IllegalArgumentException("tar name longer than 100 bytes: " + name);
        }
        byte[] h = new byte[512];
        System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
        octal(h, 100, 8, dir ? 0755 : 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, MTIME);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        h[156] = (byte) (dir ? '5' : '0');
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, h, 265, 4);
        System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, h, 297, 4);
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String chk = String.format("%06o", sum);
        System.arraycopy(chk.getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String s = String.format("%0" + (length - 1) + "o", value);
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, offset, length - 1);
        h[offset + length - 1] = 0;
    }
}
