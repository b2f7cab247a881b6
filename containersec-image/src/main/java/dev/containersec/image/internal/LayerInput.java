package dev.containersec.image.internal;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.containersec.api.DigestMismatchException;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ProgressListener;
import dev.containersec.api.ScanLimits;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * One layer opened for reading: the stored blob is verified as it streams, decompressed according to
 * its magic bytes (gzip, zstd or none, whatever the media type claims), and the decompressed bytes are
 * counted against the per-layer, per-image, ratio and time limits.
 */
final class LayerInput implements Closeable {
    private static final int BUFFER = 64 * 1024;

    private final LayerBlob layer;
    private final VerifyingInputStream raw;
    private final VerifyingInputStream uncompressedVerifier;
    private final InputStream decompressed;
    private final Budget budget;
    private final InputStream tar;

    /** Byte counters and limits shared by all layers of one walk. */
    static final class Budget {
        final ScanLimits limits;
        final long deadlineNanos;
        final ProgressListener progress;
        long imageBytes;
        long compressedBytes;

        Budget(ScanLimits limits, ProgressListener progress) {
            this.limits = limits;
            this.progress = progress;
            this.deadlineNanos = System.nanoTime() + limits.timeout().toNanos();
        }

        void checkTime(String subject) {
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new LimitExceededException(subject, ScanLimits.Limit.TIME, limits.timeout().toMillis(),
                        limits.timeout().toMillis() + 1);
            }
        }
    }

    private LayerInput(LayerBlob layer, VerifyingInputStream raw, VerifyingInputStream uncompressedVerifier,
                       InputStream decompressed, Budget budget) {
        this.layer = layer;
        this.raw = raw;
        this.uncompressedVerifier = uncompressedVerifier;
        this.decompressed = decompressed;
        this.budget = budget;
        this.tar = new BufferedInputStream(new Counting(uncompressedVerifier != null ? uncompressedVerifier : decompressed), BUFFER);
    }

    static LayerInput open(FileTree files, LayerBlob layer, Budget budget) {
        String subject = layer.describe();
        InputStream blob = files.open(layer.path());
        try {
            // A diffID names the uncompressed tar, so the stored bytes are only counted and the tar is verified.
            VerifyingInputStream raw = layer.digestOfUncompressed() ? VerifyingInputStream.countingOnly(blob, subject)
                    : new VerifyingInputStream(blob, layer.descriptor().digest(), layer.descriptor().size(), subject);
            BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER);
            buffered.mark(4);
            byte[] magic = buffered.readNBytes(4);
            buffered.reset();
            InputStream decompressed;
            if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                decompressed = new GZIPInputStream(buffered, BUFFER);
            } else if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                    && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
                decompressed = new ZstdInputStreamNoFinalizer(buffered);
            } else {
                decompressed = buffered;
            }
            VerifyingInputStream uncompressedVerifier = null;
            if (layer.digestOfUncompressed()) {
                uncompressedVerifier = new VerifyingInputStream(decompressed, layer.descriptor().digest(), -1,
                        decompressed == buffered ? subject : subject + " (uncompressed)");
            }
            return new LayerInput(layer, raw, uncompressedVerifier, decompressed, budget);
        } catch (IOException e) {
            closeQuietly(blob);
            throw new InvalidInputException(subject, "cannot decompress: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(blob);
            throw e;
        }
    }

    /** The decompressed tar stream. */
    InputStream tar() {
        return tar;
    }

    /**
     * Reads what is left of the blob and verifies its digest. Call after the tar's end marker (or
     * after reading what was wanted): a layer is trusted only once this returns.
     */
    void verifyToEnd() {
        try {
            if (uncompressedVerifier != null) {
                // Through the counting stream, so that the rest of the tar is held to the same limits.
                byte[] buf = new byte[BUFFER];
                while (tar.read(buf) >= 0) {
                    // drained for verification
                }
                uncompressedVerifier.verifyToEnd();
            }
            raw.verifyToEnd();
        } catch (IOException e) {
            throw new InvalidInputException(layer.describe(), "cannot read to the end: " + e.getMessage(), e);
        }
    }

    /**
     * After the layer failed to parse: when the blob does not match its digest, that is the real cause
     * (a tampered or corrupted blob), so the mismatch is thrown instead, with the parse failure suppressed.
     * Reads at most the rest of the stored blob; limits and mismatches were already thrown as they are.
     */
    void preferDigestMismatch(InvalidInputException failure) {
        if (failure instanceof DigestMismatchException || failure instanceof LimitExceededException) {
            return;
        }
        try {
            raw.verifyToEnd();
        } catch (DigestMismatchException mismatch) {
            mismatch.addSuppressed(failure);
            throw mismatch;
        } catch (IOException | RuntimeException ignored) {
            // The parse failure stands.
        }
    }

    @Override
    public void close() {
        closeQuietly(decompressed);
        closeQuietly(raw);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // Closing a read-only stream loses nothing.
        }
    }

    /** Counts decompressed bytes against the limits. */
    private final class Counting extends InputStream {
        private final InputStream in;
        private long layerBytes;
        private long lastProgress;

        Counting(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            return Streams.readOne(this);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                account(n);
            }
            return n;
        }

        private void account(int n) {
            ScanLimits limits = budget.limits;
            layerBytes += n;
            budget.imageBytes += n;
            String subject = layer.describe();
            if (layerBytes > limits.maxLayerBytes()) {
                throw new LimitExceededException(subject, ScanLimits.Limit.LAYER_BYTES, limits.maxLayerBytes(), layerBytes);
            }
            if (budget.imageBytes > limits.maxImageBytes()) {
                throw new LimitExceededException(subject, ScanLimits.Limit.IMAGE_BYTES, limits.maxImageBytes(),
                        budget.imageBytes);
            }
            if (layerBytes > ScanLimits.RATIO_GRACE_BYTES) {
                long compressed = Math.max(1, raw.count());
                long ratio = layerBytes / compressed;
                if (ratio > limits.maxCompressionRatio()) {
                    throw new LimitExceededException(subject, ScanLimits.Limit.COMPRESSION_RATIO,
                            limits.maxCompressionRatio(), ratio);
                }
            }
            if (layerBytes - lastProgress >= (8 << 20)) {
                lastProgress = layerBytes;
                budget.checkTime(subject);
                budget.progress.progress(subject, raw.count(), layer.descriptor().size());
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }
    }
}
