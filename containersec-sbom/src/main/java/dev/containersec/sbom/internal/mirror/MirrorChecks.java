package dev.containersec.sbom.internal.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import dev.containersec.sbom.internal.db.Store;
import dev.containersec.sbom.internal.document.BoundedJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each mirrored ecosystem was last checked without a download: a {@code 304 Not Modified} leaves the
 * database file untouched (it is never changed in place: readers open it immutable), so the time of such a
 * check lives in a small JSON file beside it, {@value #FILE_NAME}, replaced atomically.
 *
 * <p>Each entry names the download it confirmed ({@code url} and the database's {@code fetched_at} of that
 * download): a reader uses an entry only while the database still holds that download, so an entry outlived by
 * a later download, an import that replaced everything, or another source is ignored rather than believed.
 *
 * <p>The file is informational: a missing, oversized or malformed one reads as no entries (with a warning), and
 * a failure to write it is logged, never fails an update. Format: {@code {"version": 1, "checks":
 * [{"ecosystem", "url", "download", "checkedAt"}]}}.
 */
public final class MirrorChecks {
    /** The file's name inside the database directory. */
    public static final String FILE_NAME = "mirror-checks.json";
    /** The largest file read: about a thousand times what all of OSV's ecosystems need. */
    static final long MAX_BYTES = 1 << 20;
    /** The most entries kept. */
    static final int MAX_ENTRIES = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(MirrorChecks.class);
    private static final int VERSION = 1;
    private static final BoundedJson JSON = new BoundedJson(ScanLimits.builder().maxDocumentBytes(MAX_BYTES)
            .maxJsonDepth(8).build());
    private static final ObjectMapper WRITER = new ObjectMapper();

    private MirrorChecks() {
    }

    /**
     * One check that found the stored download still current.
     *
     * @param ecosystem the OSV ecosystem name, as the database's mirror keys spell it
     * @param url the archive's URL
     * @param download the database's {@code fetched_at} value of the download it confirmed
     * @param checkedAt when the mirror answered
     */
    public record Check(String ecosystem, String url, String download, Instant checkedAt) {
        /** Checks for nulls. */
        public Check {
            Objects.requireNonNull(ecosystem, "ecosystem");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(download, "download");
            Objects.requireNonNull(checkedAt, "checkedAt");
        }

        /**
         * Tells whether this check confirmed the download a database holds.
         *
         * @param storedUrl the database's {@code url} of the ecosystem
         * @param storedDownload the database's {@code fetched_at} of the ecosystem
         * @return true when both are the ones this check saw
         */
        public boolean confirms(String storedUrl, String storedDownload) {
            return url.equals(storedUrl) && download.equals(storedDownload);
        }
    }

    /**
     * Reads the checks of a database directory.
     *
     * @param dir the database directory
     * @return ecosystem to its check, sorted; empty when the file is missing or unreadable (logged)
     */
    public static Map<String, Check> read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            LOG.warn("ignoring {}: {}", file, e.getMessage());
            return Map.of();
        }
        try {
            return parse(bytes, file.toString());
        } catch (InvalidInputException e) {
            LOG.warn("ignoring {}: {}", file, e.getMessage());
            return Map.of();
        }
    }

    /**
     * Parses the file's content.
     *
     * @param bytes the content
     * @param subject the file, for messages
     * @return ecosystem to its check, sorted (of duplicates the later wins)
     * @throws InvalidInputException when it is not this format (including oversized, too deep, other version)
     */
    public static Map<String, Check> parse(byte[] bytes, String subject) {
        JsonNode root = JSON.parse(bytes, subject);
        if (!root.isObject() || root.path("version").asInt(-1) != VERSION || !root.path("version").isInt()) {
            throw new InvalidInputException(subject, "not a mirror check file of version " + VERSION);
        }
        JsonNode checks = root.path("checks");
        if (!checks.isArray() || checks.size() > MAX_ENTRIES) {
            throw new InvalidInputException(subject, "'checks' must be an array of at most " + MAX_ENTRIES + " entries");
        }
        Map<String, Check> out = new TreeMap<>();
        for (JsonNode c : checks) {
            Check check = new Check(text(c, "ecosystem", subject), text(c, "url", subject), text(c, "download", subject),
                    instant(text(c, "checkedAt", subject), subject));
            out.put(check.ecosystem(), check);
        }
        return out;
    }

    /**
     * Writes the file's content.
     *
     * @param checks the entries
     * @return UTF-8 JSON that {@link #parse} reads back
     */
    public static byte[] write(Collection<Check> checks) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", VERSION);
        ArrayNode array = root.putArray("checks");
        for (Check c : checks) {
            array.addObject().put("ecosystem", c.ecosystem()).put("url", c.url()).put("download", c.download())
                    .put("checkedAt", c.checkedAt().toString());
        }
        try {
            return WRITER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON of plain strings", e);
        }
    }

    /**
     * Records checks: the new ones replace their ecosystems' entries, and entries that no longer confirm what the
     * database holds are dropped. The file is replaced atomically; a failure is logged and otherwise ignored.
     *
     * @param dir the database directory
     * @param checks the new checks
     * @param meta the meta entries of the database the directory holds now (its mirror entries say which
     *     download of each ecosystem it holds)
     */
    public static void record(Path dir, Collection<Check> checks, Map<String, String> meta) {
        Map<String, Check> merged = new TreeMap<>(read(dir));
        checks.forEach(c -> merged.put(c.ecosystem(), c));
        merged.values().removeIf(c -> !c.confirms(Store.mirrorMeta(meta, c.ecosystem(), "url"),
                Store.mirrorMeta(meta, c.ecosystem(), "fetched_at")));
        Path target = dir.resolve(FILE_NAME);
        if (merged.isEmpty() && !Files.exists(target)) {
            return;
        }
        Path tmp = dir.resolve(".mirror-checks-" + UUID.randomUUID() + ".tmp");
        try {
            Files.write(tmp, write(merged.values()));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            LOG.warn("could not record when the mirror was checked: {} cannot rename atomically", dir);
        } catch (IOException e) {
            LOG.warn("could not record when the mirror was checked in {}: {}", target, e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.debug("could not delete {}", tmp, e);
            }
        }
    }

    private static String text(JsonNode entry, String field, String subject) {
        JsonNode v = entry.path(field);
        if (!v.isTextual() || v.textValue().length() > 4096) {
            throw new InvalidInputException(subject, "a check needs '" + field + "' as a string of at most 4096"
                    + " characters");
        }
        return v.textValue();
    }

    private static Instant instant(String s, String subject) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(subject, "'checkedAt' is not an ISO-8601 instant: '" + s + "'", e);
        }
    }
}
