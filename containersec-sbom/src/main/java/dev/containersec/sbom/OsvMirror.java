package dev.containersec.sbom;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ProgressListener;
import dev.containersec.api.ScanLimits;
import dev.containersec.sbom.internal.db.AdvisoryParser;
import dev.containersec.sbom.internal.db.AdvisorySources;
import dev.containersec.sbom.internal.db.Store;
import dev.containersec.sbom.internal.mirror.Download;
import dev.containersec.sbom.internal.mirror.MirrorChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link VulnerabilityDb} up to date from an OSV-style HTTP(S) mirror: for each ecosystem it
 * downloads {@code {source}/{ecosystem}/all.zip}, the per-ecosystem archive OSV publishes (by default from
 * OSV's public bucket, {@value #DEFAULT_SOURCE}).
 *
 * <p><b>Conditional.</b> The {@code ETag} and {@code Last-Modified} of each archive are stored in the
 * database's metadata; the next update sends them as {@code If-None-Match} and {@code If-Modified-Since},
 * and a {@code 304 Not Modified} answer makes the ecosystem {@link Status#UNCHANGED} without a download.
 * What was stored (the archive's URL, its validators, when it was downloaded, its advisory count) and when the
 * mirror was last asked are in {@link VulnerabilityDb.Status#mirroredEcosystems()}. The database file is never
 * changed in place, so the time of a {@code 304} is recorded in a small file beside it
 * ({@code mirror-checks.json}, replaced atomically) instead of rebuilding the database for one timestamp.
 *
 * <p><b>Verified before the swap.</b> Each archive is streamed into a temporary file next to the database,
 * at most {@link Builder#maxDownloadBytes(long)} bytes (default {@value #DEFAULT_MAX_DOWNLOAD_BYTES}). It must
 * then be a well-formed zip (its central directory read, so a truncated download is caught), within the
 * import's bounds ({@link ScanLimits#maxEntriesPerLayer()} entries, {@link ScanLimits#maxNestedBytes()}
 * bytes decompressed, {@link ScanLimits#maxDocumentBytes()} per document: a zip bomb fails), and every
 * document in it is parsed; one that does not parse (or is withdrawn) is skipped and counted with its
 * reason. Only archives that passed go into the new database file, which is built and swapped in exactly
 * as {@link VulnerabilityDb.Importer} does: the advisories a previous update took from the same ecosystem's
 * archive are replaced by the new archive's, everything else is carried over. A failed ecosystem keeps its
 * old advisories; if nothing changed the database file is not touched at all; an error while building
 * leaves the old file as it was.
 *
 * <p><b>Retries.</b> Connection failures, timeouts, truncated bodies and {@code 5xx} or {@code 429}
 * answers are retried ({@link Builder#attempts(int)} attempts in all, waiting
 * {@link Builder#backoff(Duration)}, then twice as long each time). A {@code 404} says the mirror has no
 * such ecosystem ({@link Reason#NOT_FOUND}); other {@code 4xx}, TLS failures and limits are not retried.
 *
 * <p>Instances are immutable and may be reused; {@link #update(Path)} is not meant to run twice at once on
 * one directory (the later swap wins, both files are complete).
 *
 * @see <a href="https://google.github.io/osv.dev/data/#data-dumps">OSV data dumps</a>
 */
public final class OsvMirror {
    /** OSV's public bucket. */
    public static final String DEFAULT_SOURCE = "https://osv-vulnerabilities.storage.googleapis.com/";
    /** The default bound of one downloaded archive: 1 GiB (OSV's largest archives are a few hundred MB). */
    public static final long DEFAULT_MAX_DOWNLOAD_BYTES = 1L << 30;

    private static final Logger LOG = LoggerFactory.getLogger(OsvMirror.class);
    private static final String META = Store.MIRROR_META_PREFIX;
    private static final String LABEL = Store.MIRROR_SOURCE_PREFIX;

    private final URI source;
    private final List<String> ecosystems;
    private final ScanLimits limits;
    private final long maxDownloadBytes;
    private final Duration connectTimeout;
    private final Duration downloadTimeout;
    private final int attempts;
    private final Duration backoff;
    private final ProgressListener progress;

    private OsvMirror(Builder b) {
        this.source = b.source;
        this.ecosystems = List.copyOf(b.ecosystems);
        this.limits = b.limits;
        this.maxDownloadBytes = b.maxDownloadBytes;
        this.connectTimeout = b.connectTimeout;
        this.downloadTimeout = b.downloadTimeout;
        this.attempts = b.attempts;
        this.backoff = b.backoff;
        this.progress = b.progress;
    }

    /**
     * Starts configuring a mirror.
     *
     * @return a builder with OSV's public bucket as source
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the base URL archives are downloaded from.
     *
     * @return the source, ending in {@code /}
     */
    public URI source() {
        return source;
    }

    /**
     * Returns the URL of one ecosystem's archive.
     *
     * @param ecosystem an OSV ecosystem name, e.g. {@code Go} or {@code Rocky Linux}
     * @return {@code {source}/{ecosystem}/all.zip}, the name percent-encoded
     */
    public URI archiveUri(String ecosystem) {
        return source.resolve(encodeSegment(checkEcosystem(ecosystem)) + "/all.zip");
    }

    /**
     * Lists the ecosystems a database was updated from by a mirror before.
     *
     * @param dir the database directory
     * @return the ecosystem names, sorted; empty when there is no database, or it was only imported into
     */
    public static List<String> mirroredEcosystems(Path dir) {
        return Store.mirroredEcosystems(previousMeta(dir));
    }

    /**
     * Updates a database (created when missing) from the mirror.
     *
     * @param dir the database directory
     * @return one record per ecosystem, and the database afterwards
     * @throws IllegalStateException when no ecosystem was named and the database was never updated from a
     *     mirror (so there is nothing to refresh)
     * @throws InvalidInputException when the existing database has a newer schema (nothing is changed)
     * @throws UncheckedIOException when the database directory cannot be written (nothing is changed)
     */
    public UpdateResult update(Path dir) {
        Objects.requireNonNull(dir, "dir");
        long start = System.nanoTime();
        List<String> wanted = ecosystems.isEmpty() ? mirroredEcosystems(dir) : ecosystems;
        if (wanted.isEmpty()) {
            throw new IllegalStateException("name at least one ecosystem (e.g. Go, PyPI, Maven, npm, Debian)"
                    + ": the database in " + dir + " was never updated from a mirror");
        }
        if (VulnerabilityDb.exists(dir)) {
            Store.fileSchemaVersion(dir.resolve(VulnerabilityDb.FILE_NAME)); // refuses a newer schema up front
        }
        Map<String, String> previous = previousMeta(dir);
        try {
            Files.createDirectories(dir);
            removeStaleDownloads(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Download download = new Download(connectTimeout, downloadTimeout, maxDownloadBytes, attempts, backoff,
                progress);
        List<EcosystemUpdate> results = new ArrayList<>();
        Map<String, Path> archives = new LinkedHashMap<>();
        Map<String, Download.Fetched> fetched = new LinkedHashMap<>();
        Map<String, Long> advisories = new LinkedHashMap<>();
        List<MirrorChecks.Check> checks = new ArrayList<>();
        List<Path> temporaries = new ArrayList<>();
        try {
            for (String ecosystem : wanted) {
                URI uri = archiveUri(ecosystem);
                Path tmp = dir.resolve(".download-" + UUID.randomUUID() + ".zip");
                temporaries.add(tmp);
                // Validators are only worth sending to the URL that gave them (another mirror's ETag means nothing).
                boolean sameUrl = uri.toString().equals(previous.get(META + ecosystem + ".url"));
                Optional<String> etag = Optional.ofNullable(previous.get(META + ecosystem + ".etag"))
                        .filter(v -> sameUrl && !v.isEmpty());
                Optional<String> lastModified = Optional.ofNullable(previous.get(META + ecosystem + ".last_modified"))
                        .filter(v -> sameUrl && !v.isEmpty());
                Download.Result r = download.fetch(ecosystem, uri, etag, lastModified, tmp);
                if (r instanceof Download.NotModified) {
                    LOG.info("{}: not modified since the last update", ecosystem);
                    checks.add(new MirrorChecks.Check(ecosystem, uri.toString(),
                            Store.mirrorMeta(previous, ecosystem, "fetched_at"), Instant.now()));
                    results.add(new EcosystemUpdate(ecosystem, uri, Status.UNCHANGED, 0, 0, List.of(), 0,
                            Optional.empty()));
                } else if (r instanceof Download.Failed f) {
                    LOG.warn("{}: {}", ecosystem, f.message());
                    results.add(failed(ecosystem, uri, f.reason(), f.message()));
                } else {
                    Download.Fetched ok = (Download.Fetched) r;
                    archives.put(ecosystem, tmp);
                    fetched.put(ecosystem, ok);
                    EcosystemUpdate verified = verify(ecosystem, uri, tmp, ok.bytes());
                    results.add(verified);
                    advisories.put(ecosystem, verified.advisories());
                    if (verified.status() == Status.FAILED) {
                        archives.remove(ecosystem);
                    }
                }
            }
            boolean swapped = false;
            if (!archives.isEmpty()) {
                progress.progress("building the vulnerability database", 0, -1);
                VulnerabilityDb.Importer importer = VulnerabilityDb.importer(dir).limits(limits).keepExisting(true);
                for (Map.Entry<String, Path> e : archives.entrySet()) {
                    String eco = e.getKey();
                    Download.Fetched f = fetched.get(eco);
                    importer.replacingSource(LABEL + eco + "/")
                            .addLabelled(e.getValue(), LABEL + eco + "/all.zip")
                            .meta(META + eco + ".url", archiveUri(eco).toString())
                            .meta(META + eco + ".etag", f.etag().orElse(""))
                            .meta(META + eco + ".last_modified", f.lastModified().orElse(""))
                            .meta(META + eco + ".fetched_at", Instant.now().toString())
                            .meta(META + eco + ".advisories", Long.toString(advisories.get(eco)));
                }
                importer.run();
                swapped = true;
            }
            if (!checks.isEmpty()) {
                MirrorChecks.record(dir, checks, swapped ? previousMeta(dir) : previous);
            }
            Optional<VulnerabilityDb.Status> status = Optional.empty();
            if (VulnerabilityDb.exists(dir)) {
                try (VulnerabilityDb db = VulnerabilityDb.open(dir)) {
                    status = Optional.of(db.status());
                } catch (InvalidInputException e) {
                    LOG.warn("the database in {} is not readable: {}", dir, e.getMessage());
                }
            }
            return new UpdateResult(results, swapped, status, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            temporaries.forEach(OsvMirror::deleteQuietly);
        }
    }

    private EcosystemUpdate verify(String ecosystem, URI uri, Path zip, long bytes) {
        progress.progress(ecosystem + ": verifying all.zip", 0, -1);
        try (ZipFile z = new ZipFile(zip.toFile())) {
            // The central directory: a truncated download has none (the streaming reader alone would not notice).
            if (z.size() > limits.maxEntriesPerLayer()) {
                return failed(ecosystem, uri, Reason.LIMIT_EXCEEDED, "all.zip has " + z.size()
                        + " entries, more than the limit of " + limits.maxEntriesPerLayer());
            }
        } catch (IOException e) {
            return failed(ecosystem, uri, Reason.INVALID_ARCHIVE, "all.zip is not a complete zip archive: "
                    + e.getMessage());
        }
        AdvisoryParser parser = new AdvisoryParser(limits);
        long[] counts = new long[2];
        List<String> skipped = new ArrayList<>();
        String label = LABEL + ecosystem + "/all.zip";
        try {
            new AdvisorySources(limits).readZip(zip, label, new AdvisorySources.Sink() {
                @Override
                public void document(String where, String json) {
                    try {
                        if (parser.parse(json, where).withdrawn()) {
                            skip(where, "withdrawn");
                        } else {
                            counts[0]++;
                        }
                    } catch (LimitExceededException e) {
                        throw e;
                    } catch (InvalidInputException e) {
                        skip(where, e.getMessage());
                    }
                }

                @Override
                public void ignored(String where, String why) {
                    skip(where, why);
                }

                private void skip(String where, String why) {
                    counts[1]++;
                    if (skipped.size() < limits.maxSkipsListed()) {
                        skipped.add(where + ": " + why);
                    }
                }
            });
        } catch (LimitExceededException e) {
            return failed(ecosystem, uri, Reason.LIMIT_EXCEEDED, e.getMessage());
        } catch (InvalidInputException e) {
            return failed(ecosystem, uri, Reason.INVALID_ARCHIVE, e.getMessage());
        } catch (UncheckedIOException e) {
            return failed(ecosystem, uri, Reason.IO, "reading the downloaded all.zip failed: " + e.getMessage());
        }
        return new EcosystemUpdate(ecosystem, uri, Status.UPDATED, counts[0], counts[1], skipped, bytes,
                Optional.empty());
    }

    private static EcosystemUpdate failed(String ecosystem, URI uri, Reason reason, String message) {
        return new EcosystemUpdate(ecosystem, uri, Status.FAILED, 0, 0, List.of(), 0,
                Optional.of(new Failure(reason, message)));
    }

    /** The mirror entries of the current database, or none when it is missing or of another schema version. */
    private static Map<String, String> previousMeta(Path dir) {
        if (!VulnerabilityDb.exists(dir)) {
            return Map.of();
        }
        try (VulnerabilityDb db = VulnerabilityDb.open(dir)) {
            return db.meta(META);
        } catch (InvalidInputException e) {
            // An older schema: its advisories are not carried over, so nothing may be sent as "I have this".
            LOG.info("not sending conditional requests: {}", e.getMessage());
            return Map.of();
        }
    }

    private static void removeStaleDownloads(Path dir) throws IOException {
        for (String glob : List.of(".download-*.zip", ".mirror-checks-*.tmp")) {
            try (var files = Files.newDirectoryStream(dir, glob)) {
                for (Path p : files) {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(Instant.now().minus(Duration.ofDays(1)))) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("could not delete {}", p, e);
        }
    }

    private static String checkEcosystem(String ecosystem) {
        Objects.requireNonNull(ecosystem, "ecosystem");
        if (ecosystem.isBlank() || ecosystem.length() > 100 || ecosystem.contains("/") || ecosystem.contains("\\")
                || ecosystem.equals(".") || ecosystem.equals("..")
                || ecosystem.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("not an OSV ecosystem name: '" + ecosystem
                    + "' (expected a name such as Go, PyPI, Maven, npm, crates.io, Debian, Rocky Linux)");
        }
        return ecosystem;
    }

    private static String encodeSegment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return b.toString();
    }

    /** What happened to one ecosystem. */
    public enum Status {
        /** A new archive was downloaded, verified and is now in the database. */
        UPDATED,
        /** The mirror answered {@code 304 Not Modified}: the database already has this archive. */
        UNCHANGED,
        /** Nothing changed for this ecosystem; see {@link EcosystemUpdate#failure()}. */
        FAILED
    }

    /** Why an ecosystem failed. */
    public enum Reason {
        /** {@code 404}: the mirror has no archive for this ecosystem (a misspelt or unknown name). */
        NOT_FOUND,
        /** Another unexpected HTTP status, after retries where retrying made sense. */
        HTTP_STATUS,
        /** The TLS handshake failed (certificate, protocol). */
        TLS,
        /** Connecting or downloading took longer than allowed, after retries. */
        TIMEOUT,
        /** Connecting or reading failed (refused, reset, truncated body), after retries. */
        IO,
        /** The download is not a complete, readable zip archive. */
        INVALID_ARCHIVE,
        /** The download or its contents exceeded a bound (download size, entries, decompressed bytes). */
        LIMIT_EXCEEDED
    }

    /**
     * Why an ecosystem failed.
     *
     * @param reason the kind of failure
     * @param message what went wrong, for people
     */
    public record Failure(Reason reason, String message) {
        /** Checks for nulls. */
        public Failure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The outcome for one ecosystem.
     *
     * @param ecosystem the ecosystem name as requested
     * @param uri the archive's URL
     * @param status updated, unchanged or failed
     * @param advisories for {@link Status#UPDATED}: advisories in the archive that parsed (and are not
     *     withdrawn); 0 otherwise
     * @param skipped for {@link Status#UPDATED}: documents skipped (withdrawn, unparsable, unsafe entry names)
     * @param skippedReasons {@code entry: why} for the first {@link ScanLimits#maxSkipsListed()} of them
     * @param bytes the size of the downloaded archive, 0 when nothing was downloaded
     * @param failure for {@link Status#FAILED}, why
     */
    public record EcosystemUpdate(String ecosystem, URI uri, Status status, long advisories, long skipped,
                                  List<String> skippedReasons, long bytes, Optional<Failure> failure) {
        /** Checks for nulls, copies the list, and that a failure is given exactly when failed. */
        public EcosystemUpdate {
            Objects.requireNonNull(ecosystem, "ecosystem");
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(status, "status");
            skippedReasons = List.copyOf(skippedReasons);
            Objects.requireNonNull(failure, "failure");
            if (failure.isPresent() != (status == Status.FAILED)) {
                throw new IllegalArgumentException("a failure is given exactly when the status is FAILED");
            }
        }
    }

    /**
     * What an update did.
     *
     * @param ecosystems one record per ecosystem, in the order asked
     * @param databaseReplaced true when a new database file was swapped in
     * @param database the database afterwards, when there is one
     * @param elapsed how long the update took
     */
    public record UpdateResult(List<EcosystemUpdate> ecosystems, boolean databaseReplaced,
                               Optional<VulnerabilityDb.Status> database, Duration elapsed) {
        /** Checks for nulls and copies the list. */
        public UpdateResult {
            ecosystems = List.copyOf(ecosystems);
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(elapsed, "elapsed");
        }

        /**
         * Tells whether any ecosystem failed.
         *
         * @return true when at least one record is {@link Status#FAILED}
         */
        public boolean anyFailed() {
            return ecosystems.stream().anyMatch(e -> e.status() == Status.FAILED);
        }
    }

    /** Configures an {@link OsvMirror}. Not thread-safe. */
    public static final class Builder {
        private URI source = URI.create(DEFAULT_SOURCE);
        private final Set<String> ecosystems = new LinkedHashSet<>();
        private ScanLimits limits = ScanLimits.defaults();
        private long maxDownloadBytes = DEFAULT_MAX_DOWNLOAD_BYTES;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration downloadTimeout = Duration.ofMinutes(30);
        private int attempts = 4;
        private Duration backoff = Duration.ofSeconds(1);
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        /**
         * Sets the base URL: an {@code http} or {@code https} URL under which {@code {ecosystem}/all.zip} lives.
         *
         * @param value the base URL (a missing trailing {@code /} is added)
         * @return this
         * @throws IllegalArgumentException when it is not an absolute http(s) URL with a host
         */
        public Builder source(URI value) {
            Objects.requireNonNull(value, "source");
            String scheme = value.getScheme() == null ? "" : value.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || value.getHost() == null
                    || value.getRawQuery() != null || value.getRawFragment() != null) {
                throw new IllegalArgumentException("the mirror source must be an http(s) URL with a host and no"
                        + " query, e.g. " + DEFAULT_SOURCE + "; got '" + value + "'");
            }
            String s = value.toString();
            this.source = URI.create(s.endsWith("/") ? s : s + "/");
            return this;
        }

        /**
         * Adds an ecosystem to update, named as OSV names its folder ({@code Go}, {@code PyPI},
         * {@code crates.io}, {@code Debian}, {@code Rocky Linux}); known names are accepted in any case and
         * spelt as OSV does. Without any, {@link #update(Path)} refreshes the ecosystems the database was
         * updated from before.
         *
         * @param value the ecosystem name
         * @return this
         * @throws IllegalArgumentException when the name is empty, too long or contains {@code /} or control
         *     characters
         */
        public Builder ecosystem(String value) {
            String name = checkEcosystem(value.trim());
            ecosystems.add(Ecosystem.find(name).map(Ecosystem::osvName).orElse(name));
            return this;
        }

        /**
         * Adds several ecosystems; see {@link #ecosystem(String)}.
         *
         * @param values the names
         * @return this
         */
        public Builder ecosystems(Collection<String> values) {
            values.forEach(this::ecosystem);
            return this;
        }

        /**
         * Sets the bounds for reading the archives (entries, decompressed bytes, document size, JSON depth).
         *
         * @param value the limits (default {@link ScanLimits#defaults()})
         * @return this
         */
        public Builder limits(ScanLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * Bounds the size of one downloaded archive.
         *
         * @param value bytes, positive (default {@value OsvMirror#DEFAULT_MAX_DOWNLOAD_BYTES})
         * @return this
         */
        public Builder maxDownloadBytes(long value) {
            if (value <= 0) {
                throw new IllegalArgumentException("maxDownloadBytes must be positive, got " + value);
            }
            this.maxDownloadBytes = value;
            return this;
        }

        /**
         * Sets how long connecting may take.
         *
         * @param value a positive duration (default 30 s)
         * @return this
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        /**
         * Sets how long one attempt at one archive may take, from the request to the last byte.
         *
         * @param value a positive duration (default 30 min)
         * @return this
         */
        public Builder downloadTimeout(Duration value) {
            this.downloadTimeout = positive(value, "downloadTimeout");
            return this;
        }

        /**
         * Sets how many attempts one archive gets when failures are worth retrying.
         *
         * @param value 1 or more (default 4)
         * @return this
         */
        public Builder attempts(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, got " + value);
            }
            this.attempts = value;
            return this;
        }

        /**
         * Sets the wait before the first retry; each further retry waits twice as long.
         *
         * @param value zero or more (default 1 s)
         * @return this
         */
        public Builder backoff(Duration value) {
            Objects.requireNonNull(value, "backoff");
            if (value.isNegative()) {
                throw new IllegalArgumentException("backoff must not be negative, got " + value);
            }
            this.backoff = value;
            return this;
        }

        /**
         * Receives download progress (bytes of each archive), retries, and the verify and build steps. Byte
         * counts are reported from the HTTP client's threads, so the listener must be thread-safe.
         *
         * @param value the listener (default {@link ProgressListener#NONE})
         * @return this
         */
        public Builder progress(ProgressListener value) {
            this.progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        /**
         * Builds the mirror.
         *
         * @return the mirror
         */
        public OsvMirror build() {
            return new OsvMirror(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
