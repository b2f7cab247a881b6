package dev.containersec.cli.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.cli.Cli;
import dev.containersec.cli.ExitCode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class DbCommandTest {
    @TempDir
    Path tmp;

    /** The real OSV advisories bundled for the demo. */
    public static Path advisories() {
        try {
            return Path.of(DbCommandTest.class.getResource("/demo/osv/GHSA-jfh8-c2jp-5v3q.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void import_directoryThenStatus_reportsTheAdvisories() throws Exception {
        String db = tmp.resolve("db").toString();
        Cli.Result imported = Cli.run("db", "import", advisories().toString(), "--db", db);
        assertThat(imported.exitCode()).as(imported.toString()).isEqualTo(ExitCode.OK);
        assertThat(imported.out()).contains("imported 4 advisories");
        Cli.Result status = Cli.run("db", "status", "--db", db, "--json");
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCode.OK);
        JsonNode json = new ObjectMapper().readTree(status.out());
        assertThat(json.path("advisories").asInt()).isEqualTo(4);
        assertThat(json.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(json.path("advisoriesByEcosystem").path("maven").asInt()).isEqualTo(4);
        assertThat(Cli.run("db", "status", "--db", db).out()).contains("advisories      4")
                .doesNotContain("mirrored by");
        JsonNode formatted = new ObjectMapper().readTree(Cli.run("db", "status", "--db", db, "--format", "json").out());
        assertThat(formatted).isEqualTo(json);
        assertThat(json.path("mirroredEcosystems").isArray()).isTrue();
        assertThat(json.path("mirroredEcosystems")).isEmpty(); // imported, never mirrored
    }

    @Test
    void status_unknownFormat_isAUsageError() throws Exception {
        String db = tmp.resolve("db").toString();
        Cli.run("db", "import", advisories().toString(), "--db", db);
        Cli.Result r = Cli.run("db", "status", "--db", db, "--format", "xml");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void import_zip_andHostileEntryIsWarned() throws IOException {
        Path zip = tmp.resolve("all.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             Stream<Path> files = Files.list(advisories())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.putNextEntry(new ZipEntry(f.getFileName().toString()));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("../escape.json"));
            out.write("{}".getBytes());
            out.closeEntry();
        }
        Cli.Result r = Cli.run("db", "import", zip.toString(), "--db", tmp.resolve("db").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("imported 4 advisories");
        assertThat(r.err()).contains("../escape.json").contains("'..'");
    }

    @Test
    void import_missingPath_isBadInput() {
        Cli.Result r = Cli.run("db", "import", tmp.resolve("nope").toString(), "--db", tmp.resolve("db").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void status_withoutDatabase_isBadInput() {
        Cli.Result r = Cli.run("db", "status", "--db", tmp.resolve("empty").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void defaultDir_followsXdgCacheHome() {
        assertThat(DbOptions.defaultDir(Map.of("XDG_CACHE_HOME", "/c"), "/home/u")).isEqualTo(Path.of("/c/containersec/db"));
        assertThat(DbOptions.defaultDir(Map.of("XDG_CACHE_HOME", "rel"), "/home/u"))
                .isEqualTo(Path.of("/home/u/.cache/containersec/db"));
        assertThat(DbOptions.defaultDir(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.cache/containersec/db"));
    }
}
