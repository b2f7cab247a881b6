package dev.containersec.image.internal.registry;

import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.RegistryException;
import dev.containersec.image.internal.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A blob download that survives broken connections: when a read fails, or the body ends before the
 * length the server announced, the blob is requested again from the byte where it broke (a Range
 * request; the opener skips ahead when the server ignores Range). Resumptions are bounded, and every
 * read checks the operation's deadline so a server trickling bytes cannot hold a scan forever.
 */
final class ResumableStream extends InputStream {

    /** An opened body and the blob's total length (-1 when unknown). */
    record Opened(InputStream body, long total, Runnable close) {
    }

    /** Opens the blob at an offset. */
    interface Opener {
        Opened open(long offset);
    }

    private final Opener opener;
    private final int maxResumes;
    private final long deadline;
    private final Duration timeout;
    private final String subject;
    private Opened current;
    private long position;
    private int resumes;
    private boolean ended;

    ResumableStream(Opener opener, int maxResumes, long deadline, Duration timeout, String subject) {
        this.opener = opener;
        this.maxResumes = maxResumes;
        this.deadline = deadline;
        this.timeout = timeout;
        this.subject = subject;
    }

    @Override
    public int read() throws IOException {
        return Streams.readOne(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (System.nanoTime() - deadline > 0) {
                throw new LimitExceededException(subject, ScanLimits.Limit.TIME, timeout.toMillis(), timeout.toMillis() + 1);
            }
            if (current == null) {
                current = opener.open(position);
            }
            int n;
            try {
                n = current.body().read(b, off, len);
            } catch (IOException e) {
                resume(e);
                continue;
            }
            if (n < 0) {
                if (current.total() >= 0 && position < current.total()) {
                    resume(new IOException("body ended at byte " + position + " of " + current.total()));
                    continue;
                }
                ended = true;
                return -1;
            }
            position += n;
            return n;
        }
    }

    private void resume(IOException cause) {
        closeCurrent();
        if (++resumes > maxResumes) {
            throw new RegistryException(subject, -1, "download broke " + resumes + " times; last at byte " + position
                    + ": " + cause.getMessage(), cause);
        }
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.body().close();
            } catch (IOException e) {
                // replaced anyway
            }
            current.close().run();
            current = null;
        }
    }

    @Override
    public int available() throws IOException {
        return current == null || ended ? 0 : current.body().available();
    }

    @Override
    public void close() {
        ended = true;
        closeCurrent();
    }
}
