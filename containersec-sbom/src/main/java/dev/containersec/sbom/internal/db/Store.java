package dev.containersec.sbom.internal.db;

import dev.containersec.api.ContainerSecException;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.Severity;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The SQLite file: schema, writing (only ever into a new file) and reading (read-only, immutable).
 *
 * <p>Schema version {@value #SCHEMA_VERSION}: {@code schema_version(version)}, {@code meta(key, value)},
 * {@code advisory(id, aliases, summary, severity, severity_source, modified, source)} and
 * {@code affected(advisory_id, ecosystem, release, name, entry)} indexed by {@code (ecosystem, name)}.
 */
public final class Store {
    /** The schema this code writes and reads. */
    public static final int SCHEMA_VERSION = 2;

    private static final String[] SCHEMA = {
        "CREATE TABLE schema_version(version INTEGER NOT NULL)",
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE advisory(id TEXT PRIMARY KEY, aliases TEXT NOT NULL, summary TEXT NOT NULL,"
                + " severity TEXT NOT NULL, severity_source TEXT NOT NULL, modified TEXT NOT NULL, published TEXT NOT NULL,"
                + " source TEXT NOT NULL)",
        "CREATE TABLE affected(advisory_id TEXT NOT NULL, ecosystem TEXT NOT NULL, release TEXT NOT NULL,"
                + " name TEXT NOT NULL, entry TEXT NOT NULL)",
    };
    private static final String[] INDEXES = {
        // Covering: a scan reads every row of its packages from the index alone, never the table (about a fifth
        // more file for about half the lookup time; see benchmarks/README.md).
        "CREATE INDEX affected_by_package ON affected(ecosystem, name, advisory_id, release, entry)",
        "CREATE INDEX affected_by_advisory ON affected(advisory_id)",
    };

    /** The prefix of the meta keys a mirror update writes; they are carried over when advisories are. */
    public static final String MIRROR_META_PREFIX = "mirror.";
    /** The prefix of the source label of advisories a mirror update stored: {@code osv-mirror:ECOSYSTEM/}. */
    public static final String MIRROR_SOURCE_PREFIX = "osv-mirror:";

    private Store() {
    }

    /**
     * Deletes the advisories (and their affected rows) stored from sources whose label starts with a prefix.
     *
     * @param c the new database
     * @param sourcePrefix for example {@code osv-mirror:Go/}
     * @return the number of advisories deleted
     * @throws SQLException when SQLite fails
     */
    public static long deleteSource(Connection c, String sourcePrefix) throws SQLException {
        String like = likePrefix(sourcePrefix);
        try (PreparedStatement rows = c.prepareStatement("DELETE FROM affected WHERE advisory_id IN"
                + " (SELECT id FROM advisory WHERE source LIKE ? ESCAPE '\\')");
             PreparedStatement ads = c.prepareStatement("DELETE FROM advisory WHERE source LIKE ? ESCAPE '\\'")) {
            rows.setString(1, like);
            rows.executeUpdate();
            ads.setString(1, like);
            return ads.executeUpdate();
        }
    }

    /**
     * Lists the ecosystems a mirror update stored, from the meta keys {@code mirror.ECOSYSTEM.url}.
     *
     * @param meta the database's meta entries (others are ignored)
     * @return the ecosystem names, sorted
     */
    public static List<String> mirroredEcosystems(java.util.Map<String, String> meta) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (String key : meta.keySet()) {
            if (key.startsWith(MIRROR_META_PREFIX) && key.endsWith(".url")) {
                out.add(key.substring(MIRROR_META_PREFIX.length(), key.length() - ".url".length()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Returns one value a mirror update stored for an ecosystem.
     *
     * @param meta the database's meta entries
     * @param ecosystem the ecosystem
     * @param field {@code url}, {@code etag}, {@code last_modified}, {@code fetched_at} or {@code advisories}
     * @return the value, empty when none was stored
     */
    public static String mirrorMeta(java.util.Map<String, String> meta, String ecosystem, String field) {
        return meta.getOrDefault(MIRROR_META_PREFIX + ecosystem + "." + field, "");
    }

    /** A LIKE pattern (escape character {@code \\}) matching what starts with a prefix. */
    private static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /**
     * Counts the advisories stored from sources whose label starts with a prefix.
     *
     * @param c a connection
     * @param sourcePrefix for example {@code osv-mirror:Go/}
     * @return the number of advisories
     */
    public static long countSource(Connection c, String sourcePrefix) {
        String like = likePrefix(sourcePrefix);
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM advisory WHERE source LIKE ? ESCAPE '\\'")) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new ContainerSecException("vulnerability database query failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the meta entries whose keys start with a prefix.
     *
     * @param c a connection
     * @param prefix the key prefix
     * @return key to value, sorted by key
     */
    public static java.util.SortedMap<String, String> meta(Connection c, String prefix) {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        for (String[] row : pairs(c, "SELECT key, value FROM meta")) {
            if (row[0].startsWith(prefix)) {
                out.put(row[0], row[1]);
            }
        }
        return out;
    }

    /** One stored affected row with its advisory. */
    public record Hit(String id, List<String> aliases, String summary, Severity severity, String severitySource,
                      String release, String entry, String published) { }

    /**
     * Opens an existing database read-only. The file is opened as immutable: it is never changed in place
     * (imports replace it), so SQLite needs no locks and an open reader keeps its file when it is replaced.
     *
     * @param file the database file
     * @return the connection
     * @throws InvalidInputException when the file is not a database of a schema this code reads
     */
    public static Connection openReadOnly(Path file) {
        Connection c = openRaw(file);
        try {
            int version = schemaVersion(c, file);
            checkNotNewer(version, file);
            if (version < SCHEMA_VERSION) {
                throw new InvalidInputException(file.toString(), "the vulnerability database has old schema version "
                        + version + " (this containersec reads " + SCHEMA_VERSION + "); re-import needed: run"
                        + " 'containersec db update' or 'db import' again (it replaces the old file)");
            }
            tuneForReading(c, file);
            return c;
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** The most of the file a reader maps into memory (address space only; pages load as they are read). */
    static final long MMAP_BYTES = 1L << 30;

    /**
     * Lets SQLite read the file through a memory map: a scan touches pages all over the index, and without one
     * each page is copied in with a system call into a page cache of 2 MB. Safe because the file is never
     * written in place (an import writes a new file and renames it, so a mapped file stays intact).
     */
    private static void tuneForReading(Connection c, Path file) {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA mmap_size=" + MMAP_BYTES);
        } catch (SQLException e) {
            throw new InvalidInputException(file.toString(), "cannot read the vulnerability database: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the schema version of a database file, refusing a newer one.
     *
     * @param file the database file
     * @return its version, at most {@link #SCHEMA_VERSION}
     * @throws InvalidInputException when it is newer or not a database of ours
     */
    public static int fileSchemaVersion(Path file) {
        Connection c = openRaw(file);
        try {
            int version = schemaVersion(c, file);
            checkNotNewer(version, file);
            return version;
        } finally {
            closeQuietly(c);
        }
    }

    private static void checkNotNewer(int version, Path file) {
        if (version > SCHEMA_VERSION) {
            throw new InvalidInputException(file.toString(), "the vulnerability database has schema version "
                    + version + ", newer than this containersec reads (" + SCHEMA_VERSION
                    + "); use a newer containersec or re-import into another directory");
        }
    }

    private static Connection openRaw(Path file) {
        Connection c;
        try {
            Properties p = new Properties();
            p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
            c = DriverManager.getConnection("jdbc:sqlite:" + immutableUri(file), p);
        } catch (SQLException e) {
            throw new InvalidInputException(file.toString(), "cannot open the vulnerability database: " + e.getMessage(), e);
        }
        return c;
    }

    private static String immutableUri(Path file) {
        return file.toAbsolutePath().toUri().toString().replaceFirst("^file:/+", "file:/") + "?mode=ro&immutable=1";
    }

    /**
     * Reads the schema version of an open database.
     *
     * @param c the connection
     * @param file its file, for messages
     * @return the version
     */
    public static int schemaVersion(Connection c, Path file) {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
            if (!rs.next()) {
                throw new InvalidInputException(file.toString(), "not a containersec vulnerability database (empty schema_version)");
            }
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new InvalidInputException(file.toString(), "not a containersec vulnerability database: " + e.getMessage(), e);
        }
    }

    /**
     * Creates a new database file with the current schema, tuned for one bulk write.
     *
     * @param file a file that does not exist yet
     * @return the connection, in a transaction
     * @throws SQLException when SQLite fails
     */
    public static Connection create(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            // The file is private until it is renamed into place and deleted on failure, so it needs no journal.
            s.execute("PRAGMA journal_mode=OFF");
            s.execute("PRAGMA synchronous=OFF");
            s.execute("PRAGMA page_size=8192");
            c.setAutoCommit(false);
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
            s.execute("INSERT INTO schema_version(version) VALUES (" + SCHEMA_VERSION + ")");
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
        return c;
    }

    /**
     * Creates the indexes, sets the meta entries and commits: the last step before the file is swapped in.
     *
     * @param c the connection from {@link #create}
     * @param meta key, value, key, value...
     * @throws SQLException when SQLite fails
     */
    public static void finish(Connection c, String... meta) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : INDEXES) {
                s.execute(ddl);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)")) {
            for (int i = 0; i + 1 < meta.length; i += 2) {
                ps.setString(1, meta[i]);
                ps.setString(2, meta[i + 1]);
                ps.executeUpdate();
            }
        }
        c.commit();
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
    }

    /**
     * Copies the advisories of an existing database of the same schema into a new one.
     *
     * @param c the new database
     * @param old the existing file
     * @return the number of advisories copied
     * @throws SQLException when SQLite fails
     */
    public static long copyFrom(Connection c, Path old) throws SQLException {
        try (Statement s = c.createStatement()) {
            c.commit();
            c.setAutoCommit(true);
            try (PreparedStatement attach = c.prepareStatement("ATTACH DATABASE ? AS old")) {
                attach.setString(1, immutableUri(old));
                attach.execute();
            }
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO advisory SELECT * FROM old.advisory");
            s.executeUpdate("INSERT INTO affected SELECT * FROM old.affected");
            // What a mirror recorded (ETag, Last-Modified per ecosystem) stays true of the advisories copied.
            s.executeUpdate("INSERT OR REPLACE INTO meta SELECT key, value FROM old.meta WHERE key LIKE '"
                    + MIRROR_META_PREFIX + "%'");
            long n;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM advisory")) {
                rs.next();
                n = rs.getLong(1);
            }
            c.commit();
            c.setAutoCommit(true);
            s.execute("DETACH DATABASE old");
            c.setAutoCommit(false);
            return n;
        }
    }

    /** Outcome of {@link Writer#put}. */
    public enum PutResult {
        /** Stored, no earlier version. */
        ADDED,
        /** Stored, replacing an older (or equally old) version. */
        REPLACED,
        /** Not stored: a newer version is already there. */
        OLDER_KEPT_NEWER
    }

    /** Writes advisories into a database from {@link #create}. */
    public static final class Writer implements AutoCloseable {
        private final PreparedStatement modified;
        private final PreparedStatement deleteAffected;
        private final PreparedStatement putAdvisory;
        private final PreparedStatement putAffected;

        /**
         * Prepares the statements.
         *
         * @param c the connection
         * @throws SQLException when SQLite fails
         */
        public Writer(Connection c) throws SQLException {
            modified = c.prepareStatement("SELECT modified FROM advisory WHERE id = ?");
            deleteAffected = c.prepareStatement("DELETE FROM affected WHERE advisory_id = ?");
            putAdvisory = c.prepareStatement("INSERT OR REPLACE INTO advisory VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            putAffected = c.prepareStatement("INSERT INTO affected VALUES (?, ?, ?, ?, ?)");
        }

        /**
         * Stores one advisory; of two versions of one id the later {@code modified} wins.
         *
         * @param a the advisory
         * @param source where it came from
         * @return what happened
         * @throws SQLException when SQLite fails
         */
        public PutResult put(ParsedAdvisory a, String source) throws SQLException {
            modified.setString(1, a.id());
            String existing = null;
            try (ResultSet rs = modified.executeQuery()) {
                if (rs.next()) {
                    existing = rs.getString(1);
                }
            }
            if (existing != null) {
                if (existing.compareTo(a.modified()) > 0) {
                    return PutResult.OLDER_KEPT_NEWER;
                }
                deleteAffected.setString(1, a.id());
                deleteAffected.executeUpdate();
            }
            putAdvisory.setString(1, a.id());
            putAdvisory.setString(2, String.join("\n", a.aliases()));
            putAdvisory.setString(3, a.summary());
            putAdvisory.setString(4, a.severity().name());
            putAdvisory.setString(5, a.severitySource());
            putAdvisory.setString(6, a.modified());
            putAdvisory.setString(7, a.published());
            putAdvisory.setString(8, source);
            putAdvisory.executeUpdate();
            for (ParsedAdvisory.Row r : a.affected()) {
                putAffected.setString(1, a.id());
                putAffected.setString(2, r.ecosystem());
                putAffected.setString(3, r.release());
                putAffected.setString(4, r.name());
                putAffected.setString(5, r.entry());
                putAffected.addBatch();
            }
            putAffected.executeBatch();
            return existing == null ? PutResult.ADDED : PutResult.REPLACED;
        }

        @Override
        public void close() throws SQLException {
            modified.close();
            deleteAffected.close();
            putAdvisory.close();
            putAffected.close();
        }
    }

    /**
     * Finds the affected rows of one package.
     *
     * @param c a connection
     * @param ecosystem the lower-case ecosystem base
     * @param name the name key
     * @return the rows, with their advisories, ordered by advisory id
     * @throws SQLException when SQLite fails
     */
    public static List<Hit> find(Connection c, String ecosystem, String name) throws SQLException {
        try (PreparedStatement ps = prepareFind(c)) {
            return find(ps, ecosystem, name);
        }
    }

    /**
     * Prepares the query of {@link #find(PreparedStatement, String, String)}, for callers that look up
     * many packages on one connection (preparing costs more than running the indexed query).
     *
     * @param c a connection
     * @return the prepared query; the caller closes it
     * @throws SQLException when SQLite fails
     */
    public static PreparedStatement prepareFind(Connection c) throws SQLException {
        return c.prepareStatement("SELECT a.id, a.aliases, a.summary, a.severity,"
                + " a.severity_source, f.release, f.entry, a.published FROM affected f JOIN advisory a ON a.id = f.advisory_id"
                + " WHERE f.ecosystem = ? AND f.name = ? ORDER BY a.id, f.rowid");
    }

    /**
     * Finds the affected rows of one package with a prepared query from {@link #prepareFind(Connection)}.
     *
     * @param ps the prepared query
     * @param ecosystem the lower-case ecosystem base
     * @param name the name key
     * @return the rows, with their advisories, ordered by advisory id
     * @throws SQLException when SQLite fails
     */
    public static List<Hit> find(PreparedStatement ps, String ecosystem, String name) throws SQLException {
        ps.setString(1, ecosystem);
        ps.setString(2, name);
        List<Hit> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String aliases = rs.getString(2);
                out.add(new Hit(rs.getString(1), aliases.isEmpty() ? List.of() : Arrays.asList(aliases.split("\n")),
                        rs.getString(3), Severity.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8)));
            }
        }
        return out;
    }

    /** The most names or ids one batched query sends (as one JSON array: one bound value, one prepared statement). */
    private static final int BATCH = 4096;

    /** One stored affected row, without its advisory's details. */
    public record Row(String id, byte[] entry, long rowid) { }

    /** One advisory's stored details. */
    public record AdvisoryRow(String id, List<String> aliases, String summary, Severity severity,
                              String severitySource, String published) { }

    /**
     * Finds the affected rows of many packages of one ecosystem and release in batched queries, without the
     * advisories' details: a scan evaluates every row but needs the details of the few that match (see
     * {@link #advisories}), and joining them in for every row was most of a scan's time. The names go in as
     * one JSON array, walked by {@code json_each} and joined to the covering index, so each row comes back
     * with its name's position (a number) rather than the name (a string to decode and hash per row), and
     * release filtering happens in SQLite rather than on a column read per row.
     *
     * @param c a connection
     * @param ecosystem the lower-case ecosystem base
     * @param release the release suffix wanted: rows of that release or a refinement of it
     *     ({@link Names#releaseMatches}); empty for rows without a release
     * @param names the name keys
     * @return per name, at its position, its rows ordered by advisory id then as stored (empty when none)
     * @throws SQLException when SQLite fails
     */
    public static List<List<Row>> findRows(Connection c, String ecosystem, String release, List<String> names)
            throws SQLException {
        List<List<Row>> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            out.add(new ArrayList<>(4));
        }
        // CROSS JOIN fixes the join order: the planner would otherwise walk the whole ecosystem of the index.
        String sql = "SELECT j.key, f.advisory_id, f.entry, f.rowid FROM json_each(?) j CROSS JOIN affected f"
                + " ON f.ecosystem = ? AND f.name = j.value AND "
                + (release.isEmpty() ? "f.release = ''" : "(f.release = ? OR substr(f.release, 1, length(?) + 1) = (? || ':'))");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int from = 0; from < names.size(); from += BATCH) {
                int base = from;
                ps.setString(1, jsonArray(names.subList(from, Math.min(names.size(), from + BATCH))));
                ps.setString(2, ecosystem);
                if (!release.isEmpty()) {
                    ps.setString(3, release);
                    ps.setString(4, release);
                    ps.setString(5, release);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.get(base + rs.getInt(1)).add(new Row(text(rs, 2), rs.getBytes(3), rs.getLong(4)));
                    }
                }
            }
        }
        // The order find() gives: the index gives it already (advisory id, then release and entry, then rowid),
        // so a sort is needed only where one advisory has several rows for a name, or SQLite chose otherwise.
        for (List<Row> rows : out) {
            if (!inFindOrder(rows)) {
                rows.sort(FIND_ORDER);
            }
        }
        return out;
    }

    private static final java.util.Comparator<Row> FIND_ORDER = (a, b) -> {
        int byId = a.id().compareTo(b.id());
        return byId != 0 ? byId : Long.compare(a.rowid(), b.rowid());
    };

    private static boolean inFindOrder(List<Row> rows) {
        for (int i = 1; i < rows.size(); i++) {
            if (FIND_ORDER.compare(rows.get(i - 1), rows.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the details of advisories by id, in batched queries.
     *
     * @param c a connection
     * @param ids advisory ids (duplicates are fine)
     * @return id to details; unknown ids are absent
     * @throws SQLException when SQLite fails
     */
    public static java.util.Map<String, AdvisoryRow> advisories(Connection c, java.util.Collection<String> ids)
            throws SQLException {
        List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(ids));
        java.util.Map<String, AdvisoryRow> out = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT j.key, a.aliases, a.summary, a.severity,"
                + " a.severity_source, a.published FROM json_each(?) j CROSS JOIN advisory a ON a.id = j.value")) {
            for (int from = 0; from < distinct.size(); from += BATCH) {
                List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + BATCH));
                ps.setString(1, jsonArray(chunk));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String id = chunk.get(rs.getInt(1));
                        String aliases = text(rs, 2);
                        out.put(id, new AdvisoryRow(id, aliases.isEmpty() ? List.of() : Arrays.asList(aliases.split("\n")),
                                text(rs, 3), Severity.valueOf(text(rs, 4)), text(rs, 5), text(rs, 6)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Reads a text column as its UTF-8 bytes and decodes them here: sqlite-jdbc's {@code getString} hands the
     * text over through a direct buffer per value, which cost a quarter of the affected-row query.
     */
    private static String text(ResultSet rs, int column) throws SQLException {
        byte[] utf8 = rs.getBytes(column);
        return utf8 == null ? null : new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Writes strings as a JSON array for {@code json_each}. Only what JSON requires is escaped; everything else
     * is written as is, so SQLite sees each value as the same UTF-8 it would see bound on its own.
     */
    static String jsonArray(List<String> values) {
        int size = 2;
        for (String v : values) {
            size += v.length() + 3;
        }
        StringBuilder b = new StringBuilder(size);
        b.append('[');
        for (String v : values) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"');
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                if (ch == '"' || ch == '\\') {
                    b.append('\\').append(ch);
                } else if (ch < 0x20) {
                    b.append(String.format("\\u%04x", (int) ch));
                } else {
                    b.append(ch);
                }
            }
            b.append('"');
        }
        return b.append(']').toString();
    }

    /**
     * Runs a query that returns one number.
     *
     * @param c a connection
     * @param sql the query
     * @return the number
     */
    public static long count(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new ContainerSecException("vulnerability database query failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads two columns as pairs.
     *
     * @param c a connection
     * @param sql a query of two columns
     * @return the rows as {first, second}
     */
    public static List<String[]> pairs(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String[]> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2)});
            }
            return out;
        } catch (SQLException e) {
            throw new ContainerSecException("vulnerability database query failed: " + e.getMessage(), e);
        }
    }

    /**
     * Closes without throwing.
     *
     * @param c the connection, may be null
     */
    public static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Nothing useful to do: the connection is being abandoned after another failure.
            }
        }
    }
}
