package dev.containersec.image.internal;

import dev.containersec.api.Digest;
import dev.containersec.api.DigestMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a blob's bytes through while hashing and counting them; at the end of the blob (or on
 * {@link #verifyToEnd()}) compares digest and size with what the blob was referenced by. Reads stop
 * one byte past the expected size, so an endless or oversized blob is a mismatch, not a hang.
 */
public final class VerifyingInputStream extends InputStream {
    private final InputStream in;
    private final Digest expected;
    private final long expectedSize;
    private final String blob;
    private final MessageDigest md;
    private long count;
    private boolean verified;

    /**
     * @param in the raw blob bytes
     * @param expected the digest to verify against, or null to count only
     * @param expectedSize the size to verify against, or -1 when unknown
     * @param blob a description of the blob for errors
     */
    public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String blob) {
        this.in = in;
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.blob = blob;
        this.md = expected == null ? null : expected.algorithm().newMessageDigest();
    }

    /** A stream that only counts: for stored blobs whose digest is not known (compressed docker-archive layers). */
    static VerifyingInputStream countingOnly(InputStream in, String blob) {
        return new VerifyingInputStream(in, null, -1, blob);
    }

    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        return Streams.readOne(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (verified) {
            return -1;
        }
        if (len == 0) {
            // InputStream.readNBytes asks for 0 bytes when its buffer is full: that is not the end.
            return 0;
        }
        int want = len;
        if (expectedSize >= 0) {
            want = (int) Math.min(len, expectedSize + 1 - count);
        }
        int n = want <= 0 ? -1 : in.read(b, off, want);
        if (n < 0 || (expectedSize >= 0 && count + n > expectedSize)) {
            if (n > 0) {
                count += n;
            }
            verify();
            return -1;
        }
        if (md != null) {
            md.update(b, off, n);
        }
        count += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return Streams.skipByReading(this, n);
    }

    @Override
    public int available() throws IOException {
        if (verified) {
            return 0;
        }
        int a = in.available();
        return expectedSize >= 0 ? (int) Math.min(a, Math.max(0, expectedSize - count)) : a;
    }

    /** Reads whatever is left of the blob and verifies it; idempotent. */
    public void verifyToEnd() throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (!verified) {
            read(buf, 0, buf.length);
        }
    }

    private void verify() {
        verified = true;
        if (expected == null) {
            return;
        }
        if (expectedSize >= 0 && count != expectedSize) {
            throw new DigestMismatchException(blob, expected, (count > expectedSize ? "more than " : "")
                    + count + " bytes where the descriptor says " + expectedSize);
        }
        Digest actual = Digest.fromBytes(expected.algorithm(), md.digest());
        if (!actual.equals(expected)) {
            throw new DigestMismatchException(blob, expected, actual.toString());
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
