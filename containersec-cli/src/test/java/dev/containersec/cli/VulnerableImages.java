package dev.containersec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.cli.db.DbCommandTest;
import dev.containersec.cli.demo.OciLayoutWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A vulnerability database imported from the demo's bundled OSV advisories, and two OCI layouts on Debian 12:
 * one with the demo's log4j-core 2.14.1 jar (Log4Shell), one without.
 *
 * @param db the database directory
 * @param vulnerable the image with the jar, as an {@code oci:} argument
 * @param vulnerableLayer the digest of the layer holding the jar
 * @param clean the image without it
 */
public record VulnerableImages(String db, String vulnerable, String vulnerableLayer, String clean) {

    /**
     * Imports the database and writes the images.
     *
     * @param dir an empty directory
     * @return the fixture
     * @throws IOException if writing fails
     */
    public static VulnerableImages create(Path dir) throws IOException {
        String db = dir.resolve("db").toString();
        Cli.Result imported = Cli.run("db", "import", DbCommandTest.advisories().toString(), "--db", db);
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        byte[] jar;
        try (InputStream in = VulnerableImages.class.getResourceAsStream("/demo/log4j-core-2.14.1.jar")) {
            jar = in.readAllBytes();
        }
        byte[] osRelease = "ID=debian\nVERSION_ID=\"12\"\n".getBytes(StandardCharsets.UTF_8);
        OciLayoutWriter.Written w = OciLayoutWriter.write(dir.resolve("vulnerable"), "t", List.of(
                new OciLayoutWriter.Layer("base").file("etc/os-release", osRelease),
                new OciLayoutWriter.Layer("app").file("app/log4j-core-2.14.1.jar", jar)));
        OciLayoutWriter.Written c = OciLayoutWriter.write(dir.resolve("clean"), "t", List.of(
                new OciLayoutWriter.Layer("base").file("etc/os-release", osRelease)));
        return new VulnerableImages(db, "oci:" + w.layout() + ":t", w.layers().get(1).toString(),
                "oci:" + c.layout() + ":t");
    }
}
