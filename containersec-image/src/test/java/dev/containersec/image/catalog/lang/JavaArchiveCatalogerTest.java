package dev.containersec.image.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.Package;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.internal.catalog.lang.JavaArchiveCataloger;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The Java archive cataloger on real jars from Maven Central and on real archive layouts built from them. */
class JavaArchiveCatalogerTest {
    private static final JavaArchiveCataloger JAVA = new JavaArchiveCataloger();
    private static final String LOG4J = "log4j-core-2.14.1.jar";
    private static final String JACKSON = "jackson-databind-2.17.2.jar";
    private static final String SPRING = "spring-core-5.3.39.jar";
    private static final String SHADED = "surefire-shared-utils-3.5.3.jar";

    @Test
    void log4jCore_isIdentifiedByPomProperties_withCentralSha1() throws Exception {
        byte[] jar = Jars.real(LOG4J);
        List<Package> ps = LangTests.catalog(JAVA, ScanLimits.defaults(), "/app/lib/" + LOG4J, jar);
        assertThat(ps).hasSize(1);
        Package p = ps.get(0);
        assertThat(p.purl()).hasToString("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        assertThat(p.metadata()).containsEntry("evidence", "pom.properties")
                .containsEntry("sha1", Jars.centralSha1("org/apache/logging/log4j", "log4j-core", "2.14.1", jar));
        assertThat(p.locations().get(0).path()).isEqualTo("/app/lib/" + LOG4J);
        assertThat(p.foundBy()).isEqualTo("java-archive");
    }

    @Test
    void springCore_withoutPomProperties_isIdentifiedByManifest() throws Exception {
        List<Package> ps = LangTests.catalog(JAVA, ScanLimits.defaults(), "/app/" + SPRING, Jars.real(SPRING));
        assertThat(ps).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("spring-core");
            assertThat(p.version()).isEqualTo("5.3.39");
            assertThat(p.metadata()).containsEntry("evidence", "manifest");
        });
    }

    @Test
    void shadedJar_reportsEachEmbeddedPom_andItsOwnIdentity() throws Exception {
        byte[] jar = Jars.real(SHADED);
        List<Package> ps = LangTests.catalog(JAVA, ScanLimits.defaults(), "/opt/" + SHADED, jar);
        assertThat(LangTests.purls(ps)).contains("pkg:maven/commons-io/commons-io@2.18.0",
                "pkg:maven/org.apache.commons/commons-lang3@3.17.0",
                "pkg:maven/org.apache.commons/commons-compress@1.27.1",
                "pkg:maven/commons-codec/commons-codec@1.17.1",
                "pkg:maven/org.apache.maven.shared/maven-shared-utils@3.3.4");
        assertThat(ps).filteredOn(p -> p.metadata().get("evidence").equals("pom.properties")).hasSize(5);
        assertThat(ps).filteredOn(p -> p.name().equals("surefire-shared-utils")).singleElement()
                .satisfies(p -> assertThat(p.version()).isEqualTo("3.5.3"));
        assertThat(ps).allSatisfy(p -> assertThat(p.metadata()).containsEntry("sha1", Jars.sha1(jar)));
    }

    @Test
    void plainJar_isIdentifiedByFileName() throws Exception {
        byte[] jar = Jars.archive(Map.of(), Jars.entries("a/B.class", new byte[] {1, 2, 3}));
        List<Package> ps = LangTests.catalog(JAVA, ScanLimits.defaults(), "/x/commons-thing-1.2.3.jar", jar);
        assertThat(ps).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("commons-thing");
            assertThat(p.version()).isEqualTo("1.2.3");
            assertThat(p.metadata()).containsEntry("evidence", "filename");
        });
    }

    @Test
    void springBootFatJar_reportsNestedRealJars_withNestedLocationsAndTheirOwnSha1() throws Exception {
        byte[] log4j = Jars.real(LOG4J);
        byte[] fat = Jars.archive(Map.of("Main-Class", "org.springframework.boot.loader.JarLauncher",
                        "Start-Class", "com.example.App", "Implementation-Title", "demo", "Implementation-Version", "0.0.1"),
                Jars.entries("BOOT-INF/classes/com/example/App.class", new byte[] {(byte) 0xca, (byte) 0xfe},
                        "BOOT-INF/lib/" + LOG4J, log4j, "BOOT-INF/lib/" + JACKSON, Jars.real(JACKSON),
                        "BOOT-INF/lib/" + SPRING, Jars.real(SPRING)));
        List<Package> ps = LangTests.catalog(JAVA, ScanLimits.defaults(), "/app/demo-0.0.1.jar", fat);
        assertThat(LangTests.purls(ps)).containsExactlyInAnyOrder("pkg:maven/demo/demo@0.0.1",
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.2",
                "pkg:maven/spring-core/spring-core@5.3.39");
        Package inner = ps.stream().filter(p -> p.name().equals("log4j-core")).findFirst().orElseThrow();
        assertThat(inner.locations().get(0).path()).isEqualTo("/app/demo-0.0.1.jar!/BOOT-INF/lib/" + LOG4J);
        assertThat(inner.metadata()).containsEntry("sha1", Jars.sha1(log4j));
        Package outer = ps.stream().filter(p -> p.name().equals("demo")).findFirst().orElseThrow();
        assertThat(outer.metadata()).containsEntry("sha1", Jars.sha1(fat)).containsEntry("evidence", "manifest");
    }

    @Test
    void earHoldingWarHoldingJars_isReadTwoLevelsDeep() throws Exception {
        byte[] war = Jars.archive(Map.of(), Jars.entries("WEB-INF/web.xml", "<web-app/>".getBytes(),
                "WEB-INF/lib/" + LOG4J, Jars.real(LOG4J)));
        byte[] ear = Jars.archive(Map.of(), Jars.entries("shop-web-2.0.war", war));
        List<Package> ps = LangTests.catalog(JAVA, ScanLimits.defaults(), "/srv/shop-2.0.ear", ear);
        assertThat(ps).anySatisfy(p -> {
            assertThat(p.purl()).hasToString("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
            assertThat(p.locations().get(0).path()).isEqualTo("/srv/shop-2.0.ear!/shop-web-2.0.war!/WEB-INF/lib/" + LOG4J);
        });
        assertThat(ps).extracting(Package::name).contains("shop", "shop-web");
    }

    @Test
    void nestingDeeperThanTheLimit_isSkippedAndRecorded() throws Exception {
        byte[] war = Jars.archive(Map.of(), Jars.entries("WEB-INF/lib/" + LOG4J, Jars.real(LOG4J)));
        byte[] ear = Jars.archive(Map.of(), Jars.entries("web-1.0.war", war));
        ScanLimits limits = ScanLimits.builder().maxNestedArchiveDepth(1).build();
        List<Package> ps = LangTests.catalog(JAVA, limits, "/a/app-1.0.ear", ear);
        assertThat(ps).extracting(Package::name).containsExactlyInAnyOrder("app", "web");
        Package web = ps.stream().filter(p -> p.name().equals("web")).findFirst().orElseThrow();
        assertThat(web.metadata().get("skipped")).startsWith("NESTED_ARCHIVE_DEPTH: /a/app-1.0.ear!/web-1.0.war!/WEB-INF/lib/"
                + LOG4J);
    }

    @Test
    void nestedByteBudget_isSharedByTheSession_andRecorded() throws Exception {
        byte[] fat = Jars.archive(Map.of(), Jars.entries("BOOT-INF/lib/" + LOG4J, Jars.real(LOG4J),
                "BOOT-INF/lib/" + JACKSON, Jars.real(JACKSON)));
        ScanLimits limits = ScanLimits.builder().maxNestedBytes(100_000).build();
        List<Package> ps = LangTests.catalog(JAVA, limits, "/app/fat-1.jar", fat);
        Package outer = ps.stream().filter(p -> p.name().equals("fat")).findFirst().orElseThrow();
        assertThat(outer.metadata().get("skipped")).contains("NESTED_BYTES");
        assertThat(outer.metadata()).containsKey("sha1"); // the outer archive itself was read to its end
        assertThat(ps).noneMatch(p -> p.name().equals("jackson-databind"));
    }

    @Test
    void selfNestingArchive_stopsAtTheDepthLimit() throws Exception {
        byte[] current = Jars.archive(Map.of(), Jars.entries("x.txt", new byte[] {1}));
        for (int i = 0; i < 40; i++) {
            current = Jars.archive(Map.of(), Jars.entries("r-1.0.jar", current));
        }
        List<Package> ps = LangTests.catalog(JAVA, ScanLimits.defaults(), "/r-1.0.jar", current);
        assertThat(ps).hasSize(ScanLimits.defaults().maxNestedArchiveDepth() + 1);
        assertThat(ps).anySatisfy(p -> assertThat(p.metadata().get("skipped")).startsWith("NESTED_ARCHIVE_DEPTH"));
    }

    @Test
    void zipBomb_stopsAtTheInflationBound_andIsRecorded() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        ScanLimits limits = ScanLimits.builder().maxLayerBytes(8L << 20).build();
        List<Package> ps = LangTests.catalog(JAVA, limits, "/bomb-1.0.jar", bytes.toByteArray());
        assertThat(ps).singleElement().satisfies(p -> {
            assertThat(p.metadata().get("skipped")).startsWith("LAYER_BYTES");
            assertThat(p.metadata()).doesNotContainKey("sha1");
        });
    }

    @Test
    void tooManyEntries_stopsTheArchive() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            for (int i = 0; i < 500; i++) {
                out.putNextEntry(new ZipEntry("e" + i));
                out.closeEntry();
            }
        }
        ScanLimits limits = ScanLimits.builder().maxEntriesPerLayer(100).build();
        List<Package> ps = LangTests.catalog(JAVA, limits, "/many-1.0.jar", bytes.toByteArray());
        assertThat(ps).singleElement().satisfies(p -> assertThat(p.metadata().get("skipped")).startsWith("ENTRIES_PER_LAYER"));
    }

    @Test
    void notAZip_yieldsNoPackage() throws Exception {
        assertThat(LangTests.catalog(JAVA, ScanLimits.defaults(), "/x-1.0.jar", "not a zip".getBytes())).isEmpty();
        assertThat(LangTests.catalog(JAVA, ScanLimits.defaults(), "/empty-placeholder.jar", new byte[0])).isEmpty();
    }

    @Test
    void truncatedRealJar_keepsWhatWasRead_withTheError() throws Exception {
        byte[] jar = Jars.real(LOG4J);
        byte[] cut = Arrays.copyOf(jar, jar.length / 2);
        List<Package> ps = LangTests.catalog(JAVA, ScanLimits.defaults(), "/cut/" + LOG4J, cut);
        assertThat(ps).allSatisfy(p -> {
            assertThat(p.metadata()).containsKey("error").doesNotContainKey("sha1");
        });
    }
}
