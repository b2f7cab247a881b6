package dev.containersec.image.internal.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.containersec.api.Digest;
import dev.containersec.api.DigestAlgorithm;
import dev.containersec.api.DigestMismatchException;
import dev.containersec.api.ImageReference;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.NotFoundException;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.RegistryCredentials;
import dev.containersec.image.RegistryException;
import dev.containersec.image.RegistryManifest;
import dev.containersec.image.internal.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCI Distribution API v2 over {@link HttpURLConnection} (chosen over {@code java.net.http} for
 * its per-read timeout, which is what keeps a registry that stops sending from hanging a scan).
 * Thread-safe: tokens are cached per registry and scope in concurrent maps; every call opens its
 * own connections.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md">OCI distribution spec</a>
 * @see <a href="https://distribution.github.io/distribution/spec/auth/token/">Docker registry token authentication</a>
 */
public final class RegistryHttp {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttp.class);

    /** Media types asked for in {@code Accept} when fetching manifests. */
    public static final List<String> MANIFEST_TYPES = List.of(
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    static final int MAX_REDIRECTS = 5;
    static final long TLS_PROBE_MILLIS = 3000;
    static final int MAX_TOKEN_BYTES = 1 << 20;
    private static final int MAX_ERROR_BODY = 4096;

    private final RegistrySettings settings;
    private final SSLSocketFactory verifiedTls;
    private final SSLSocketFactory unverifiedTls;
    private final Optional<BlobCache> cache;
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();
    private final Map<String, AuthChallenge> challenges = new ConcurrentHashMap<>();
    private final Set<String> plainHttp = ConcurrentHashMap.newKeySet();
    private final Set<String> tlsConfirmed = ConcurrentHashMap.newKeySet();
    private final ObjectMapper mapper;

    /** Creates the engine; builds the TLS contexts once. */
    public RegistryHttp(RegistrySettings settings) {
        this.settings = settings;
        this.verifiedTls = verifiedContext(settings.extraCas()).getSocketFactory();
        this.unverifiedTls = unverifiedContext().getSocketFactory();
        this.cache = settings.cacheDir().map(BlobCache::new);
        this.mapper = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
    }

    /** The settings. */
    public RegistrySettings settings() {
        return settings;
    }

    /** The blob cache, when one is configured. */
    public Optional<BlobCache> cache() {
        return cache;
    }

    // ---- operations ------------------------------------------------------------------------------

    /**
     * Fetches a manifest by the reference's digest (preferred) or tag ({@code latest} when neither),
     * verifying the bytes against the digest asked for and against {@code Docker-Content-Digest}.
     */
    public RegistryManifest fetchManifest(ImageReference ref, long maxBytes) {
        String reference = ref.digest().map(Digest::toString).orElse(ref.tag().orElse("latest"));
        String subject = ref.registry() + "/" + ref.repository() + (ref.digest().isPresent() ? "@" : ":") + reference;
        Call call = new Call("GET", uri(ref.registry(), "/v2/" + ref.repository() + "/manifests/" + reference), subject);
        call.registry = ref.registry();
        call.scope = scope(ref.repository(), false);
        call.headers.put("Accept", String.join(", ", MANIFEST_TYPES));
        try (Response r = send(call)) {
            if (r.status == 404) {
                throw new NotFoundException(ref.registry() + "/" + ref.repository(), "manifest", reference, List.of());
            }
            r.expectOk(subject);
            byte[] body = readBounded(r, maxBytes, subject);
            String mediaType = mediaType(r.conn.getContentType(), body, subject);
            Digest expected = ref.digest().orElse(null);
            String header = r.conn.getHeaderField("Docker-Content-Digest");
            Digest claimed = null;
            if (header != null && !header.isBlank()) {
                try {
                    claimed = Digest.parse(header.trim());
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException(subject, "bad Docker-Content-Digest header: " + e.getMessage(), e);
                }
            }
            DigestAlgorithm alg = expected != null ? expected.algorithm()
                    : claimed != null ? claimed.algorithm() : DigestAlgorithm.SHA256;
            Digest actual = Digest.of(alg, body);
            if (expected != null && !expected.equals(actual)) {
                throw new DigestMismatchException("manifest " + subject, expected, actual.toString());
            }
            if (claimed != null && claimed.algorithm() == alg && !claimed.equals(actual)) {
                throw new DigestMismatchException("manifest " + subject + " (Docker-Content-Digest)", claimed, actual.toString());
            }
            return new RegistryManifest(actual, mediaType, body);
        }
    }

    /**
     * Opens a blob: from the cache when it holds it, else streamed from the registry with Range
     * resumption, verified against the digest (and size when known), and written to the cache.
     *
     * @param size the size from the descriptor, or -1 when unknown ({@code maxLayerBytes} then bounds it)
     */
    public InputStream openBlob(ImageReference repo, Digest digest, long size) {
        String subject = "blob " + digest + " of " + repo.registry() + "/" + repo.repository();
        if (cache.isPresent()) {
            Optional<InputStream> cached = cache.get().open(digest, size, subject);
            if (cached.isPresent()) {
                LOG.debug("{} from cache", subject);
                return cached.get();
            }
        }
        long deadline = System.nanoTime() + settings.limits().timeout().toNanos();
        ResumableStream raw = new ResumableStream(offset -> openBlobAt(repo, digest, offset, subject, deadline),
                settings.maxRetries(), deadline, settings.limits().timeout(), subject);
        InputStream verified;
        if (size >= 0) {
            verified = new VerifyingInputStream(raw, digest, size, subject);
        } else {
            verified = new BoundedStream(new VerifyingInputStream(raw, digest, -1, subject),
                    settings.limits().maxLayerBytes(), subject);
        }
        return cache.isPresent() ? cache.get().tee(verified, digest) : verified;
    }

    /** Reads a small blob whole, verified, at most {@code maxBytes}. */
    public byte[] readBlob(ImageReference repo, Digest digest, long maxBytes) {
        String subject = "blob " + digest + " of " + repo.registry() + "/" + repo.repository();
        try (InputStream in = openBlob(repo, digest, -1)) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (data.length > maxBytes) {
                throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, maxBytes, data.length);
            }
            if (in.read() >= 0) {
                throw new IllegalStateException("verified stream did not end");
            }
            return data;
        } catch (IOException e) {
            throw new RegistryException(subject, -1, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Uploads a blob unless the registry has it: monolithic {@code POST} then {@code PUT ?digest=}. */
    public Digest pushBlob(ImageReference repo, byte[] content) {
        Digest digest = Digest.sha256(content);
        String subject = "blob " + digest + " to " + repo.registry() + "/" + repo.repository();
        Call head = new Call("HEAD", uri(repo.registry(), "/v2/" + repo.repository() + "/blobs/" + digest), subject);
        head.registry = repo.registry();
        head.scope = scope(repo.repository(), true);
        try (Response r = send(head)) {
            if (r.status == 200) {
                return digest;
            }
        }
        Call post = new Call("POST", uri(repo.registry(), "/v2/" + repo.repository() + "/blobs/uploads/"), subject);
        post.registry = repo.registry();
        post.scope = head.scope;
        post.body = new byte[0];
        URI location;
        try (Response r = send(post)) {
            if (r.status != 202) {
                throw r.failure(subject, "upload not started");
            }
            location = r.location(subject);
        }
        String sep = location.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(location + sep + "digest=" + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8));
        if (!sameAuthority(put, uri(repo.registry(), "/"))) {
            throw new RegistryException(subject, 202, "upload location " + put.getAuthority() + " is another host", null);
        }
        Call upload = new Call("PUT", put, subject);
        upload.registry = repo.registry();
        upload.scope = head.scope;
        upload.body = content;
        upload.headers.put("Content-Type", "application/octet-stream");
        try (Response r = send(upload)) {
            if (r.status != 201) {
                throw r.failure(subject, "upload not accepted");
            }
            checkDigestHeader(r, digest, subject);
        }
        return digest;
    }

    /** Uploads a manifest under the reference's tag (or digest). */
    public Digest pushManifest(ImageReference ref, String mediaType, byte[] content) {
        Digest digest = Digest.sha256(content);
        String reference = ref.tag().orElse(ref.digest().map(Digest::toString).orElse(digest.toString()));
        if (ref.tag().isEmpty() && ref.digest().isPresent() && !ref.digest().get().equals(digest)) {
            throw new IllegalArgumentException("manifest bytes have digest " + digest + ", not " + ref.digest().get());
        }
        String subject = "manifest " + ref.registry() + "/" + ref.repository() + ":" + reference;
        Call put = new Call("PUT", uri(ref.registry(), "/v2/" + ref.repository() + "/manifests/" + reference), subject);
        put.registry = ref.registry();
        put.scope = scope(ref.repository(), true);
        put.body = content;
        put.headers.put("Content-Type", mediaType);
        try (Response r = send(put)) {
            if (r.status != 201) {
                throw r.failure(subject, "manifest not accepted");
            }
            checkDigestHeader(r, digest, subject);
        }
        return digest;
    }

    private static void checkDigestHeader(Response r, Digest digest, String subject) {
        String h = r.conn.getHeaderField("Docker-Content-Digest");
        if (h != null && !h.isBlank() && !h.trim().equals(digest.toString())) {
            throw new DigestMismatchException(subject + " (Docker-Content-Digest after upload)", digest, h.trim());
        }
    }

    // ---- blobs -----------------------------------------------------------------------------------

    private ResumableStream.Opened openBlobAt(ImageReference repo, Digest digest, long offset, String subject, long deadline) {
        Call call = new Call("GET", uri(repo.registry(), "/v2/" + repo.repository() + "/blobs/" + digest), subject);
        call.registry = repo.registry();
        call.scope = scope(repo.repository(), false);
        call.followRedirects = true;
        call.deadline = deadline;
        if (offset > 0) {
            call.headers.put("Range", "bytes=" + offset + "-");
        }
        Response r = send(call);
        try {
            if (r.status == 404) {
                throw new NotFoundException(repo.registry() + "/" + repo.repository(), "blob", digest.toString(), List.of());
            }
            InputStream body;
            long total;
            if (offset > 0 && r.status == 206) {
                long[] range = contentRange(r.conn.getHeaderField("Content-Range"), subject);
                if (range[0] != offset) {
                    throw new RegistryException(subject, 206, "resumed at byte " + range[0] + " instead of " + offset, null);
                }
                body = r.body();
                total = range[1];
            } else if (r.status == 200) {
                body = r.body();
                long length = r.conn.getContentLengthLong();
                total = length;
                if (offset > 0) {
                    // The server ignored the Range header: skip what was already delivered.
                    long skipped = 0;
                    byte[] buf = new byte[64 * 1024];
                    while (skipped < offset) {
                        int n = body.read(buf, 0, (int) Math.min(buf.length, offset - skipped));
                        if (n < 0) {
                            throw new IOException("blob ended at " + skipped + " while skipping to " + offset);
                        }
                        skipped += n;
                    }
                }
            } else {
                throw r.failure(subject, "blob not served");
            }
            return new ResumableStream.Opened(body, total, r::close);
        } catch (IOException e) {
            r.close();
            throw new RegistryException(subject, r.status, "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** Parses {@code bytes START-END/TOTAL}; returns {start, total} (total -1 for {@code *}). */
    static long[] contentRange(String header, String subject) {
        if (header == null) {
            throw new InvalidInputException(subject, "206 response without Content-Range");
        }
        String h = header.trim();
        try {
            if (!h.startsWith("bytes ")) {
                throw new NumberFormatException();
            }
            int dash = h.indexOf('-');
            int slash = h.indexOf('/');
            long start = Long.parseLong(h.substring(6, dash).trim());
            String t = h.substring(slash + 1).trim();
            long total = t.equals("*") ? -1 : Long.parseLong(t);
            if (start < 0 || (total >= 0 && start > total)) {
                throw new NumberFormatException();
            }
            return new long[] {start, total};
        } catch (RuntimeException e) {
            throw new InvalidInputException(subject, "malformed Content-Range '" + shorten(h) + "'", e);
        }
    }

    // ---- HTTP with auth, retries and redirects ---------------------------------------------------

    /** One logical request. */
    static final class Call {
        final String method;
        URI uri;
        final String subject;
        final Map<String, String> headers = new LinkedHashMap<>();
        byte[] body;
        String registry;
        String scope;
        boolean followRedirects;
        long deadline;

        Call(String method, URI uri, String subject) {
            this.method = method;
            this.uri = uri;
            this.subject = subject;
        }
    }

    /** A response whose body the caller reads; closing disconnects. */
    final class Response implements AutoCloseable {
        final int status;
        final HttpURLConnection conn;

        Response(int status, HttpURLConnection conn) {
            this.status = status;
            this.conn = conn;
        }

        InputStream body() throws IOException {
            InputStream in = status >= 400 ? conn.getErrorStream() : conn.getInputStream();
            return in == null ? InputStream.nullInputStream() : in;
        }

        void expectOk(String subject) {
            if (status != 200) {
                throw failure(subject, "unexpected response");
            }
        }

        RegistryException failure(String subject, String what) {
            String detail = "";
            try (InputStream in = body()) {
                detail = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
            } catch (IOException e) {
                // the status says enough
            }
            if ((status == 401 || status == 403) && !what.contains("credentials")) {
                what = "access denied";
            }
            return new RegistryException(subject, status, what + (detail.isEmpty() ? "" : ": " + shorten(detail)), null);
        }

        URI location(String subject) {
            String loc = conn.getHeaderField("Location");
            if (loc == null || loc.isBlank()) {
                throw new RegistryException(subject, status, "response without Location", null);
            }
            try {
                URI resolved = conn.getURL().toURI().resolve(new URI(loc.trim()));
                String scheme = resolved.getScheme() == null ? "" : resolved.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    throw new RegistryException(subject, status, "Location with scheme '" + scheme + "'", null);
                }
                return resolved;
            } catch (URISyntaxException e) {
                throw new InvalidInputException(subject, "malformed Location '" + shorten(loc) + "'", e);
            }
        }

        @Override
        public void close() {
            try {
                InputStream in = status >= 400 ? conn.getErrorStream() : conn.getInputStream();
                if (in != null) {
                    in.close();
                }
            } catch (IOException e) {
                // closing anyway
            }
            conn.disconnect();
        }
    }

    Response send(Call call) {
        long deadline = call.deadline != 0 ? call.deadline : System.nanoTime() + settings.limits().timeout().toNanos();
        int attempts = 0;
        int redirects = 0;
        boolean freshAuth = false;
        URI target = call.uri;
        while (true) {
            checkDeadline(deadline, call.subject);
            boolean toRegistry = call.registry != null && sameAuthority(target, uri(call.registry, "/"));
            String authorization = toRegistry ? authorization(call.registry, call.scope, deadline) : null;
            HttpURLConnection conn;
            int status;
            try {
                conn = open(target, call, authorization);
                status = conn.getResponseCode();
                if (target.getScheme().equals("https")) {
                    tlsConfirmed.add(target.getAuthority());
                }
            } catch (IOException e) {
                if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                    throw new RegistryException(call.subject, -1, "interrupted", e);
                }
                if (target.getScheme().equals("https") && isInsecure(target.getAuthority())
                        && !tlsConfirmed.contains(target.getAuthority()) && plainHttp.add(target.getAuthority())) {
                    LOG.info("{} does not speak TLS; using plain HTTP (allowed insecure registry)", target.getAuthority());
                    target = withScheme(target, "http");
                    continue;
                }
                if (e instanceof SSLException) {
                    throw new RegistryException(call.subject, -1, "TLS failure talking to " + target.getAuthority() + ": "
                            + e.getMessage() + " (add its CA with registry CA certificates, or allow it as insecure)", e);
                }
                attempts = backoff(attempts, null, -1, deadline, call.subject, e);
                continue;
            }
            if (status == 401 && toRegistry) {
                Response r = new Response(status, conn);
                if (freshAuth) {
                    RegistryException refused = r.failure(call.subject, "the registry refused the credentials "
                            + "(authentication loop stopped)");
                    r.close();
                    throw refused;
                }
                List<AuthChallenge> parsed = AuthChallenge.parse(conn.getHeaderField("WWW-Authenticate"));
                r.close();
                authenticate(call.registry, call.scope, parsed, deadline, call.subject);
                freshAuth = true;
                continue;
            }
            if (call.followRedirects && (status == 301 || status == 302 || status == 303 || status == 307 || status == 308)) {
                Response r = new Response(status, conn);
                URI next = r.location(call.subject);
                r.close();
                if (++redirects > MAX_REDIRECTS) {
                    throw new RegistryException(call.subject, status, "more than " + MAX_REDIRECTS + " redirects (last to "
                            + next.getAuthority() + ")", null);
                }
                if (target.getScheme().equals("https") && next.getScheme().equals("http") && !isInsecure(next.getAuthority())) {
                    throw new RegistryException(call.subject, status, "refusing redirect from HTTPS to plain HTTP " + next.getAuthority(), null);
                }
                target = next;
                continue;
            }
            if (status == 429 || (status >= 500 && status != 501 && status != 505)) {
                Response r = new Response(status, conn);
                String retryAfter = conn.getHeaderField("Retry-After");
                r.close();
                attempts = backoff(attempts, retryAfter, status, deadline, call.subject, null);
                continue;
            }
            return new Response(status, conn);
        }
    }

    private int backoff(int attempts, String retryAfter, int status, long deadline, String subject, IOException cause) {
        int next = attempts + 1;
        if (next > settings.maxRetries()) {
            throw new RegistryException(subject, status, "gave up after " + next + " attempts"
                    + (cause != null ? ": " + cause : ""), cause);
        }
        Duration wait = settings.initialBackoff().multipliedBy(1L << Math.min(20, attempts));
        Optional<Duration> asked = RetryAfter.parse(retryAfter, Instant.now());
        if (asked.isPresent()) {
            if (asked.get().compareTo(settings.maxRetryWait()) > 0) {
                throw new RegistryException(subject, status, "the registry asks to retry after " + asked.get().toSeconds()
                        + " s, longer than the " + settings.maxRetryWait().toSeconds() + " s allowed", cause);
            }
            wait = asked.get();
        } else {
            if (wait.compareTo(settings.maxRetryWait()) > 0) {
                wait = settings.maxRetryWait();
            }
            wait = wait.plusMillis(ThreadLocalRandom.current().nextLong(1 + wait.toMillis() / 4));
        }
        if (System.nanoTime() + wait.toNanos() - deadline > 0) {
            throw timeLimit(subject);
        }
        LOG.debug("retrying {} in {} ms ({})", subject, wait.toMillis(), cause != null ? cause.toString() : "HTTP " + status);
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(subject, status, "interrupted while waiting to retry", e);
        }
        return next;
    }

    private void checkDeadline(long deadline, String subject) {
        if (System.nanoTime() - deadline > 0) {
            throw timeLimit(subject);
        }
    }

    private LimitExceededException timeLimit(String subject) {
        long ms = settings.limits().timeout().toMillis();
        return new LimitExceededException(subject, ScanLimits.Limit.TIME, ms, ms + 1);
    }

    private HttpURLConnection open(URI target, Call call, String authorization) throws IOException {
        HttpURLConnection conn = (HttpURLConnection) target.toURL().openConnection();
        conn.setInstanceFollowRedirects(false);
        conn.setUseCaches(false);
        conn.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
        long readMillis = settings.readTimeout().toMillis();
        if (target.getScheme().equals("https") && isInsecure(target.getAuthority()) && !tlsConfirmed.contains(target.getAuthority())) {
            // Probing whether an insecure host speaks TLS: a plain HTTP server may just wait for a request line.
            readMillis = Math.min(readMillis, TLS_PROBE_MILLIS);
        }
        conn.setReadTimeout((int) Math.min(Integer.MAX_VALUE, readMillis));
        conn.setRequestMethod(call.method);
        if (conn instanceof HttpsURLConnection https) {
            if (isInsecure(target.getAuthority())) {
                https.setSSLSocketFactory(unverifiedTls);
                https.setHostnameVerifier((host, session) -> true);
            } else {
                https.setSSLSocketFactory(verifiedTls);
            }
        }
        conn.setRequestProperty("User-Agent", "containersec");
        for (Map.Entry<String, String> h : call.headers.entrySet()) {
            conn.setRequestProperty(h.getKey(), h.getValue());
        }
        if (authorization != null) {
            conn.setRequestProperty("Authorization", authorization);
        }
        if (call.body != null) {
            conn.setDoOutput(true);
            try (OutputStream out = conn.getOutputStream()) {
                out.write(call.body);
            }
        }
        return conn;
    }

    // ---- authentication --------------------------------------------------------------------------

    private static String authKey(String registry, String scope) {
        return registry + " " + scope;
    }

    private String authorization(String registry, String scope, long deadline) {
        String cached = authorizations.get(authKey(registry, scope));
        if (cached != null) {
            return cached;
        }
        AuthChallenge known = challenges.get(registry);
        if (known != null) {
            // The registry challenged before: answer up front instead of collecting another 401.
            try {
                return obtain(registry, scope, known, deadline, registry);
            } catch (RuntimeException e) {
                LOG.debug("pre-authentication for {} failed; waiting for a challenge", registry, e);
            }
        }
        return null;
    }

    private void authenticate(String registry, String scope, List<AuthChallenge> parsed, long deadline, String subject) {
        authorizations.remove(authKey(registry, scope));
        AuthChallenge chosen = null;
        for (AuthChallenge c : parsed) {
            if (c.scheme().equals("bearer") && c.param("realm").isPresent()) {
                chosen = c;
                break;
            }
        }
        if (chosen == null) {
            for (AuthChallenge c : parsed) {
                if (c.scheme().equals("basic")) {
                    chosen = c;
                    break;
                }
            }
        }
        if (chosen == null) {
            throw new RegistryException(subject, 401, "the registry asks for authentication without a usable "
                    + "WWW-Authenticate challenge (Basic, or Bearer with a realm)", null);
        }
        challenges.put(registry, chosen);
        obtain(registry, scope, chosen, deadline, subject);
    }

    private String obtain(String registry, String scope, AuthChallenge challenge, long deadline, String subject) {
        Optional<RegistryCredentials> creds = settings.credentials().credentials(registry);
        String value;
        if (challenge.scheme().equals("basic")) {
            if (creds.isEmpty() || creds.get().isIdentityToken()) {
                throw new RegistryException(subject, 401, "the registry requires a user name and password and none is "
                        + "configured for " + registry, null);
            }
            value = basic(creds.get());
        } else {
            value = "Bearer " + fetchToken(registry, scope, challenge, creds, deadline, subject);
        }
        authorizations.put(authKey(registry, scope), value);
        return value;
    }

    private static String basic(RegistryCredentials c) {
        return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.revealSecret())
                .getBytes(StandardCharsets.UTF_8));
    }

    private String fetchToken(String registry, String scope, AuthChallenge challenge, Optional<RegistryCredentials> creds,
                              long deadline, String subject) {
        URI realm;
        try {
            realm = new URI(challenge.param("realm").orElseThrow());
        } catch (URISyntaxException e) {
            throw new InvalidInputException(subject, "malformed token realm '" + shorten(challenge.param("realm").orElse("")) + "'", e);
        }
        String scheme = realm.getScheme() == null ? "" : realm.getScheme().toLowerCase(Locale.ROOT);
        if (realm.getAuthority() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new InvalidInputException(subject, "token realm '" + shorten(realm.toString()) + "' is not an http(s) URL");
        }
        if (scheme.equals("http") && !isInsecure(realm.getAuthority()) && !isInsecure(registry)) {
            throw new RegistryException(subject, 401, "refusing to fetch a token over plain HTTP from "
                    + realm.getAuthority() + " (allow it as an insecure registry if that is intended)", null);
        }
        String service = challenge.param("service").orElse("");
        Call call;
        StringBuilder query = new StringBuilder();
        if (!service.isEmpty()) {
            query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
        }
        String tokenSubject = "token from " + realm.getAuthority() + " for " + registry;
        if (creds.isPresent() && creds.get().isIdentityToken()) {
            call = new Call("POST", realm, tokenSubject);
            String form = "grant_type=refresh_token&client_id=containersec&refresh_token="
                    + URLEncoder.encode(creds.get().revealSecret(), StandardCharsets.UTF_8)
                    + (service.isEmpty() ? "" : "&service=" + URLEncoder.encode(service, StandardCharsets.UTF_8))
                    + "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8);
            call.body = form.getBytes(StandardCharsets.UTF_8);
            call.headers.put("Content-Type", "application/x-www-form-urlencoded");
        } else {
            query.append(query.length() > 0 ? "&" : "").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
            String base = realm.toString();
            call = new Call("GET", URI.create(base + (realm.getRawQuery() == null ? "?" : "&") + query), tokenSubject);
            creds.ifPresent(c -> call.headers.put("Authorization", basic(c)));
        }
        call.deadline = deadline;
        call.followRedirects = false;
        try (Response r = send(call)) {
            if (r.status != 200) {
                throw r.failure(tokenSubject, "token request refused");
            }
            byte[] body = readBounded(r, MAX_TOKEN_BYTES, tokenSubject);
            return parseToken(body, tokenSubject);
        }
    }

    /** Reads {@code token} or {@code access_token} from a token server's answer. */
    String parseToken(byte[] body, String subject) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new InvalidInputException(subject, "token response is not JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(subject, "token response is not a JSON object");
        }
        for (String field : List.of("token", "access_token")) {
            JsonNode t = root.get(field);
            if (t != null && t.isTextual() && !t.textValue().isEmpty()) {
                String token = t.textValue();
                if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                    throw new InvalidInputException(subject, "token holds characters not allowed in an HTTP header");
                }
                return token;
            }
        }
        throw new InvalidInputException(subject, "token response has neither 'token' nor 'access_token'");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private byte[] readBounded(Response r, long max, String subject) {
        long length = r.conn.getContentLengthLong();
        if (length > max) {
            throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, max, length);
        }
        try (InputStream in = r.body()) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (data.length > max) {
                throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, max, data.length);
            }
            return data;
        } catch (IOException e) {
            throw new RegistryException(subject, r.status, "cannot read the response: " + e.getMessage(), e);
        }
    }

    private String mediaType(String contentType, byte[] body, String subject) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.isEmpty() || type.equals("application/json") || type.equals("text/plain")
                || type.equals("application/octet-stream")) {
            try {
                JsonNode n = mapper.readTree(body);
                if (n != null && n.isObject() && n.get("mediaType") != null && n.get("mediaType").isTextual()) {
                    type = n.get("mediaType").textValue();
                } else if (n != null && n.isObject() && n.get("manifests") != null) {
                    type = MANIFEST_TYPES.get(0);
                } else {
                    type = MANIFEST_TYPES.get(1);
                }
            } catch (IOException e) {
                throw new InvalidInputException(subject, "manifest is not JSON", e);
            }
        }
        if (type.contains("distribution.manifest.v1")) {
            throw new InvalidInputException(subject, "Docker schema 1 manifests (" + type + ") are not supported");
        }
        return type;
    }

    static String scope(String repository, boolean push) {
        return "repository:" + repository + ":" + (push ? "pull,push" : "pull");
    }

    private boolean isInsecure(String authority) {
        return settings.insecureHosts().contains(authority);
    }

    /** The API URI of a registry host: Docker Hub's API lives at {@code registry-1.docker.io}. */
    URI uri(String registry, String path) {
        String host = DockerConfig.isDockerHub(registry) ? "registry-1.docker.io" : registry;
        String scheme = isInsecure(host) && plainHttp.contains(host) ? "http" : "https";
        return URI.create(scheme + "://" + host + path);
    }

    private static boolean sameAuthority(URI a, URI b) {
        return a.getAuthority() != null && a.getAuthority().equalsIgnoreCase(b.getAuthority());
    }

    private static URI withScheme(URI u, String scheme) {
        try {
            return new URI(scheme, u.getRawAuthority(), u.getRawPath(), u.getRawQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    // ---- TLS ---------------------------------------------------------------------------------------

    private static SSLContext verifiedContext(List<X509Certificate> extra) {
        try {
            X509TrustManager system = trustManager(null);
            X509TrustManager added = null;
            if (!extra.isEmpty()) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (X509Certificate c : extra) {
                    ks.setCertificateEntry("extra-" + i++, c);
                }
                added = trustManager(ks);
            }
            X509TrustManager extraTm = added;
            X509TrustManager combined = new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    system.checkClientTrusted(chain, authType);
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    try {
                        system.checkServerTrusted(chain, authType);
                    } catch (CertificateException e) {
                        if (extraTm == null) {
                            throw e;
                        }
                        extraTm.checkServerTrusted(chain, authType);
                    }
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    List<X509Certificate> all = new ArrayList<>(List.of(system.getAcceptedIssuers()));
                    if (extraTm != null) {
                        all.addAll(List.of(extraTm.getAcceptedIssuers()));
                    }
                    return all.toArray(new X509Certificate[0]);
                }
            };
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {combined}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(ks);
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509TrustManager");
    }

    private static SSLContext unverifiedContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                    // only used for hosts allowed as insecure
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // only used for hosts allowed as insecure
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
