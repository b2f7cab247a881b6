package dev.containersec.image.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.containersec.api.Package;
import dev.containersec.image.internal.catalog.lang.PythonCataloger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Python cataloger on the distributions Debian installed in /usr/lib/python3/dist-packages
 * (dist-info directories, egg-info directories and Debian's single-file egg-info), compared with what
 * Python's own importlib.metadata reports for the same directory.
 */
class PythonCatalogerTest {
    private static final Path DIST = Path.of("/usr/lib/python3/dist-packages");

    @Test
    void debianDistPackages_matchImportlibMetadata() throws Exception {
        assumeTrue(Files.isDirectory(DIST), "no " + DIST);
        Optional<String> oracle = LangTests.tryRun(null, "python3", "-c",
                "import importlib.metadata as m\n"
                        + "for d in m.distributions(path=['" + DIST + "']):\n"
                        + "    n = d.metadata['Name']\n"
                        + "    print(n, d.version) if n else None\n");
        assumeTrue(oracle.isPresent(), "python3 is not available");
        PythonCataloger py = new PythonCataloger();
        List<Package> ps = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIST)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                Path file = n.endsWith(".dist-info") ? p.resolve("METADATA")
                        : n.endsWith(".egg-info") ? (Files.isDirectory(p) ? p.resolve("PKG-INFO") : p) : null;
                if (file != null && Files.isRegularFile(file)) {
                    ps.addAll(LangTests.catalog(py, file.toString(), file));
                }
            }
        }
        TreeSet<String> expected = new TreeSet<>();
        for (String line : oracle.get().strip().split("\n")) {
            String[] f = line.strip().split(" ");
            expected.add(f[0].toLowerCase(Locale.ROOT).replace('_', '-') + "@" + f[1]);
        }
        TreeSet<String> actual = new TreeSet<>();
        ps.forEach(p -> actual.add(p.purl().name() + "@" + p.version()));
        assertThat(actual).isNotEmpty().isEqualTo(expected);
        assertThat(ps).allSatisfy(p -> assertThat(p.purl().toString()).startsWith("pkg:pypi/"));
        ps.stream().filter(p -> p.purl().name().equals("pyyaml")).findFirst().ifPresent(p ->
                assertThat(p.licenses()).containsExactly("MIT"));
    }
}
