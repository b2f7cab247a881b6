package dev.containersec.image;

import dev.containersec.api.Digest;
import dev.containersec.api.ImageReference;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.internal.registry.RegistryHttp;
import dev.containersec.image.internal.registry.RegistrySettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Talks to OCI distribution registries (the Docker Registry HTTP API v2): pulls manifests and blobs
 * with digest verification, pushes blobs and manifests. Immutable and thread-safe; tokens are cached
 * per registry and repository scope for the client's lifetime, so share one client.
 *
 * <pre>{@code
 * RegistryClient client = RegistryClient.builder()
 *     .credentials(RegistryCredentialSource.dockerConfig())
 *     .addCaCertificates(Path.of("corp-ca.pem"))
 *     .blobCache(Path.of(System.getProperty("user.home"), ".cache/containersec/blobs"))
 *     .build();
 * ImageReader reader = ImageReader.builder().registryClient(client).build();
 * try (Image image = reader.open("registry:registry.example/app:1.0")) { ... }
 * }</pre>
 *
 * <p>Authentication: anonymous, HTTP basic, and the registry token flow ({@code WWW-Authenticate:
 * Bearer realm,service,scope}; a token fetched with basic credentials, anonymously, or by an identity
 * token's refresh grant). Failures are bounded: connect and per-read timeouts, at most
 * {@link Builder#maxRetries(int)} retries with exponential backoff on I/O errors, 429 and 5xx
 * (honouring {@code Retry-After} up to {@link Builder#maxRetryWait(Duration)}), at most 5 redirects,
 * one fresh authentication per request, and {@link ScanLimits#timeout()} for each operation.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md">OCI distribution specification</a>
 */
public final class RegistryClient {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:]+\\](:[0-9]{1,5})?");

    private final RegistryHttp http;

    private RegistryClient(RegistrySettings settings) {
        this.http = new RegistryHttp(settings);
    }

    /**
     * Returns a client with the defaults: credentials from Docker's config
     * ({@link RegistryCredentialSource#dockerConfig()}), the system trust store, no insecure hosts,
     * no blob cache, {@link ScanLimits#defaults()}.
     *
     * @return a client
     */
    public static RegistryClient create() {
        return builder().build();
    }

    /**
     * Starts a builder holding the defaults of {@link #create()}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    RegistryHttp http() {
        return http;
    }

    /**
     * Fetches a manifest or index by digest or tag. The bytes are verified against the digest asked
     * for, and against the {@code Docker-Content-Digest} header when the registry sends one.
     *
     * @param reference the repository with a tag or digest (the digest wins when both are given;
     *     {@code latest} when neither)
     * @return the manifest as served
     * @throws dev.containersec.api.NotFoundException if the registry has no such manifest
     * @throws dev.containersec.api.DigestMismatchException if the bytes do not match
     * @throws dev.containersec.api.LimitExceededException if larger than {@link ScanLimits#maxDocumentBytes()}
     * @throws RegistryException if the registry cannot be used (unreachable, access denied, errors after retries)
     */
    public RegistryManifest fetchManifest(ImageReference reference) {
        return http.fetchManifest(Objects.requireNonNull(reference, "reference"), http.settings().limits().maxDocumentBytes());
    }

    /**
     * Opens a blob. The stream verifies the digest as it is read: the end of the stream is reported
     * only after the digest matched, otherwise the read throws
     * {@link dev.containersec.api.DigestMismatchException}. Broken downloads resume with Range
     * requests; with a blob cache, a cached copy is read (and re-verified) instead.
     *
     * @param repository the repository (its tag and digest are ignored)
     * @param digest the blob digest
     * @return the verifying stream; the caller closes it
     * @throws dev.containersec.api.NotFoundException if the registry has no such blob
     * @throws dev.containersec.api.LimitExceededException (from reads) past {@link ScanLimits#maxLayerBytes()}
     * @throws RegistryException if the registry cannot be used
     */
    public InputStream openBlob(ImageReference repository, Digest digest) {
        return http.openBlob(Objects.requireNonNull(repository, "repository"), Objects.requireNonNull(digest, "digest"), -1);
    }

    /**
     * Reads a small blob (a configuration, a signature payload) whole and verified.
     *
     * @param repository the repository
     * @param digest the blob digest
     * @return the bytes
     * @throws dev.containersec.api.LimitExceededException if larger than {@link ScanLimits#maxDocumentBytes()}
     * @throws dev.containersec.api.NotFoundException if the registry has no such blob
     * @throws dev.containersec.api.DigestMismatchException if the bytes do not match
     */
    public byte[] readBlob(ImageReference repository, Digest digest) {
        return http.readBlob(Objects.requireNonNull(repository, "repository"), Objects.requireNonNull(digest, "digest"),
                http.settings().limits().maxDocumentBytes());
    }

    /**
     * Uploads a blob (monolithic {@code POST} then {@code PUT}), skipped when the registry already
     * has it. Asks for the {@code pull,push} scope.
     *
     * @param repository the repository
     * @param content the blob
     * @return the blob's sha256 digest
     * @throws RegistryException if the registry refuses the upload
     */
    public Digest pushBlob(ImageReference repository, byte[] content) {
        return http.pushBlob(Objects.requireNonNull(repository, "repository"), content.clone());
    }

    /**
     * Uploads a manifest under the reference's tag (or, without a tag, under its digest). Push the
     * blobs it names first.
     *
     * @param reference the repository and tag
     * @param manifest the manifest bytes and media type
     * @return the manifest's digest
     * @throws RegistryException if the registry refuses the manifest
     * @throws IllegalArgumentException if the reference names a digest other than the manifest's
     */
    public Digest pushManifest(ImageReference reference, RegistryManifest manifest) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(manifest, "manifest");
        return http.pushManifest(reference, manifest.mediaType(), manifest.bytes());
    }

    /**
     * Returns the bounds applied to documents, blobs and operation time.
     *
     * @return the limits
     */
    public ScanLimits limits() {
        return http.settings().limits();
    }

    /**
     * Returns the blob cache directory, when caching.
     *
     * @return the directory
     */
    public Optional<Path> blobCache() {
        return http.settings().cacheDir();
    }

    /** Builds a {@link RegistryClient}. Not thread-safe; the client it builds is. */
    public static final class Builder {
        private RegistryCredentialSource credentials = RegistryCredentialSource.dockerConfig();
        private final List<X509Certificate> cas = new ArrayList<>();
        private final Set<String> insecure = new LinkedHashSet<>();
        private Path cacheDir;
        private ScanLimits limits = ScanLimits.defaults();
        private Duration connectTimeout = Duration.ofSeconds(15);
        private Duration readTimeout = Duration.ofSeconds(60);
        private int maxRetries = 4;
        private Duration initialBackoff = Duration.ofMillis(250);
        private Duration maxRetryWait = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * Sets where credentials come from.
         *
         * @param source the source; {@link RegistryCredentialSource#dockerConfig()} by default,
         *     {@link RegistryCredentialSource#anonymous()} for none
         * @return this builder
         */
        public Builder credentials(RegistryCredentialSource source) {
            this.credentials = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Trusts the CA certificates in a PEM file in addition to the system trust store.
         *
         * @param pemFile one or more PEM certificates
         * @return this builder
         * @throws InvalidInputException if the file cannot be read or holds no certificate
         */
        public Builder addCaCertificates(Path pemFile) {
            Objects.requireNonNull(pemFile, "pemFile");
            try (InputStream in = Files.newInputStream(pemFile)) {
                List<X509Certificate> read = new ArrayList<>();
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    read.add((X509Certificate) c);
                }
                if (read.isEmpty()) {
                    throw new InvalidInputException(pemFile.toString(), "holds no certificate");
                }
                cas.addAll(read);
            } catch (IOException | CertificateException e) {
                throw new InvalidInputException(pemFile.toString(), "not a PEM certificate file: " + e.getMessage(), e);
            }
            return this;
        }

        /**
         * Allows one registry to be reached over plain HTTP, or over TLS without verifying its
         * certificate. HTTPS is tried first; the client falls back to HTTP when the host does not
         * speak TLS. Other hosts, including redirect targets and token servers, stay verified.
         *
         * @param host {@code host} or {@code host:port}, exactly as in image references
         * @return this builder
         * @throws IllegalArgumentException if the text is not a host
         */
        public Builder allowInsecureRegistry(String host) {
            Objects.requireNonNull(host, "host");
            if (!HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("not a registry host[:port]: '" + host + "'");
            }
            insecure.add(host);
            return this;
        }

        /**
         * Caches blobs on disk, keyed by digest, in a directory several processes may share.
         *
         * @param dir the directory, created when absent
         * @return this builder
         */
        public Builder blobCache(Path dir) {
            this.cacheDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Sets the bounds: {@link ScanLimits#maxDocumentBytes()} for manifests and small blobs,
         * {@link ScanLimits#maxLayerBytes()} for blobs of unknown size, {@link ScanLimits#timeout()}
         * per operation (a blob download counts from its start).
         *
         * @param limits the limits, {@link ScanLimits#defaults()} by default
         * @return this builder
         */
        public Builder limits(ScanLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Sets the TCP connect timeout.
         *
         * @param timeout positive, 15 seconds by default
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets the longest wait for any single read from a connection.
         *
         * @param timeout positive, 60 seconds by default
         * @return this builder
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /**
         * Sets how often a failed request is retried (I/O errors, 429, 5xx) and a broken download resumed.
         *
         * @param retries 0 to 10, 4 by default
         * @return this builder
         */
        public Builder maxRetries(int retries) {
            if (retries < 0 || retries > 10) {
                throw new IllegalArgumentException("maxRetries must be 0..10, was " + retries);
            }
            this.maxRetries = retries;
            return this;
        }

        /**
         * Sets the first retry delay, doubled on each further retry.
         *
         * @param delay positive, 250 ms by default
         * @return this builder
         */
        public Builder initialBackoff(Duration delay) {
            this.initialBackoff = positive(delay, "initialBackoff");
            return this;
        }

        /**
         * Sets the longest delay between retries; a {@code Retry-After} asking for more fails at once.
         *
         * @param wait positive, 30 seconds by default
         * @return this builder
         */
        public Builder maxRetryWait(Duration wait) {
            this.maxRetryWait = positive(wait, "maxRetryWait");
            return this;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }

        /**
         * Builds the client.
         *
         * @return the client
         */
        public RegistryClient build() {
            return new RegistryClient(new RegistrySettings(credentials, cas, insecure, Optional.ofNullable(cacheDir),
                    limits, connectTimeout, readTimeout, maxRetries, initialBackoff, maxRetryWait));
        }
    }
}
