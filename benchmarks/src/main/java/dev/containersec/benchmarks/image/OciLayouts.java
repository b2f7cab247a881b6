package dev.containersec.benchmarks.image;

import dev.containersec.api.Digest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Writes OCI image layouts from gzip-compressed layer tarballs, for benchmarks that need real images
 * of a chosen shape. The layouts are what {@code umoci} or {@code skopeo} would write: oci-layout,
 * index.json with a ref name, and content-addressed blobs.
 */
public final class OciLayouts {
    private OciLayouts() {
    }

    /** Builds {@code dir} as an OCI layout tagged {@code tag} from the given gzip layers (bottom first). */
    public static void write(Path dir, String tag, List<Path> gzipLayers) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        List<String> layerDescriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (Path layer : gzipLayers) {
            byte[] gz = Files.readAllBytes(layer);
            Digest d = Digest.sha256(gz);
            Files.write(blobs.resolve(d.hex()), gz);
            layerDescriptors.add("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + d
                    + "\",\"size\":" + gz.length + "}");
            diffIds.add("\"" + diffId(layer) + "\"");
        }
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"1000\"},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + String.join(",", diffIds) + "]}}";
        String configDescriptor = writeBlob(blobs, config, "application/vnd.oci.image.config.v1+json");
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                + configDescriptor + ",\"layers\":[" + String.join(",", layerDescriptors) + "]}";
        String manifestDescriptor = writeBlob(blobs, manifest, "application/vnd.oci.image.manifest.v1+json");
        String withRef = manifestDescriptor.substring(0, manifestDescriptor.length() - 1)
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}";
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[" + withRef + "]}");
    }

    private static String writeBlob(Path blobs, String json, String mediaType) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Digest d = Digest.sha256(bytes);
        Files.write(blobs.resolve(d.hex()), bytes);
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + d + "\",\"size\":" + bytes.length + "}";
    }

    private static String diffId(Path gzipLayer) throws IOException {
        MessageDigest md = dev.containersec.api.DigestAlgorithm.SHA256.newMessageDigest();
        try (InputStream in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(gzipLayer), 65536), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    /**
     * Deletes a scratch directory and everything in it.
     *
     * @param dir the directory
     * @throws IOException if it cannot be listed
     */
    public static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Writes the benchmarks' large real image: four gzip layers from directories of this machine (about 500 MB
     * uncompressed: /etc, dpkg's state and Python's library; the running JDK; node modules and Perl; C headers),
     * skipping directories this machine lacks, as an OCI layout tagged {@code bench}.
     *
     * @param dir a scratch directory for the layers and the layout
     * @return the layout's directory
     * @throws IOException if writing fails
     */
    public static Path machineImage(Path dir) throws IOException {
        Path jdk = Path.of(System.getProperty("java.home")).toRealPath();
        List<List<String>> sources = List.of(
                List.of("/etc", "/var/lib/dpkg", "/usr/lib/python3"),
                List.of(jdk.toString()),
                List.of("/usr/lib/node_modules", "/usr/share/perl"),
                List.of("/usr/include"));
        List<Path> layers = new java.util.ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Path out = dir.resolve("layer" + i + ".tar.gz");
            List<String> rel = sources.get(i).stream().filter(p -> java.nio.file.Files.isDirectory(Path.of(p)))
                    .map(p -> p.substring(1)).toList();
            tarGz(out, Path.of("/"), rel);
            layers.add(out);
        }
        Path layout = dir.resolve("layout");
        write(layout, "bench", layers);
        return layout;
    }

    /** Runs {@code tar czf out -C dir paths...} with the system's GNU tar. */
    public static void tarGz(Path out, Path dir, List<String> paths) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tar", "--numeric-owner", "-czf", out.toString(), "-C", dir.toString()));
        cmd.addAll(paths);
        run(cmd);
    }

    static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (p.waitFor() != 0) {
                throw new IOException("command failed (" + p.exitValue() + "): " + cmd);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + cmd, e);
        }
    }

    /** Writes a gzip tar of {@code count} small files (about 20 bytes each) under a few thousand directories. */
    static void manySmallFiles(Path out, int count) throws IOException {
        try (OutputStream os = new java.util.zip.GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(out), 1 << 16), 1 << 16)) {
            byte[] header = new byte[512];
            byte[] pad = new byte[512];
            for (int d = 0; d < (count + 999) / 1000; d++) {
                tarHeader(header, String.format("data/d%05d/", d), '5', 0);
                os.write(header);
                for (int f = 0; f < 1000 && d * 1000 + f < count; f++) {
                    byte[] body = ("file " + (d * 1000 + f) + " content\n").getBytes(StandardCharsets.US_ASCII);
                    tarHeader(header, String.format("data/d%05d/file-%07d.txt", d, d * 1000 + f), '0', body.length);
                    os.write(header);
                    os.write(body);
                    os.write(pad, 0, 512 - body.length);
                }
            }
            os.write(new byte[1024]);
        }
    }

    private static void tarHeader(byte[] h, String name, char type, long size) {
        java.util.Arrays.fill(h, (byte) 0);
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, n.length);
        octal(h, 100, 8, type == '5' ? 0755 : 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 1_700_000_000L);
        h[156] = (byte) type;
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
    }

    private static void octal(byte[] h, int off, int len, long v) {
        String s = Long.toOctalString(v);
        String padded = "0".repeat(Math.max(0, len - 1 - s.length())) + s;
        byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, Math.min(b.length, len - 1));
        h[off + len - 1] = 0;
    }
}
