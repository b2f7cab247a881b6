package dev.containersec.runtime.internal.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@code \n}-terminated lines from an untrusted stream with a bound on each line: a longer line is
 * skipped whole and counted, never buffered. Not thread-safe.
 */
public final class BoundedLineReader {

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int len;
    private long oversized;

    /**
     * @param in the stream, read in chunks
     * @param maxLineBytes the longest line accepted, without its terminator
     */
    public BoundedLineReader(InputStream in, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be >= 1, was " + maxLineBytes);
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Returns the next line (UTF-8, malformed bytes replaced), skipping over-long lines; null at the end.
     * A last line without terminator is returned too.
     */
    public String readLine() throws IOException {
        byte[] line = new byte[256];
        int n = 0;
        boolean tooLong = false;
        while (true) {
            if (pos == len) {
                len = in.read(buf, 0, buf.length);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    if (n == 0 && !tooLong) {
                        return null;
                    }
                    if (tooLong) {
                        oversized++;
                        return null;
                    }
                    return new String(line, 0, n, StandardCharsets.UTF_8);
                }
            }
            byte b = buf[pos++];
            if (b == '\n') {
                if (tooLong) {
                    oversized++;
                    tooLong = false;
                    n = 0;
                    continue;
                }
                return new String(line, 0, n, StandardCharsets.UTF_8);
            }
            if (tooLong) {
                continue;
            }
            if (n == maxLineBytes) {
                tooLong = true;
                continue;
            }
            if (n == line.length) {
                line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
            }
            line[n++] = b;
        }
    }

    /** Returns how many lines were skipped because they exceeded the bound. */
    public long oversizedLines() {
        return oversized;
    }
}
