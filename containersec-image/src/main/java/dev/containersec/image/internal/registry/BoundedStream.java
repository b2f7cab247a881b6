package dev.containersec.image.internal.registry;

import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
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
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
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
        byte[] buf = new byte[(int) Math.min(64 * 1024, Math.max(1, n))];
        long total = 0;
        while (total < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - total));
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }
}
