package dev.containersec.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on everything that untrusted input controls. Hitting a bound ends the operation with a
 * {@link LimitExceededException} naming the {@link Limit}, never with a hang or an out-of-memory error.
 *
 * <p>{@link #defaults()} suits real images up to tens of GiB; {@link #builder()} starts from the
 * defaults so that only the bounds a caller cares about need setting:
 *
 * <pre>{@code
 * ScanLimits limits = ScanLimits.builder().maxLayerBytes(1L << 30).timeout(Duration.ofMinutes(2)).build();
 * }</pre>
 *
 * @param maxDocumentBytes largest JSON or YAML document read (index, manifest, config, SBOM)
 * @param maxJsonDepth deepest nesting of arrays and objects in such a document
 * @param maxLayers most layers in one image
 * @param maxLayerBytes most bytes one layer may decompress to
 * @param maxImageBytes most bytes all layers of one image may decompress to together
 * @param maxCompressionRatio largest ratio of decompressed to compressed bytes, enforced once a
 *     layer has produced more than {@link #RATIO_GRACE_BYTES}; catches decompression bombs early
 * @param maxEntriesPerLayer most tar entries in one layer
 * @param maxEntriesPerImage most tar entries in all layers together
 * @param maxPathBytes longest entry path or link target, in UTF-8 bytes
 * @param maxPathDepth most path components in an entry path
 * @param maxTarHeaderBytes largest PAX extended header or GNU long name record
 * @param maxSymlinkHops most symlinks followed to resolve one path (the kernel allows 40)
 * @param maxNestedArchiveDepth deepest nesting of archives in archives (jars in jars)
 * @param maxNestedBytes most bytes read from nested archives in one image
 * @param maxSkipsListed most skipped entries listed one by one; further skips are only counted
 * @param timeout the longest one operation (a walk, a parse) may take
 */
public record ScanLimits(long maxDocumentBytes, int maxJsonDepth, int maxLayers, long maxLayerBytes,
                         long maxImageBytes, int maxCompressionRatio, long maxEntriesPerLayer,
                         long maxEntriesPerImage, int maxPathBytes, int maxPathDepth, int maxTarHeaderBytes,
                         int maxSymlinkHops, int maxNestedArchiveDepth, long maxNestedBytes,
                         int maxSkipsListed, Duration timeout) {

    /** Decompressed bytes a layer may produce before {@link #maxCompressionRatio()} is enforced. */
    public static final long RATIO_GRACE_BYTES = 256L << 20;

    private static final ScanLimits DEFAULTS = new ScanLimits(
            16L << 20, 64, 1_000, 16L << 30, 64L << 30, 250, 5_000_000, 10_000_000, 4_096, 256,
            1 << 20, 40, 8, 4L << 30, 1_000, Duration.ofMinutes(30));

    /**
     * Validates every bound.
     *
     * @throws IllegalArgumentException naming the first bound that is not positive
     */
    public ScanLimits {
        positive("maxDocumentBytes", maxDocumentBytes);
        positive("maxJsonDepth", maxJsonDepth);
        positive("maxLayers", maxLayers);
        positive("maxLayerBytes", maxLayerBytes);
        positive("maxImageBytes", maxImageBytes);
        positive("maxCompressionRatio", maxCompressionRatio);
        positive("maxEntriesPerLayer", maxEntriesPerLayer);
        positive("maxEntriesPerImage", maxEntriesPerImage);
        positive("maxPathBytes", maxPathBytes);
        positive("maxPathDepth", maxPathDepth);
        positive("maxTarHeaderBytes", maxTarHeaderBytes);
        positive("maxSymlinkHops", maxSymlinkHops);
        positive("maxNestedArchiveDepth", maxNestedArchiveDepth);
        positive("maxNestedBytes", maxNestedBytes);
        positive("maxSkipsListed", maxSkipsListed);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /**
     * Returns the safe defaults: 16 MiB documents nested at most 64 deep, 1,000 layers of at most
     * 16 GiB each and 64 GiB in all, a compression ratio of at most 250 (deflate tops out near
     * 1,030:1, so a gzip bomb stops once the first 256 MiB are out; real layers stay far below 250),
     * 5 million entries per layer and 10 million per image, paths of 4 KiB and 256 components, 1 MiB
     * tar extension headers, 40 symlink hops, archives nested 8 deep with 4 GiB in all, and 30 minutes.
     *
     * @return the default limits
     */
    public static ScanLimits defaults() {
        return DEFAULTS;
    }

    /**
     * Starts a builder from the defaults.
     *
     * @return a builder holding {@link #defaults()}
     */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /**
     * Starts a builder from these limits.
     *
     * @return a builder holding this value
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("ScanLimits." + name + " must be positive, was " + value);
        }
    }

    /** The bounds, named for error reporting. */
    public enum Limit {
        /** {@link ScanLimits#maxDocumentBytes()}. */
        DOCUMENT_BYTES("document size in bytes", "maxDocumentBytes"),
        /** {@link ScanLimits#maxJsonDepth()}. */
        JSON_DEPTH("document nesting depth", "maxJsonDepth"),
        /** {@link ScanLimits#maxLayers()}. */
        LAYERS("number of layers", "maxLayers"),
        /** {@link ScanLimits#maxLayerBytes()}. */
        LAYER_BYTES("decompressed layer size in bytes", "maxLayerBytes"),
        /** {@link ScanLimits#maxImageBytes()}. */
        IMAGE_BYTES("decompressed image size in bytes", "maxImageBytes"),
        /** {@link ScanLimits#maxCompressionRatio()}. */
        COMPRESSION_RATIO("compression ratio", "maxCompressionRatio"),
        /** {@link ScanLimits#maxEntriesPerLayer()}. */
        ENTRIES_PER_LAYER("number of entries in one layer", "maxEntriesPerLayer"),
        /** {@link ScanLimits#maxEntriesPerImage()}. */
        ENTRIES_PER_IMAGE("number of entries in the image", "maxEntriesPerImage"),
        /** {@link ScanLimits#maxTarHeaderBytes()}. */
        TAR_HEADER_BYTES("tar extended header size in bytes", "maxTarHeaderBytes"),
        /** {@link ScanLimits#maxNestedArchiveDepth()}. */
        NESTED_ARCHIVE_DEPTH("nested archive depth", "maxNestedArchiveDepth"),
        /** {@link ScanLimits#maxNestedBytes()}. */
        NESTED_BYTES("bytes read from nested archives", "maxNestedBytes"),
        /** {@link ScanLimits#timeout()}. */
        TIME("elapsed time in milliseconds", "timeout");

        private final String description;
        private final String builderMethod;

        Limit(String description, String builderMethod) {
            this.description = description;
            this.builderMethod = builderMethod;
        }

        /**
         * Returns what the limit bounds, in words.
         *
         * @return for example {@code "decompressed layer size in bytes"}
         */
        public String description() {
            return description;
        }

        /**
         * Returns the name of the builder method that raises this limit.
         *
         * @return for example {@code "maxLayerBytes"}
         */
        public String builderMethod() {
            return builderMethod;
        }
    }

    /** Builds a {@link ScanLimits}; every setter validates when {@link #build()} is called. */
    public static final class Builder {
        private long maxDocumentBytes;
        private int maxJsonDepth;
        private int maxLayers;
        private long maxLayerBytes;
        private long maxImageBytes;
        private int maxCompressionRatio;
        private long maxEntriesPerLayer;
        private long maxEntriesPerImage;
        private int maxPathBytes;
        private int maxPathDepth;
        private int maxTarHeaderBytes;
        private int maxSymlinkHops;
        private int maxNestedArchiveDepth;
        private long maxNestedBytes;
        private int maxSkipsListed;
        private Duration timeout;

        private Builder(ScanLimits from) {
            maxDocumentBytes = from.maxDocumentBytes;
            maxJsonDepth = from.maxJsonDepth;
            maxLayers = from.maxLayers;
            maxLayerBytes = from.maxLayerBytes;
            maxImageBytes = from.maxImageBytes;
            maxCompressionRatio = from.maxCompressionRatio;
            maxEntriesPerLayer = from.maxEntriesPerLayer;
            maxEntriesPerImage = from.maxEntriesPerImage;
            maxPathBytes = from.maxPathBytes;
            maxPathDepth = from.maxPathDepth;
            maxTarHeaderBytes = from.maxTarHeaderBytes;
            maxSymlinkHops = from.maxSymlinkHops;
            maxNestedArchiveDepth = from.maxNestedArchiveDepth;
            maxNestedBytes = from.maxNestedBytes;
            maxSkipsListed = from.maxSkipsListed;
            timeout = from.timeout;
        }

        /** @param v see {@link ScanLimits#maxDocumentBytes()} @return this builder */
        public Builder maxDocumentBytes(long v) { maxDocumentBytes = v; return this; }

        /** @param v see {@link ScanLimits#maxJsonDepth()} @return this builder */
        public Builder maxJsonDepth(int v) { maxJsonDepth = v; return this; }

        /** @param v see {@link ScanLimits#maxLayers()} @return this builder */
        public Builder maxLayers(int v) { maxLayers = v; return this; }

        /** @param v see {@link ScanLimits#maxLayerBytes()} @return this builder */
        public Builder maxLayerBytes(long v) { maxLayerBytes = v; return this; }

        /** @param v see {@link ScanLimits#maxImageBytes()} @return this builder */
        public Builder maxImageBytes(long v) { maxImageBytes = v; return this; }

        /** @param v see {@link ScanLimits#maxCompressionRatio()} @return this builder */
        public Builder maxCompressionRatio(int v) { maxCompressionRatio = v; return this; }

        /** @param v see {@link ScanLimits#maxEntriesPerLayer()} @return this builder */
        public Builder maxEntriesPerLayer(long v) { maxEntriesPerLayer = v; return this; }

        /** @param v see {@link ScanLimits#maxEntriesPerImage()} @return this builder */
        public Builder maxEntriesPerImage(long v) { maxEntriesPerImage = v; return this; }

        /** @param v see {@link ScanLimits#maxPathBytes()} @return this builder */
        public Builder maxPathBytes(int v) { maxPathBytes = v; return this; }

        /** @param v see {@link ScanLimits#maxPathDepth()} @return this builder */
        public Builder maxPathDepth(int v) { maxPathDepth = v; return this; }

        /** @param v see {@link ScanLimits#maxTarHeaderBytes()} @return this builder */
        public Builder maxTarHeaderBytes(int v) { maxTarHeaderBytes = v; return this; }

        /** @param v see {@link ScanLimits#maxSymlinkHops()} @return this builder */
        public Builder maxSymlinkHops(int v) { maxSymlinkHops = v; return this; }

        /** @param v see {@link ScanLimits#maxNestedArchiveDepth()} @return this builder */
        public Builder maxNestedArchiveDepth(int v) { maxNestedArchiveDepth = v; return this; }

        /** @param v see {@link ScanLimits#maxNestedBytes()} @return this builder */
        public Builder maxNestedBytes(long v) { maxNestedBytes = v; return this; }

        /** @param v see {@link ScanLimits#maxSkipsListed()} @return this builder */
        public Builder maxSkipsListed(int v) { maxSkipsListed = v; return this; }

        /** @param v see {@link ScanLimits#timeout()} @return this builder */
        public Builder timeout(Duration v) { timeout = v; return this; }

        /**
         * Builds the limits.
         *
         * @return the validated limits
         * @throws IllegalArgumentException naming the first invalid bound
         */
        public ScanLimits build() {
            return new ScanLimits(maxDocumentBytes, maxJsonDepth, maxLayers, maxLayerBytes, maxImageBytes,
                    maxCompressionRatio, maxEntriesPerLayer, maxEntriesPerImage, maxPathBytes, maxPathDepth,
                    maxTarHeaderBytes, maxSymlinkHops, maxNestedArchiveDepth, maxNestedBytes, maxSkipsListed,
                    timeout);
        }
    }
}
