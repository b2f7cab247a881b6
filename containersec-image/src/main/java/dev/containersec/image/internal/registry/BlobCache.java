package dev.containersec.image.internal.registry;

import dev.containersec.api.Digest;
import dev.containersec.api.DigestMismatchException;
import dev.containersec.image.internal.Streams;
import dev.containersec.image.internal.VerifyingInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blobs on disk, keyed by digest ({@code DIR/sha256/HEX}), shareable by several processes: a blob is
 * written to a temporary file in the same directory while it streams, and moved atomically to its
 * name only after its digest was verified, so readers only ever see complete, verified files. Two
 * processes fetching the same blob both write temporaries; the second move replaces an identical file.
 *
 * <p>Nothing is trusted on name: every read goes through digest verification again, and a cached
 * file that no longer matches (disk corruption, tampering) is deleted and reported as a
 * {@link DigestMismatchException}; the next read fetches it afresh.
 */
public final class BlobCache {
    private static final Logger LOG = LoggerFactory.getLogger(BlobCache.class);
    private final Path dir;

    /** Creates a cache in a directory, which is created when the first blob is written. */
    public BlobCache(Path dir) {
        this.dir = dir;
    }

    /** The cache directory. */
    public Path dir() {
        return dir;
    }

    Path pathOf(Digest d) {
        return dir.resolve(d.algorithm().ociName()).resolve(d.hex());
    }

    /** Whether a complete blob is cached. */
    public boolean contains(Digest d) {
        try {
            return Files.readAttributes(pathOf(d), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile();
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens a cached blob through verification, or empty when it is not cached. */
    public Optional<InputStream> open(Digest d, long size, String subject) {
        Path p = pathOf(d);
        if (!contains(d)) {
            return Optional.empty();
        }
        InputStream raw;
        try {
            raw = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Optional.empty();
        }
        VerifyingInputStream verified = new VerifyingInputStream(raw, d, size, subject + " (cached " + p + ")");
        return Optional.of(new FilterInputStream(verified) {
            @Override
            public int read() throws IOException {
                return Streams.readOne(this);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (DigestMismatchException e) {
                    LOG.warn("cached blob {} does not match its digest; deleted", p);
                    Files.deleteIfExists(p);
                    throw e;
                }
            }
        });
    }

    /**
     * Wraps a verifying stream so that what it delivers is also written to a temporary file, which
     * becomes the cached blob when the stream ends (the verifying stream reports the end only after
     * the digest matched). A stream closed early leaves nothing behind.
     */
    public InputStream tee(InputStream verifiedSource, Digest d) {
        Path target = pathOf(d);
        Path tmp;
        OutputStream out;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), ".tmp-" + d.hex().substring(0, 12) + "-", ".part");
            out = Files.newOutputStream(tmp);
        } catch (IOException e) {
            LOG.warn("blob cache {} not writable ({}); reading without caching", dir, e.toString());
            return verifiedSource;
        }
        return new Tee(verifiedSource, out, tmp, target);
    }

    private static final class Tee extends FilterInputStream {
        private final OutputStream out;
        private final Path tmp;
        private final Path target;
        private boolean done;

        Tee(InputStream in, OutputStream out, Path tmp, Path target) {
            super(in);
            this.out = out;
            this.tmp = tmp;
            this.target = target;
        }

        @Override
        public int read() throws IOException {
            return Streams.readOne(this);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                abandon();
                throw e;
            }
            if (n < 0) {
                commit();
            } else if (!done) {
                out.write(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return Streams.skipByReading(this, n);
        }

        private void commit() throws IOException {
            if (done) {
                return;
            }
            done = true;
            out.close();
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(tmp);
            }
        }

        private void abandon() {
            if (done) {
                return;
            }
            done = true;
            try {
                out.close();
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.debug("cannot delete {}", tmp, e);
            }
        }

        @Override
        public void close() throws IOException {
            abandon();
            super.close();
        }
    }
}
