package dev.containersec.image.internal.registry;

import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.internal.Streams;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails with {@link LimitExceededException} once more than a bound of bytes has been read. */
final class BoundedStream extends FilterInputStream {
    private final long max;
    private final String subject;
    private long count;

    BoundedStream(InputStream in, long max, String subject) {
        super(in);
        this.max = max;
        this.subject = subject;
    }

    @Override
    public int read() throws IOException {
        return Streams.readOne(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, (int) Math.min(len, max + 1 - count));
        if (n > 0) {
            count += n;
            if (count > max) {
                throw new LimitExceededException(subject, ScanLimits.Limit.LAYER_BYTES, max, count);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return Streams.skipByReading(this, n);
    }
}
