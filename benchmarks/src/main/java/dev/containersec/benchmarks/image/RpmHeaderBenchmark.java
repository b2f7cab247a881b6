package dev.containersec.benchmarks.image;

import dev.containersec.image.internal.catalog.os.RpmHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.sqlite.SQLiteConfig;

/**
 * Parsing rpm package headers as the rpm database stores them. Setup builds real headers with real
 * tools: {@code rpmbuild} makes packages from specs written here (10, 200 and 2,000 files, so the
 * file lists dominate as they do in real databases), {@code rpm -i --justdb} installs them into a
 * fresh SQLite rpmdb, and the blobs are read back. One operation parses every blob; MB/s is
 * operations per second times the blob bytes, which setup prints. Needs {@code rpm} and
 * {@code rpmbuild} ({@code apt-get install rpm}).
 *
 * <p>Run: {@code ./mvnw -B -q install -DskipTests && java -jar benchmarks/target/benchmarks.jar RpmHeaderBenchmark}
 * (quick look: append {@code -f 1 -wi 2 -i 3 -w 2s -r 2s}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class RpmHeaderBenchmark {
    private final List<byte[]> blobs = new ArrayList<>();

    /** Builds the packages and the rpmdb, and reads the header blobs. */
    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException, SQLException {
        Path dir = Files.createTempDirectory("rpmheader-bench");
        try {
            Path top = dir.resolve("top");
            Files.createDirectories(top.resolve("SPECS"));
            for (int files : new int[] {10, 200, 2000}) {
                String name = "bench-pkg-" + files;
                String spec = "Name: " + name + "\nVersion: 1.0\nRelease: 1.el9\nSummary: benchmark\nLicense: MIT\n"
                        + "BuildArch: noarch\n\n%description\nbenchmark package\n\n%install\n"
                        + "mkdir -p %{buildroot}/usr/share/" + name + "/sub\n"
                        + "for i in $(seq 1 " + files + "); do echo $i > %{buildroot}/usr/share/" + name
                        + "/sub/file-$i.txt; done\n\n%files\n/usr/share/" + name + "\n";
                Path specFile = top.resolve("SPECS").resolve(name + ".spec");
                Files.writeString(specFile, spec);
                run("rpmbuild", "--quiet", "-bb", "--define", "_topdir " + top, specFile.toString());
            }
            Path db = dir.resolve("db");
            run("rpm", "--initdb", "--dbpath", db.toString());
            List<String> install = new ArrayList<>(List.of("rpm", "-i", "--justdb", "--nodeps", "--dbpath", db.toString()));
            try (Stream<Path> rpms = Files.walk(top.resolve("RPMS"))) {
                rpms.filter(f -> f.toString().endsWith(".rpm")).map(Path::toString).forEach(install::add);
            }
            run(install.toArray(String[]::new));
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            try (Connection c = config.createConnection("jdbc:sqlite:" + db.resolve("rpmdb.sqlite"));
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT blob FROM Packages")) {
                while (rs.next()) {
                    blobs.add(rs.getBytes(1));
                }
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
        long bytes = blobs.stream().mapToLong(b -> b.length).sum();
        System.err.println("rpm headers: " + blobs.size() + " blobs, " + bytes + " bytes");
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + new String(out, StandardCharsets.UTF_8));
        }
    }

    /** Parses every header: name, EVR, arch, licence, source rpm and the full file list. */
    @Benchmark
    public void parseAll(Blackhole bh) {
        for (byte[] b : blobs) {
            bh.consume(RpmHeader.parse("bench", b, 0, b.length));
        }
    }
}
