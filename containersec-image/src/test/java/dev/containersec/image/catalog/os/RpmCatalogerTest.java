package dev.containersec.image.catalog.os;

import dev.containersec.image.Tools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.CatalogContext;
import dev.containersec.api.Cataloger;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.OsRelease;
import dev.containersec.api.Package;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.internal.catalog.os.RpmCataloger;
import dev.containersec.image.internal.catalog.os.RpmDatabases;
import dev.containersec.image.internal.catalog.os.RpmHeader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * The rpm cataloger on databases made by real tools: {@code rpmbuild} builds three tiny packages
 * from specs written here (one with an epoch, one arch-specific, one noarch), {@code rpm -i --justdb}
 * installs them into a fresh SQLite rpmdb, and {@code rpm -qa} gives the expected answer.
 *
 * <p>This rpm (4.18, Debian) writes only SQLite: {@code rpm --showrc} lists {@code _db_backend sqlite},
 * NDB is not compiled in and Berkeley DB is read-only ({@code bdb_ro}). So:
 * <ul>
 *   <li>Berkeley DB: the real header blobs are loaded into a hash database by Berkeley DB's own
 *       {@code db5.3_load} (key = package number, little-endian, as rpm stores it; key 0 = rpm's
 *       instance counter), and the test first proves {@code rpm --define '_db_backend bdb_ro' -qa}
 *       reads the file, then compares.</li>
 *   <li>NDB: ASSEMBLED BY THIS TEST from the format's documentation (rpm's {@code rpmpkg.c} as
 *       summarised by go-rpmdb), around the real header blobs. No tool here can write or read NDB.</li>
 * </ul>
 */
class RpmCatalogerTest {
    @TempDir
    static Path dir;
    static Path sqliteDb;
    static List<String> expected;
    static List<byte[]> blobs;
    static List<Integer> hnums;

    private static final String SPEC = """
            Name: %s
            Version: %s
            Release: %s
            %s
            Summary: containersec test package
            License: %s
            Vendor: Example Corp
            BuildArch: %s

            %%description
            A package built by a containersec test.

            %%install
            mkdir -p %%{buildroot}/usr/share/%s
            echo data > %%{buildroot}/usr/share/%s/data.txt
            echo more > %%{buildroot}/usr/share/%s/more.txt

            %%files
            /usr/share/%s
            """;

    @BeforeAll
    static void buildRpmdb() throws IOException, SQLException {
        Tools.assumeTools("rpm", "rpmbuild");
        Path top = dir.resolve("top");
        Files.createDirectories(top.resolve("SPECS"));
        String[][] pkgs = {
            {"hello-tool", "1.2.3", "4.el9", "Epoch: 2", "MIT AND Apache-2.0", "noarch"},
            {"libarch", "0.9", "1.fc40", "", "GPL-2.0-or-later", "x86_64"},
            {"plain-data", "2024.1", "7", "", "CC0-1.0", "noarch"},
        };
        for (String[] p : pkgs) {
            Path spec = top.resolve("SPECS").resolve(p[0] + ".spec");
            Files.writeString(spec, SPEC.formatted(p[0], p[1], p[2], p[3], p[4], p[5], p[0], p[0], p[0], p[0]));
            OsTestImages.run(List.of("rpmbuild", "--quiet", "-bb", "--define", "_topdir " + top, spec.toString()));
        }
        Path db = dir.resolve("rpmdb");
        OsTestImages.run(List.of("rpm", "--initdb", "--dbpath", db.toString()));
        List<String> install = new ArrayList<>(List.of("rpm", "-i", "--justdb", "--nodeps", "--dbpath", db.toString()));
        try (Stream<Path> rpms = Files.walk(top.resolve("RPMS"))) {
            rpms.filter(f -> f.toString().endsWith(".rpm")).map(Path::toString).forEach(install::add);
        }
        OsTestImages.run(install);
        sqliteDb = db.resolve("rpmdb.sqlite");
        expected = OsTestImages.run(List.of("rpm", "-qa", "--dbpath", db.toString(), "--qf",
                "%{NAME} %{EVR} %{ARCH} %{LICENSE} %{SOURCERPM}\\n")).lines().sorted().toList();
        blobs = new ArrayList<>();
        hnums = new ArrayList<>();
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + sqliteDb);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT hnum, blob FROM Packages ORDER BY hnum")) {
            while (rs.next()) {
                hnums.add(rs.getInt(1));
                blobs.add(rs.getBytes(2));
            }
        }
    }

    private static List<String> summary(List<RpmHeader> headers) {
        return headers.stream().map(h -> h.name() + " " + h.evr() + " " + h.arch() + " " + h.license() + " "
                + h.sourceRpm()).sorted().toList();
    }

    private static List<RpmHeader> read(String path, byte[] bytes) throws IOException {
        return RpmCataloger.read(path, bytes.length, new ByteArrayInputStream(bytes), ScanLimits.defaults());
    }

    @Test
    void sqlite_realRpmdb_matchesRpmQuery() throws IOException {
        List<RpmHeader> headers = read("/var/lib/rpm/rpmdb.sqlite", Files.readAllBytes(sqliteDb));
        assertThat(summary(headers)).containsExactlyElementsOf(expected).hasSize(3);
        String files = OsTestImages.run(List.of("rpm", "-ql", "--dbpath", sqliteDb.getParent().toString(), "hello-tool"));
        RpmHeader hello = headers.stream().filter(h -> h.name().equals("hello-tool")).findFirst().orElseThrow();
        assertThat(hello.files()).containsExactlyInAnyOrderElementsOf(files.lines().toList());
        assertThat(hello.vendor()).isEqualTo("Example Corp");
    }

    @Test
    void sqlite_packages_havePurlsPerTheRpmTypeWithEpochQualifier() throws IOException {
        Cataloger.Session s = new RpmCataloger().newSession(ScanLimits.defaults());
        byte[] bytes = Files.readAllBytes(sqliteDb);
        s.accept(OsTestImages.entry("/var/lib/rpm/rpmdb.sqlite", bytes.length), new ByteArrayInputStream(bytes));
        OsRelease rocky = new OsRelease("rocky", "9.3", "", "Rocky Linux 9.3", List.of("rhel"), "/etc/os-release");
        List<Package> got = s.finish(new CatalogContext(Optional.of(rocky), ScanLimits.defaults()));
        assertThat(got).extracting(p -> p.purl().toString()).containsExactlyInAnyOrder(
                "pkg:rpm/rocky/hello-tool@1.2.3-4.el9?arch=noarch&distro=rocky-9.3&epoch=2",
                "pkg:rpm/rocky/libarch@0.9-1.fc40?arch=x86_64&distro=rocky-9.3",
                "pkg:rpm/rocky/plain-data@2024.1-7?arch=noarch&distro=rocky-9.3");
        Package hello = got.stream().filter(p -> p.name().equals("hello-tool")).findFirst().orElseThrow();
        assertThat(hello.version()).isEqualTo("2:1.2.3-4.el9");
        assertThat(hello.licenses()).containsExactly("MIT AND Apache-2.0");
        assertThat(hello.metadata("sourceName")).contains("hello-tool");
        assertThat(hello.files()).contains("/usr/share/hello-tool/data.txt");
    }

    @Test
    void sqlite_copyIsDeletedAfterReading() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = countRpmdbCopies(tmp);
        read("/var/lib/rpm/rpmdb.sqlite", Files.readAllBytes(sqliteDb));
        assertThatThrownBy(() -> read("/var/lib/rpm/rpmdb.sqlite", "not sqlite at all".getBytes()))
                .isInstanceOf(InvalidInputException.class);
        assertThat(countRpmdbCopies(tmp)).isEqualTo(before);
    }

    private static long countRpmdbCopies(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("containersec-rpmdb")).count();
        }
    }

    /** Loads the real blobs into a Berkeley DB hash file with db5.3_load and proves rpm reads it. */
    private static byte[] berkeleyDb(int pageSize) throws IOException {
        Tools.assumeTools("db5.3_load");
        StringBuilder dump = new StringBuilder("VERSION=3\nformat=bytevalue\ntype=hash\ndb_pagesize=" + pageSize
                + "\nHEADER=END\n");
        HexFormat hex = HexFormat.of();
        dump.append(' ').append(hex.formatHex(le(0))).append('\n').append(' ').append(hex.formatHex(le(hnums.size() + 1))).append('\n');
        for (int i = 0; i < blobs.size(); i++) {
            dump.append(' ').append(hex.formatHex(le(hnums.get(i)))).append('\n');
            dump.append(' ').append(hex.formatHex(blobs.get(i))).append('\n');
        }
        dump.append("DATA=END\n");
        Path d = Files.createTempDirectory(dir, "bdb");
        Path input = d.resolve("dump.txt");
        Files.writeString(input, dump);
        OsTestImages.run(List.of("db5.3_load", "-f", input.toString(), d.resolve("Packages").toString()));
        String rpmSays = OsTestImages.run(List.of("rpm", "--dbpath", d.toString(), "--define", "_db_backend bdb_ro",
                "-qa", "--qf", "%{NAME} %{EVR} %{ARCH} %{LICENSE} %{SOURCERPM}\\n"));
        assertThat(rpmSays.lines().sorted().toList()).as("rpm itself reads the fixture").containsExactlyElementsOf(expected);
        return Files.readAllBytes(d.resolve("Packages"));
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    @Test
    void berkeleyDb_writtenByDbLoadAndReadByRpm_matchesRpmQuery() throws IOException {
        for (int pageSize : new int[] {4096, 512}) {
            assertThat(summary(read("/var/lib/rpm/Packages", berkeleyDb(pageSize))))
                    .as("page size " + pageSize).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void berkeleyDb_randomlyCorrupted_givesHeadersOrInvalidInput() throws IOException {
        byte[] db = berkeleyDb(512);
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] copy = db.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
            }
            try {
                read("/var/lib/rpm/Packages", copy);
            } catch (InvalidInputException expected) {
                // typed
            }
        }
    }

    @Test
    void berkeleyDb_overflowChainPointingAtItself_isInvalidInput() throws IOException {
        byte[] db = berkeleyDb(512);
        // Every overflow page (type 7) gets its next-page pointer set to its own number.
        for (int page = 512; page + 512 <= db.length; page += 512) {
            if (db[page + 25] == 7) {
                System.arraycopy(db, page + 8, db, page + 16, 4);
            }
        }
        assertThatThrownBy(() -> read("/var/lib/rpm/Packages", db)).isInstanceOf(InvalidInputException.class);
    }

    /** NDB assembled from the format documentation around real header blobs (see the class comment). */
    static byte[] ndb(List<byte[]> headerBlobs) {
        int blocks = 256; // blobs start after one 4 KiB slot page
        List<int[]> slots = new ArrayList<>();
        ByteBuffer body = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < headerBlobs.size(); i++) {
            byte[] b = headerBlobs.get(i);
            int count = (16 + b.length + 16 + 15) / 16;
            slots.add(new int[] {i + 1, blocks, count});
            int at = (blocks - 256) * 16;
            body.position(at);
            body.putInt('B' | 'l' << 8 | 'b' << 16 | 'S' << 24).putInt(i + 1).putInt(0).putInt(b.length).put(b);
            blocks += count;
        }
        ByteBuffer f = ByteBuffer.allocate(blocks * 16).order(ByteOrder.LITTLE_ENDIAN);
        f.putInt('R' | 'p' << 8 | 'm' << 16 | 'P' << 24).putInt(0).putInt(1).putInt(1).putInt(0).putInt(0).putInt(0).putInt(0);
        for (int s = 2; s < 256; s++) {
            int[] slot = s - 2 < slots.size() ? slots.get(s - 2) : new int[] {0, 0, 0};
            f.putInt('S' | 'l' << 8 | 'o' << 16 | 't' << 24).putInt(slot[0]).putInt(slot[1]).putInt(slot[2]);
        }
        f.put(body.array(), 0, (blocks - 256) * 16);
        return f.array();
    }

    @Test
    void ndb_assembledFromTheFormatDocumentation_matchesRpmQuery() throws IOException {
        assertThat(summary(read("/usr/lib/sysimage/rpm/Packages.db", ndb(blobs)))).containsExactlyElementsOf(expected);
    }

    @Test
    void ndb_slotPointingOutsideTheFile_isInvalidInput() {
        byte[] db = ndb(blobs);
        ByteBuffer.wrap(db).order(ByteOrder.LITTLE_ENDIAN).putInt(32 + 8, 0x7fffffff);
        assertThatThrownBy(() -> RpmDatabases.ndb("t", db)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("outside the file");
    }

    @Test
    void ndb_randomlyCorrupted_givesHeadersOrInvalidInput() throws IOException {
        byte[] db = ndb(blobs);
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] copy = db.clone();
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
            try {
                read("/var/lib/rpm/Packages.db", copy);
            } catch (InvalidInputException expected) {
                // typed
            }
        }
    }

    @Test
    void session_directoryWithSeveralFormats_readsOnlyTheNewest() throws IOException {
        Cataloger.Session s = new RpmCataloger().newSession(ScanLimits.defaults());
        byte[] stale = ndb(blobs.subList(0, 1));
        byte[] sqlite = Files.readAllBytes(sqliteDb);
        s.accept(OsTestImages.entry("/var/lib/rpm/Packages.db", stale.length), new ByteArrayInputStream(stale));
        s.accept(OsTestImages.entry("/var/lib/rpm/rpmdb.sqlite", sqlite.length), new ByteArrayInputStream(sqlite));
        assertThat(s.finish(new CatalogContext(Optional.empty(), ScanLimits.defaults()))).hasSize(3)
                .allSatisfy(p -> assertThat(p.locations().get(0).path()).isEqualTo("/var/lib/rpm/rpmdb.sqlite"));
    }

    @Test
    void sqlite_overTheDatabaseBound_isLimitExceeded() {
        ScanLimits tiny = ScanLimits.builder().maxDocumentBytes(1024).build();
        assertThatThrownBy(() -> RpmCataloger.read("/var/lib/rpm/rpmdb.sqlite", Files.size(sqliteDb),
                Files.newInputStream(sqliteDb), tiny)).isInstanceOf(dev.containersec.api.LimitExceededException.class);
    }
}
