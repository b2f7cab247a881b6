package dev.containersec.image.internal.catalog;

import dev.containersec.api.ContainerSecException;
import dev.containersec.image.internal.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Hands one stream to several readers at once without holding it in memory: the first reader runs on
 * the calling thread and pulls the bytes; each chunk it pulls is also queued (a few chunks at most) for
 * the other readers, which run on the given executor. A reader that stops early is simply left behind;
 * the rest of the stream is still pumped to those that keep reading.
 */
public final class FanOut {
    private static final int CHUNK = 64 * 1024;
    private static final int QUEUED_CHUNKS = 16;
    private static final byte[] END = new byte[0];

    /** Reads one copy of the stream; may stop early. */
    @FunctionalInterface
    public interface Reader {
        /**
         * Reads.
         *
         * @param in this reader's copy of the stream
         * @throws IOException to fail the delivery
         */
        void read(InputStream in) throws IOException;
    }

    private FanOut() {
    }

    /**
     * Delivers {@code source} to every reader; returns when all have returned.
     *
     * @param source the stream (read once)
     * @param readers two or more readers
     * @param executor runs the readers after the first
     * @throws IOException the first reader's or the source's failure
     */
    public static void deliver(InputStream source, List<Reader> readers, ExecutorService executor) throws IOException {
        List<Pipe> pipes = new ArrayList<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 1; i < readers.size(); i++) {
            Pipe pipe = new Pipe();
            Reader reader = readers.get(i);
            pipes.add(pipe);
            futures.add(executor.submit(() -> {
                try {
                    reader.read(pipe);
                    return null;
                } finally {
                    pipe.abandoned = true;
                    pipe.queue.clear();
                }
            }));
        }
        Tee tee = new Tee(source, pipes);
        try {
            try {
                readers.get(0).read(tee);
                tee.pumpRest();
            } finally {
                tee.end();
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while catalogers read a file");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new ContainerSecException("a cataloger failed: " + cause, cause);
        } finally {
            for (Future<?> f : futures) {
                f.cancel(true);
            }
        }
    }

    /** The first reader's view: every chunk read is offered to the pipes too. */
    private static final class Tee extends InputStream {
        private final InputStream source;
        private final List<Pipe> pipes;
        private boolean eof;

        Tee(InputStream source, List<Pipe> pipes) {
            this.source = source;
            this.pipes = pipes;
        }

        @Override
        public int read() throws IOException {
            return Streams.readOne(this);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (eof) {
                return -1;
            }
            int n = source.read(b, off, Math.min(len, CHUNK));
            if (n < 0) {
                eof = true;
                return -1;
            }
            offer(Arrays.copyOfRange(b, off, off + n));
            return n;
        }

        void pumpRest() throws IOException {
            byte[] buf = new byte[CHUNK];
            while (!eof && pipes.stream().anyMatch(p -> !p.abandoned)) {
                read(buf, 0, buf.length);
            }
        }

        private void offer(byte[] chunk) throws IOException {
            for (Pipe p : pipes) {
                while (!p.abandoned) {
                    try {
                        if (p.queue.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
                            break;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while catalogers read a file");
                    }
                }
            }
        }

        void end() throws IOException {
            for (Pipe p : pipes) {
                while (!p.abandoned) {
                    try {
                        if (p.queue.offer(END, 50, TimeUnit.MILLISECONDS)) {
                            break;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while catalogers read a file");
                    }
                }
            }
        }
    }

    /** Another reader's view, fed chunk by chunk. */
    private static final class Pipe extends InputStream {
        final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
        volatile boolean abandoned;
        private byte[] current = new byte[0];
        private int pos;
        private boolean ended;

        @Override
        public int read() throws IOException {
            return Streams.readOne(this);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos == current.length) {
                if (ended) {
                    return -1;
                }
                try {
                    current = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading a shared file");
                }
                pos = 0;
                if (current == END) {
                    ended = true;
                    return -1;
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }

}
