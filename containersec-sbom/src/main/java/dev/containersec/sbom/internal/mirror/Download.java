package dev.containersec.sbom.internal.mirror;

import dev.containersec.api.ProgressListener;
import dev.containersec.sbom.OsvMirror;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One conditional, bounded, retried download of an archive into a file, with {@link HttpClient}.
 *
 * <p>The body is written through a subscriber that counts bytes and cancels the exchange past the bound, so
 * an endless body ends in {@link OsvMirror.Reason#LIMIT_EXCEEDED}; the whole exchange has a deadline
 * (a server that trickles bytes ends in {@link OsvMirror.Reason#TIMEOUT}). Bodies of answers other than
 * {@code 200} are read up to {@value #ERROR_BODY_BYTES} bytes and dropped.
 */
public final class Download {
    private static final Logger LOG = LoggerFactory.getLogger(Download.class);
    private static final int ERROR_BODY_BYTES = 64 * 1024;
    private static final int MAX_HEADER_CHARS = 1024;

    /** The outcome of {@link #fetch}. */
    public sealed interface Result permits Fetched, NotModified, Failed { }

    /**
     * The archive is in the file.
     *
     * @param bytes its size
     * @param etag the answer's {@code ETag}, when it had a usable one
     * @param lastModified the answer's {@code Last-Modified}, when it had a usable one
     */
    public record Fetched(long bytes, Optional<String> etag, Optional<String> lastModified) implements Result { }

    /** The server answered {@code 304} to the conditional request. */
    public record NotModified() implements Result { }

    /**
     * Nothing usable was downloaded.
     *
     * @param reason the kind
     * @param message for people
     */
    public record Failed(OsvMirror.Reason reason, String message) implements Result { }

    private final HttpClient client;
    private final Duration downloadTimeout;
    private final long maxBytes;
    private final int attempts;
    private final Duration backoff;
    private final ProgressListener progress;

    /**
     * Creates a downloader.
     *
     * @param connectTimeout bound on connecting
     * @param downloadTimeout bound on one attempt, request to last byte
     * @param maxBytes bound on a body
     * @param attempts attempts per archive
     * @param backoff wait before the first retry, doubled after each
     * @param progress receives bytes downloaded
     */
    public Download(Duration connectTimeout, Duration downloadTimeout, long maxBytes, int attempts, Duration backoff,
                    ProgressListener progress) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.downloadTimeout = downloadTimeout;
        this.maxBytes = maxBytes;
        this.attempts = attempts;
        this.backoff = backoff;
        this.progress = progress;
    }

    /**
     * Downloads one archive, retrying what is worth retrying.
     *
     * @param what the ecosystem, for progress and messages
     * @param uri the archive
     * @param etag sent as {@code If-None-Match} when present
     * @param lastModified sent as {@code If-Modified-Since} when present
     * @param file where the body goes (created or truncated)
     * @return the outcome
     */
    public Result fetch(String what, URI uri, Optional<String> etag, Optional<String> lastModified, Path file) {
        Failed last = null;
        long wait = backoff.toMillis();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                progress.progress(what + ": retry " + (attempt - 1) + " in " + wait + " ms after: " + last.message(),
                        0, -1);
                LOG.warn("{}: {}; retrying in {} ms (attempt {} of {})", what, last.message(), wait, attempt, attempts);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Failed(OsvMirror.Reason.IO, "interrupted while waiting to retry " + uri);
                }
                wait = Math.min(wait * 2, TimeUnit.MINUTES.toMillis(5));
            }
            Attempt a = once(what, uri, etag, lastModified, file);
            if (!a.retry) {
                return a.result;
            }
            last = (Failed) a.result;
        }
        return new Failed(last.reason(), last.message() + " (after " + attempts + " attempts)");
    }

    private record Attempt(Result result, boolean retry) { }

    private Attempt once(String what, URI uri, Optional<String> etag, Optional<String> lastModified, Path file) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).GET().timeout(downloadTimeout)
                .header("User-Agent", "containersec");
        etag.ifPresent(v -> rb.header("If-None-Match", v));
        lastModified.ifPresent(v -> rb.header("If-Modified-Since", v));
        progress.progress(what + ": downloading " + uri, 0, -1);
        BodySink[] sink = new BodySink[1];
        HttpResponse.BodyHandler<Long> handler = info -> {
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            BodySink s;
            try {
                s = info.statusCode() == 200
                        ? new BodySink(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                StandardOpenOption.TRUNCATE_EXISTING), maxBytes, true, what, declared)
                        : new BodySink(null, ERROR_BODY_BYTES, false, what, declared);
            } catch (IOException e) {
                s = new BodySink(null, 0, false, what, declared);
                s.failOnSubscribe = e;
            }
            sink[0] = s;
            return s;
        };
        CompletableFuture<HttpResponse<Long>> future = client.sendAsync(rb.build(), handler);
        HttpResponse<Long> response;
        try {
            response = future.get(downloadTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            if (sink[0] != null) {
                sink[0].abort(new HttpTimeoutException("timed out"));
            }
            return new Attempt(new Failed(OsvMirror.Reason.TIMEOUT, "downloading " + uri + " took longer than "
                    + downloadTimeout.toSeconds() + " s"), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            if (sink[0] != null) {
                sink[0].abort(new IOException("interrupted"));
            }
            return new Attempt(new Failed(OsvMirror.Reason.IO, "interrupted while downloading " + uri), false);
        } catch (ExecutionException e) {
            return failure(uri, e.getCause());
        } finally {
            if (sink[0] != null) {
                sink[0].closeChannel();
            }
        }
        int status = response.statusCode();
        if (status == 304) {
            if (etag.isEmpty() && lastModified.isEmpty()) {
                return new Attempt(new Failed(OsvMirror.Reason.HTTP_STATUS, "HTTP 304 from " + uri
                        + " to a request that was not conditional"), false);
            }
            return new Attempt(new NotModified(), false);
        }
        if (status == 404) {
            return new Attempt(new Failed(OsvMirror.Reason.NOT_FOUND, "HTTP 404 from " + uri
                    + ": the mirror has no archive for ecosystem '" + what + "' (check its spelling)"), false);
        }
        if (status != 200) {
            boolean retry = status >= 500 || status == 429 || status == 408;
            return new Attempt(new Failed(OsvMirror.Reason.HTTP_STATUS, "HTTP " + status + " from " + uri), retry);
        }
        progress.progress(what + ": downloaded", response.body(), response.body());
        return new Attempt(new Fetched(response.body(), header(response, "ETag"), header(response, "Last-Modified")),
                false);
    }

    private static Attempt failure(URI uri, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TooLarge e) {
                return new Attempt(new Failed(OsvMirror.Reason.LIMIT_EXCEEDED, e.getMessage()), false);
            }
        }
        if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new Attempt(new Failed(OsvMirror.Reason.TLS, "TLS with " + uri.getHost() + " failed: "
                        + t.getMessage()), false);
            }
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new Attempt(new Failed(OsvMirror.Reason.TIMEOUT, "connecting to " + uri.getHost()
                    + " timed out"), true);
        }
        if (cause instanceof HttpTimeoutException) {
            return new Attempt(new Failed(OsvMirror.Reason.TIMEOUT, "no answer from " + uri + " in time"), true);
        }
        if (cause instanceof ConnectException) {
            return new Attempt(new Failed(OsvMirror.Reason.IO, "cannot connect to " + uri.getHost()
                    + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + ": " + describe(cause)), true);
        }
        if (cause instanceof IOException) {
            return new Attempt(new Failed(OsvMirror.Reason.IO, "downloading " + uri + " failed: " + describe(cause)),
                    true);
        }
        return new Attempt(new Failed(OsvMirror.Reason.IO, "downloading " + uri + " failed: " + describe(cause)),
                false);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }

    /** A header value worth storing and sending back: present, short, printable ASCII. */
    private static Optional<String> header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name)
                .filter(v -> !v.isEmpty() && v.length() <= MAX_HEADER_CHARS && v.chars().allMatch(c -> c >= 0x20 && c < 0x7f));
    }

    /** A body past the download bound. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    /** Writes (or drops) a body, counting bytes, failing or stopping past a bound. */
    private final class BodySink implements HttpResponse.BodySubscriber<Long> {
        private final FileChannel channel;
        private final long max;
        private final boolean failPastMax;
        private final String what;
        private final long declared;
        private final CompletableFuture<Long> done = new CompletableFuture<>();
        private volatile Flow.Subscription subscription;
        private long written;
        IOException failOnSubscribe;

        BodySink(FileChannel channel, long max, boolean failPastMax, String what, long declared) {
            this.channel = channel;
            this.max = max;
            this.failPastMax = failPastMax;
            this.what = what;
            this.declared = declared;
        }

        @Override
        public java.util.concurrent.CompletionStage<Long> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (failOnSubscribe != null) {
                stop(failOnSubscribe);
            } else if (failPastMax && declared > max) {
                stop(tooLarge(declared));
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (done.isDone()) {
                return;
            }
            try {
                for (ByteBuffer b : buffers) {
                    int n = b.remaining();
                    if (written + n > max) {
                        if (failPastMax) {
                            stop(tooLarge(written + n));
                        } else {
                            subscription.cancel();
                            done.complete(written);
                        }
                        return;
                    }
                    if (channel != null) {
                        while (b.hasRemaining()) {
                            channel.write(b);
                        }
                    }
                    written += n;
                }
            } catch (IOException e) {
                stop(e);
                return;
            }
            if (channel != null) {
                progress.progress(what + ": downloading all.zip", written, declared);
            }
            subscription.request(1);
        }

        private TooLarge tooLarge(long actual) {
            return new TooLarge(what + "/all.zip is larger than the download limit of " + max + " bytes ("
                    + (actual == declared ? "Content-Length " : "at least ") + actual + ")");
        }

        private void stop(Throwable why) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            done.completeExceptionally(why);
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(written);
        }

        void abort(Throwable why) {
            stop(why);
        }

        void closeChannel() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.debug("closing the download file failed", e);
                }
            }
        }
    }
}
