package dev.containersec.image.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.Cataloger;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.Package;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.internal.catalog.lang.GoBinaryCataloger;
import dev.containersec.image.internal.catalog.lang.JavaArchiveCataloger;
import dev.containersec.image.internal.catalog.lang.LanguageCatalogers;
import dev.containersec.image.internal.catalog.lang.NpmCataloger;
import dev.containersec.image.internal.catalog.lang.PythonCataloger;
import dev.containersec.image.internal.catalog.lang.RustAuditableCataloger;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile input for every language cataloger: arbitrary bytes, mutated real jars and ELF
 * headers, mutated documents. Only packages or an {@link InvalidInputException} may come out; never
 * another exception or a hang (each property runs within the surefire timeout).
 */
class LanguageCatalogerPropertiesTest {
    private static final ScanLimits LIMITS = ScanLimits.builder().maxNestedBytes(1L << 20).maxLayerBytes(64L << 20).build();
    private static final byte[] SMALL_JAR = Jars.archive(Map.of("Implementation-Version", "1.0"),
            Jars.entries("META-INF/maven/g/a/pom.properties", "groupId=g\nartifactId=a\nversion=1\n".getBytes(),
                    "lib/inner-2.0.jar", Jars.archive(Map.of(), Jars.entries("x", new byte[] {1, 2, 3}))));
    private static final byte[] ELF = OtherLanguageCatalogersTest.minimalElf(new byte[] {0x78, (byte) 0x9c, 1, 2, 3});

    private static void survives(Cataloger c, String path, byte[] data) {
        try {
            List<Package> ps = LangTests.catalog(c, LIMITS, path, data);
            assertThat(ps).allSatisfy(p -> assertThat(p.foundBy()).isEqualTo(c.id()));
        } catch (InvalidInputException expected) {
            // a typed error is an allowed outcome
        } catch (java.io.IOException e) {
            throw new AssertionError("IOException escaped " + c.id(), e);
        }
    }

    @Property(tries = 300)
    void jar_arbitraryBytes(@ForAll @Size(max = 2048) byte[] data) {
        survives(new JavaArchiveCataloger(), "/a/x-1.0.jar", data);
    }

    @Property(tries = 300)
    void jar_mutatedRealLayout(@ForAll("mutatedJar") byte[] data) {
        survives(new JavaArchiveCataloger(), "/a/x-1.0.jar", data);
    }

    @Provide
    Arbitrary<byte[]> mutatedJar() {
        return mutations(SMALL_JAR);
    }

    @Property(tries = 300)
    void elf_mutatedHeaders(@ForAll("mutatedElf") byte[] data) {
        survives(new GoBinaryCataloger(), "/usr/bin/x", data);
        survives(new RustAuditableCataloger(), "/usr/bin/x", data);
    }

    @Provide
    Arbitrary<byte[]> mutatedElf() {
        return mutations(ELF);
    }

    @Property(tries = 300)
    void elf_arbitraryBytesAfterMagic(@ForAll @Size(max = 1024) byte[] tail) {
        byte[] data = new byte[4 + tail.length];
        data[0] = 0x7f;
        data[1] = 'E';
        data[2] = 'L';
        data[3] = 'F';
        System.arraycopy(tail, 0, data, 4, tail.length);
        survives(new GoBinaryCataloger(), "/usr/bin/x", data);
        survives(new RustAuditableCataloger(), "/usr/bin/x", data);
    }

    @Property(tries = 300)
    void packageJson_arbitraryText(@ForAll("jsonish") String text) {
        survives(new NpmCataloger(), "/n/node_modules/x/package.json", text.getBytes(StandardCharsets.UTF_8));
        survives(new NpmCataloger(), "/n/package-lock.json", text.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("{}[]\":,0123456789abnlstrue ").ofMaxLength(300),
                Arbitraries.of("{\"name\":\"@/\",\"version\":\"1\"}", "{\"name\":\"@a/b/c\",\"version\":\"\\u0000\"}",
                        "{\"packages\":{\"node_modules/x\":{\"version\":1}}}", "{\"dependencies\":{\"a\":{\"dependencies\":[]}}}",
                        "{\"name\":\"a\",\"version\":\"1\",\"license\":[1,{}]}", "[".repeat(200)));
    }

    @Property(tries = 300)
    void metadata_arbitraryText(@ForAll @Size(max = 1000) String text) {
        survives(new PythonCataloger(), "/p/x.dist-info/METADATA", ("Name: x\nVersion: 1\n" + text).getBytes(StandardCharsets.UTF_8));
        survives(new PythonCataloger(), "/p/x.dist-info/METADATA", text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 100)
    void everyCataloger_arbitraryBytes(@ForAll @Size(max = 512) byte[] data) {
        for (Cataloger c : LanguageCatalogers.all()) {
            survives(c, c.globs().get(0).replace("**", "a").replace("*", "x").replace("@", "at"), data);
        }
    }

    @Test
    void nestedArchiveBomb_isBounded() throws Exception {
        // sixteen copies of the previous level per level (13 MB, 65,536 leaves): the nested byte budget
        // (1 MiB here) stops it long before every copy is read
        byte[] level = Jars.archive(Map.of(), Jars.entries("leaf.txt", new byte[1024]));
        for (int d = 0; d < 4; d++) {
            Object[] es = new Object[32];
            for (int i = 0; i < 16; i++) {
                es[2 * i] = "n" + i + "-1.0.jar";
                es[2 * i + 1] = level;
            }
            level = Jars.archive(Map.of(), Jars.entries(es));
        }
        long start = System.nanoTime();
        List<Package> ps = LangTests.catalog(new JavaArchiveCataloger(), LIMITS, "/bomb-1.0.jar", level);
        assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);
        assertThat(ps).anySatisfy(p -> assertThat(p.metadata().get("skipped")).contains("NESTED_BYTES"));
    }

    @Test
    void catalogerIds_areUnique_andGlobsAbsolute() {
        Set<String> ids = new HashSet<>();
        for (Cataloger c : LanguageCatalogers.all()) {
            assertThat(ids.add(c.id())).as(c.id()).isTrue();
            assertThat(c.globs()).isNotEmpty().allSatisfy(g -> assertThat(g).startsWith("/"));
        }
        assertThat(ids).hasSize(8);
    }

    private static Arbitrary<byte[]> mutations(byte[] base) {
        Arbitrary<Integer> positions = Arbitraries.integers().between(0, base.length - 1);
        return Arbitraries.oneOf(
                positions.list().ofMinSize(1).ofMaxSize(8).flatMap(ps -> Arbitraries.bytes().list().ofSize(ps.size())
                        .map(bs -> {
                            byte[] copy = base.clone();
                            for (int i = 0; i < ps.size(); i++) {
                                copy[ps.get(i)] = bs.get(i);
                            }
                            return copy;
                        })),
                positions.map(n -> java.util.Arrays.copyOf(base, n)));
    }
}
