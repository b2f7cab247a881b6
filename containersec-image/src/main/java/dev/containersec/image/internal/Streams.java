package dev.containersec.image.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * The plumbing the image module's stream wrappers share, so that every byte goes through their
 * {@code read(byte[], int, int)}: that is where they count, bound, verify, resume or copy.
 */
public final class Streams {

    private static final int SKIP_BUFFER = 64 * 1024;

    private Streams() {
    }

    /**
     * {@link InputStream#read()} in terms of {@code in.read(byte[], int, int)}.
     *
     * @param in the stream whose bulk read does the work
     * @return the byte read, 0 to 255, or -1 at the end
     * @throws IOException as the bulk read throws
     */
    public static int readOne(InputStream in) throws IOException {
        byte[] one = new byte[1];
        return in.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /**
     * {@link InputStream#skip(long)} by reading and discarding through {@code in.read(byte[], int, int)}, so
     * skipped bytes are counted and digested like read ones (a wrapper must not let its source skip them).
     *
     * @param in the stream whose bulk read does the work
     * @param n  the number of bytes to skip
     * @return the number of bytes skipped, less than {@code n} only at the end
     * @throws IOException as the bulk read throws
     */
    public static long skipByReading(InputStream in, long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(SKIP_BUFFER, Math.max(1, n))];
        long total = 0;
        while (total < n) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n - total));
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }
}
