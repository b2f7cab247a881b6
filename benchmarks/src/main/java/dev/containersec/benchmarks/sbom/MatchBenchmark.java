package dev.containersec.benchmarks.sbom;

import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Purl;
import dev.containersec.api.Sbom;
import dev.containersec.api.SbomSubject;
import dev.containersec.sbom.VulnerabilityDb;
import dev.containersec.sbom.VulnerabilityReport;
import dev.containersec.sbom.VulnerabilityScanner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Vulnerability matching at scale: an SBOM of 10,000 language packages (npm, PyPI, Maven, Go) matched, warm,
 * against a database of {@code advisories} advisories: the real ones under {@code /work/shared/data/osv}
 * (or {@code -Dcontainersec.osv=DIR}) when present, plus generated ones in OSV's shape (seeded, so every run
 * builds the same database) written as zips and imported in {@code @Setup} into a temporary directory.
 * {@link #matchWholeSbom} is the real scan (batched lookups per ecosystem, version parsing, range evaluation,
 * alias merging; target under 200 ms); {@link #lookupOnlyBaseline} the naive way scans worked before: one
 * indexed query per package ({@code VulnerabilityDb.find}, advisory joined in), fetching without evaluating. {@link #importAdvisories} measures import throughput: one zip of
 * {@code importBatch} advisories into a fresh database (single shot; advisories per second = batch / time).
 *
 * <p>Run:
 * <pre>
 * ./mvnw -B -q -pl containersec-api,containersec-image,containersec-sbom,containersec-policy,containersec-runtime,benchmarks package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar MatchBenchmark -f 1 -wi 1 -i 3
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MatchBenchmark {
    private static final String[] ECOSYSTEMS = {"npm", "PyPI", "Maven", "Go"};
    private static final long SEED = 20_261_127L;

    /** The big database and the SBOM, built once per trial. */
    @State(Scope.Benchmark)
    public static class Db {
        /** Advisories in the database, real plus generated. */
        @Param({"300000"})
        public int advisories;

        /** Packages in the SBOM. */
        @Param({"10000"})
        public int packages;

        Path dir;
        VulnerabilityDb db;
        VulnerabilityScanner scanner;
        Sbom sbom;
        long imported;

        /** Generates the advisories, imports them, and opens the database. */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("containersec-match-bench");
            VulnerabilityDb.Importer importer = VulnerabilityDb.importer(dir.resolve("db")).keepExisting(false);
            Path real = Path.of(System.getProperty("containersec.osv", "/work/shared/data/osv"));
            int realCount = 0;
            if (Files.isDirectory(real)) {
                importer.add(real);
                try (Stream<Path> s = Files.walk(real)) {
                    realCount = (int) s.filter(p -> p.toString().endsWith(".json")).count();
                }
            }
            int generated = Math.max(0, advisories - realCount);
            for (Path zip : Generator.zips(dir.resolve("src"), generated, 50_000, SEED)) {
                importer.add(zip);
            }
            long start = System.nanoTime();
            imported = importer.run().imported();
            System.err.printf("%nMatchBenchmark: imported %,d advisories (%,d real files, %,d generated) in %.1f s%n",
                    imported, realCount, generated, (System.nanoTime() - start) / 1e9);
            db = VulnerabilityDb.open(dir.resolve("db"));
            scanner = VulnerabilityScanner.of(db);
            sbom = Generator.sbom(packages, SEED + 1);
            VulnerabilityReport r = scanner.scan(sbom);
            System.err.printf("MatchBenchmark: %,d packages, %,d findings, %,d matched%n", packages,
                    r.findings().size(), r.packagesMatched());
        }

        /** Closes and deletes the database. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            db.close();
            delete(dir);
        }
    }

    /** A zip of advisories for the import benchmark, and a fresh target per invocation. */
    @State(Scope.Benchmark)
    public static class Import {
        /** Advisories per import. */
        @Param({"50000"})
        public int importBatch;

        Path dir;
        Path zip;
        Path target;
        int n;

        /** Writes the zip once. */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("containersec-import-bench");
            zip = Generator.zips(dir.resolve("src"), importBatch, importBatch, SEED + 2).get(0);
        }

        /** Picks a fresh database directory. */
        @Setup(Level.Invocation)
        public void fresh() {
            target = dir.resolve("db" + n++);
        }

        /** Deletes everything. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            delete(dir);
        }
    }

    /**
     * Matches the whole SBOM against the database (warm: the database is open, pages cached).
     *
     * @param s the state
     * @return the report
     */
    @Benchmark
    public VulnerabilityReport matchWholeSbom(Db s) {
        return s.scanner.scan(s.sbom);
    }

    /**
     * Naive baseline: one query per package (fetches every package's advisories by its raw purl name, with the
     * advisory's details, without evaluating a range), as scans did before they batched.
     *
     * @param s the state
     * @param bh sink
     */
    @Benchmark
    public void lookupOnlyBaseline(Db s, Blackhole bh) {
        for (Package p : s.sbom.packages()) {
            bh.consume(s.db.find(Generator.osvEcosystem(p.purl()), Generator.osvName(p.purl())));
        }
    }

    /**
     * Imports one zip of advisories into a new database.
     *
     * @param s the state
     * @return advisories imported
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long importAdvisories(Import s) {
        return VulnerabilityDb.importer(s.target).keepExisting(false).add(s.zip).run().imported();
    }

    static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Seeded generation of OSV advisories and SBOM packages over shared name pools. */
    static final class Generator {
        /** Distinct package names per ecosystem: with 300k advisories about 3 advisories per name. */
        static final int NAMES = 25_000;

        private Generator() {
        }

        static String name(String ecosystem, int i) {
            return switch (ecosystem) {
                case "npm" -> (i % 5 == 0 ? "@scope" + (i % 97) + "/" : "") + "pkg-" + i;
                case "PyPI" -> "py-lib-" + i;
                case "Maven" -> "org.example" + (i % 113) + ":artifact-" + i;
                default -> "github.com/org" + (i % 211) + "/mod" + i;
            };
        }

        static String version(SplittableRandom r) {
            return r.nextInt(6) + "." + r.nextInt(20) + "." + r.nextInt(30);
        }

        static List<Path> zips(Path dir, int total, int perZip, long seed) throws IOException {
            Files.createDirectories(dir);
            SplittableRandom r = new SplittableRandom(seed);
            List<Path> out = new ArrayList<>();
            int written = 0;
            while (written < total) {
                Path zip = dir.resolve("generated-" + out.size() + ".zip");
                try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(os)) {
                    z.setLevel(1);
                    for (int k = 0; k < perZip && written < total; k++, written++) {
                        String eco = ECOSYSTEMS[written % ECOSYSTEMS.length];
                        String id = "GEN-" + eco.toUpperCase(java.util.Locale.ROOT) + "-" + written;
                        z.putNextEntry(new ZipEntry(id + ".json"));
                        z.write(advisory(id, eco, name(eco, r.nextInt(NAMES)), r, written)
                                .getBytes(StandardCharsets.UTF_8));
                        z.closeEntry();
                    }
                }
                out.add(zip);
            }
            return out;
        }

        static String advisory(String id, String eco, String name, SplittableRandom r, int n) {
            int major = r.nextInt(6);
            int minor = r.nextInt(20);
            String introduced = r.nextInt(4) == 0 ? "0" : major + "." + minor + ".0";
            String fixed = major + "." + (minor + 1 + r.nextInt(3)) + "." + r.nextInt(10);
            String events = "[{\"introduced\":\"" + introduced + "\"},{\"fixed\":\"" + fixed + "\"}]";
            String type = eco.equals("Go") ? "SEMVER" : "ECOSYSTEM";
            String[] sev = {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:N",
                "CVSS:3.1/AV:L/AC:H/PR:L/UI:R/S:U/C:L/I:N/A:N"};
            return "{\"schema_version\":\"1.6.0\",\"id\":\"" + id + "\",\"modified\":\"2024-01-01T00:00:00Z\","
                    + "\"aliases\":[\"CVE-2090-" + (100_000 + n) + "\"],\"summary\":\"Generated advisory " + n + "\","
                    + "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"" + sev[r.nextInt(sev.length)] + "\"}],"
                    + "\"affected\":[{\"package\":{\"ecosystem\":\"" + eco + "\",\"name\":\"" + name + "\"},"
                    + "\"ranges\":[{\"type\":\"" + type + "\",\"events\":" + events + "}]}]}";
        }

        static Sbom sbom(int count, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            List<Package> packages = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String eco = ECOSYSTEMS[i % ECOSYSTEMS.length];
                String name = name(eco, r.nextInt(NAMES));
                String version = version(r);
                Purl purl = switch (eco) {
                    case "npm" -> name.startsWith("@")
                            ? Purl.of("npm", name.substring(0, name.indexOf('/')), name.substring(name.indexOf('/') + 1), version)
                            : Purl.of("npm", null, name, version);
                    case "PyPI" -> Purl.of("pypi", null, name, version);
                    case "Maven" -> Purl.of("maven", name.substring(0, name.indexOf(':')),
                            name.substring(name.indexOf(':') + 1), version);
                    default -> Purl.of("golang", name.substring(0, name.lastIndexOf('/')),
                            name.substring(name.lastIndexOf('/') + 1), "v" + version);
                };
                packages.add(new Package(purl.name(), purl.version().orElse(""), purl.type(), purl, List.of(),
                        List.of(new PackageLocation("/app/" + i, 1, Optional.empty())), "bench", new TreeMap<>(),
                        List.of()));
            }
            return new Sbom(new SbomSubject("bench", Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), List.of()), packages, List.of());
        }

        static String osvEcosystem(Purl p) {
            return switch (p.type()) {
                case "npm" -> "npm";
                case "pypi" -> "PyPI";
                case "maven" -> "Maven";
                default -> "Go";
            };
        }

        static String osvName(Purl p) {
            String ns = p.namespace().orElse("");
            return switch (p.type()) {
                case "maven" -> ns + ":" + p.name();
                case "pypi" -> p.name();
                default -> ns.isEmpty() ? p.name() : ns + "/" + p.name();
            };
        }
    }
}
