package dev.containersec.image.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.Package;
import dev.containersec.image.internal.catalog.lang.GoBinaryCataloger;
import dev.containersec.image.internal.catalog.lang.JavaArchiveCataloger;
import dev.containersec.image.internal.catalog.lang.NpmCataloger;
import dev.containersec.image.internal.catalog.lang.PythonCataloger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Language catalogers over a real image built with umoci: layer 1 holds real jars (one loose, one
 * inside a Spring Boot layout), an npm project installed by npm, a Debian Python distribution and
 * Debian's umoci binary; layer 2 deletes the loose jar, whose package must then disappear.
 */
class LanguageImageTest {
    private static final String LOG4J = "log4j-core-2.14.1.jar";
    @TempDir
    static Path dir;
    static String l1;
    static String l2;

    @BeforeAll
    static void build() throws Exception {
        Path npm = NpmCatalogerTest.project(3);
        byte[] fat = Jars.archive(Map.of("Main-Class", "org.springframework.boot.loader.JarLauncher"),
                Jars.entries("BOOT-INF/lib/" + LOG4J, Jars.real(LOG4J),
                        "BOOT-INF/lib/jackson-databind-2.17.2.jar", Jars.real("jackson-databind-2.17.2.jar")));
        Path layout = LangTests.umociImage(dir, root -> {
            LangTests.copy(LangTests.TEST_JARS.resolve(LOG4J), root.resolve("app/lib/" + LOG4J));
            Files.write(root.resolve("app/app-1.0.jar"), fat);
            LangTests.copy(npm.resolve("node_modules"), root.resolve("srv/web/node_modules"));
            LangTests.copy(npm.resolve("package-lock.json"), root.resolve("srv/web/package-lock.json"));
            Path yaml = Path.of("/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info");
            if (Files.isDirectory(yaml)) {
                LangTests.copy(yaml, root.resolve("usr/lib/python3/dist-packages/PyYAML-6.0.dist-info"));
            }
            LangTests.copy(Path.of("/usr/bin/umoci"), root.resolve("usr/local/bin/umoci"));
        }, root -> Files.delete(root.resolve("app/lib/" + LOG4J)));
        l1 = "oci:" + layout + ":l1";
        l2 = "oci:" + layout + ":l2";
    }

    @Test
    void jars_looseAndNested_andTheDeletedJarIsGone() {
        List<Package> before = LangTests.catalogImage(l1, new JavaArchiveCataloger());
        List<Package> after = LangTests.catalogImage(l2, new JavaArchiveCataloger());
        assertThat(before).extracting(p -> p.locations().get(0).path()).contains("/app/lib/" + LOG4J,
                "/app/app-1.0.jar!/BOOT-INF/lib/" + LOG4J);
        assertThat(after).extracting(p -> p.locations().get(0).path()).doesNotContain("/app/lib/" + LOG4J)
                .contains("/app/app-1.0.jar!/BOOT-INF/lib/" + LOG4J, "/app/app-1.0.jar!/BOOT-INF/lib/jackson-databind-2.17.2.jar");
        assertThat(after).allSatisfy(p -> assertThat(p.locations().get(0).layerIndex()).isEqualTo(0));
    }

    @Test
    void imageCataloger_withAllCatalogers_dropsTheDeletedJar_andFindsEveryEcosystem() {
        dev.containersec.image.ImageCataloger front = dev.containersec.image.ImageCataloger.create();
        List<Package> before;
        List<Package> after;
        try (dev.containersec.image.Image image = dev.containersec.image.ImageReader.create().open(l1)) {
            before = front.catalog(image).packages();
        }
        try (dev.containersec.image.Image image = dev.containersec.image.ImageReader.create().open(l2)) {
            after = front.catalog(image).packages();
        }
        String loose = "/app/lib/" + LOG4J;
        assertThat(before).anySatisfy(p -> assertThat(p.locations().get(0).path()).isEqualTo(loose));
        assertThat(after).noneSatisfy(p -> assertThat(p.locations().get(0).path()).isEqualTo(loose));
        assertThat(after).extracting(Package::foundBy).contains("java-archive", "npm", "go-binary");
        assertThat(LangTests.purls(after)).contains("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                "pkg:npm/%40sindresorhus/is@4.6.0");
    }

    @Test
    void npm_installedAndLocked() {
        List<Package> ps = LangTests.catalogImage(l2, new NpmCataloger());
        assertThat(ps).filteredOn(p -> p.metadata().get("evidence").equals("package.json"))
                .extracting(p -> p.purl().toString()).containsExactlyInAnyOrderElementsOf(NpmCatalogerTest.INSTALLED);
        assertThat(ps).filteredOn(p -> p.metadata().get("evidence").equals("package-lock.json"))
                .extracting(p -> p.purl().toString()).containsExactlyInAnyOrderElementsOf(NpmCatalogerTest.INSTALLED);
    }

    @Test
    void python_distInfo() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info")));
        assertThat(LangTests.purls(LangTests.catalogImage(l2, new PythonCataloger()))).containsExactly("pkg:pypi/pyyaml@6.0");
    }

    @Test
    void go_binaryInUsrLocalBin() {
        List<Package> ps = LangTests.catalogImage(l2, new GoBinaryCataloger());
        assertThat(ps).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("stdlib");
            assertThat(p.locations().get(0).path()).isEqualTo("/usr/local/bin/umoci");
        });
    }
}
