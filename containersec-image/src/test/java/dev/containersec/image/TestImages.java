package dev.containersec.image;

import com.github.luben.zstd.Zstd;
import dev.containersec.api.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Builds OCI image layouts from bytes the test writes, with hooks to make them wrong on purpose:
 * descriptors that lie about digests or sizes, missing blobs, hand-written JSON documents.
 *
 * <pre>{@code
 * TestImages.Layout image = TestImages.oci().layer(TestTar.build(t -> t.file("etc/passwd", "x").end())).write(dir);
 * }</pre>
 */
public final class TestImages {
    public static final String GZIP_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String ZSTD_LAYER = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String TAR_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private TestImages() {
    }

    public enum Compression { NONE, GZIP, ZSTD }

    public static OciBuilder oci() {
        return new OciBuilder();
    }

    // ---- compression helpers -------------------------------------------------------------------

    public static byte[] gzip(byte[] data) {
        return gzip(data, Deflater.DEFAULT_COMPRESSION);
    }

    public static byte[] gzip(byte[] data, int level) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream out = gzipStream(b, level)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** A gzip stream with a chosen deflate level (9 for the best ratio, 1 for speed). */
    public static GZIPOutputStream gzipStream(OutputStream out, int level) throws IOException {
        return new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(level);
            }
        };
    }

    public static byte[] zstd(byte[] data) {
        return Zstd.compress(data, 19);
    }

    public static byte[] compress(byte[] tar, Compression c) {
        switch (c) {
            case GZIP:
                return gzip(tar);
            case ZSTD:
                return zstd(tar);
            default:
                return tar;
        }
    }

    public static String mediaType(Compression c) {
        switch (c) {
            case GZIP:
                return GZIP_LAYER;
            case ZSTD:
                return ZSTD_LAYER;
            default:
                return TAR_LAYER;
        }
    }

    public static Digest sha256(byte[] data) {
        return Digest.sha256(data);
    }

    public static Digest sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md())) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // hashing as we go
            }
            return Digest.parse("sha256:" + HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest md() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A deeply nested JSON array, {@code [[[...]]]}. */
    public static String nestedArrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** Lists every path under a directory with its size, to prove nothing was written. */
    public static List<String> snapshot(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> {
                try {
                    return dir.relativize(p) + (Files.isRegularFile(p) ? " " + Files.size(p) : "/");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the layout builder --------------------------------------------------------------------

    private static final class LayerSpec {
        byte[] blob;
        Path blobFile;
        String mediaType;
        String digestOverride;
        Long sizeOverride;
    }

    /** Builds one OCI image layout directory. */
    public static final class OciBuilder {
        private final List<LayerSpec> layers = new ArrayList<>();
        private String config;
        private String manifest;
        private String index;
        private String indexExtra = "";
        private String configDescriptorDigest;
        private Long configDescriptorSize;

        /** Adds a layer: the tar is gzip-compressed. */
        public OciBuilder layer(byte[] tar) {
            return layer(tar, Compression.GZIP);
        }

        public OciBuilder layer(byte[] tar, Compression c) {
            return layerBlob(compress(tar, c), mediaType(c));
        }

        /** Adds a layer whose stored blob is given as is. */
        public OciBuilder layerBlob(byte[] blob, String mediaType) {
            LayerSpec s = new LayerSpec();
            s.blob = blob;
            s.mediaType = mediaType;
            layers.add(s);
            return this;
        }

        /** Adds a layer whose stored blob is a file already written (large blobs). */
        public OciBuilder layerFile(Path blob, String mediaType) {
            LayerSpec s = new LayerSpec();
            s.blobFile = blob;
            s.mediaType = mediaType;
            layers.add(s);
            return this;
        }

        /** Makes the last layer's descriptor name another digest (the blob is stored under it). */
        public OciBuilder lastLayerDigest(String digest) {
            layers.get(layers.size() - 1).digestOverride = digest;
            return this;
        }

        /** Makes the last layer's descriptor state another size. */
        public OciBuilder lastLayerSize(long size) {
            layers.get(layers.size() - 1).sizeOverride = size;
            return this;
        }

        /** Replaces the configuration document (the default is a minimal linux/amd64 config). */
        public OciBuilder config(String json) {
            this.config = json;
            return this;
        }

        public OciBuilder configDescriptorSize(long size) {
            this.configDescriptorSize = size;
            return this;
        }

        /** Makes the manifest name the config by another digest (the config is stored under it). */
        public OciBuilder configDescriptorDigest(String digest) {
            this.configDescriptorDigest = digest;
            return this;
        }

        /** Replaces the manifest document; {@code %CONFIG%} and {@code %LAYERS%} expand to descriptors. */
        public OciBuilder manifest(String json) {
            this.manifest = json;
            return this;
        }

        /** Replaces index.json; {@code %MANIFEST%} expands to the manifest descriptor. */
        public OciBuilder index(String json) {
            this.index = json;
            return this;
        }

        /** Adds JSON members (leading comma included) to the manifest descriptor in index.json. */
        public OciBuilder manifestDescriptorExtra(String members) {
            this.indexExtra = members;
            return this;
        }

        public Layout write(Path dir) {
            try {
                Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
                List<String> layerDescriptors = new ArrayList<>();
                List<Digest> layerDigests = new ArrayList<>();
                List<String> diffIds = new ArrayList<>();
                for (LayerSpec s : layers) {
                    Digest actual;
                    long size;
                    if (s.blob != null) {
                        actual = sha256(s.blob);
                        size = s.blob.length;
                    } else {
                        actual = sha256(s.blobFile);
                        size = Files.size(s.blobFile);
                    }
                    Digest named = s.digestOverride != null ? Digest.parse(s.digestOverride) : actual;
                    Path target = blobs.resolve(named.hex());
                    if (s.blob != null) {
                        Files.write(target, s.blob);
                    } else {
                        Files.copy(s.blobFile, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    layerDigests.add(named);
                    diffIds.add("\"" + named + "\"");
                    layerDescriptors.add(descriptor(s.mediaType, named.toString(),
                            s.sizeOverride != null ? s.sizeOverride : size, ""));
                }
                String configJson = config != null ? config
                        : "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + String.join(",", diffIds) + "]}}";
                byte[] configBytes = utf8(configJson);
                Digest configDigest = configDescriptorDigest != null ? Digest.parse(configDescriptorDigest)
                        : sha256(configBytes);
                Files.write(blobs.resolve(configDigest.hex()), configBytes);
                String configDescriptor = descriptor(OCI_CONFIG, configDigest.toString(),
                        configDescriptorSize != null ? configDescriptorSize : configBytes.length, "");
                String manifestJson = (manifest != null ? manifest
                        : "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":%CONFIG%,"
                        + "\"layers\":[%LAYERS%]}")
                        .replace("%CONFIG%", configDescriptor).replace("%LAYERS%", String.join(",", layerDescriptors));
                byte[] manifestBytes = utf8(manifestJson);
                Digest manifestDigest = sha256(manifestBytes);
                Files.write(blobs.resolve(manifestDigest.hex()), manifestBytes);
                String manifestDescriptor = descriptor(OCI_MANIFEST, manifestDigest.toString(), manifestBytes.length,
                        indexExtra);
                String indexJson = (index != null ? index
                        : "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                        + "\"manifests\":[%MANIFEST%]}").replace("%MANIFEST%", manifestDescriptor);
                Files.write(dir.resolve("index.json"), utf8(indexJson));
                Files.write(dir.resolve("oci-layout"), utf8("{\"imageLayoutVersion\":\"1.0.0\"}"));
                return new Layout(dir, manifestDigest, configDigest, layerDigests);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String descriptor(String mediaType, String digest, long size, String extra) {
            return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + extra + "}";
        }
    }

    /** A written layout and the digests its documents name. */
    public record Layout(Path dir, Digest manifest, Digest config, List<Digest> layers) {

        public Path blob(Digest d) {
            return dir.resolve("blobs/sha256/" + d.hex());
        }

        public String location() {
            return "oci:" + dir;
        }

        /** Writes this layout as an uncompressed tar (an oci-archive), with extra raw entries first. */
        public Path toArchive(Path file, java.util.function.Consumer<TestTar> extra) {
            try (OutputStream out = Files.newOutputStream(file)) {
                TestTar tar = new TestTar(out);
                extra.accept(tar);
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted().collect(Collectors.toList())) {
                        if (Files.isRegularFile(p)) {
                            tar.file(dir.relativize(p).toString(), Files.readAllBytes(p));
                        }
                    }
                }
                tar.end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return file;
        }
    }
}
