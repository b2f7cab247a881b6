package dev.containersec.benchmarks.image;

import dev.containersec.api.CatalogContext;
import dev.containersec.api.Cataloger;
import dev.containersec.api.Digest;
import dev.containersec.api.FileEntry;
import dev.containersec.api.FileType;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.internal.catalog.lang.JavaArchiveCataloger;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Identifying real jars (the local Maven repository's, {@code ~/.m2/repository}, the first
 * {@code maxJars} in path order, held in memory so that disk speed does not count) with the Java
 * archive cataloger: streaming {@code ZipInputStream}, pom.properties/MANIFEST parsing, SHA-1 of every
 * archive, nested jars. The naive baseline only inflates every entry with {@code ZipInputStream}, which
 * any streaming identification has to do too; a second baseline adds the SHA-1. MB/s = corpus bytes
 * (printed at setup) / average time per operation.
 *
 * <p>Run: {@code ./mvnw -B -q install -DskipTests && java -jar benchmarks/target/benchmarks.jar JarIdentifyBenchmark}
 * (brief: {@code ... JarIdentifyBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class JarIdentifyBenchmark {
    private static final Digest LAYER = Digest.sha256(new byte[0]);

    /** How many jars of the local repository make up the corpus. */
    @Param("300")
    public int maxJars;

    private final List<byte[]> jars = new ArrayList<>();
    private final List<FileEntry> entries = new ArrayList<>();
    private final Cataloger cataloger = new JavaArchiveCataloger();

    /** Loads the corpus. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path repo = Path.of(System.getProperty("user.home"), ".m2", "repository");
        List<Path> files;
        try (Stream<Path> s = Files.walk(repo)) {
            files = s.filter(p -> p.toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().limit(maxJars).toList();
        }
        long total = 0;
        for (Path p : files) {
            byte[] b = Files.readAllBytes(p);
            jars.add(b);
            entries.add(new FileEntry("/app/lib/" + p.getFileName(), FileType.REGULAR, 0644, 0, 0, b.length,
                    Optional.empty(), 0, LAYER));
            total += b.length;
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("no jars under " + repo);
        }
        System.err.printf("JarIdentifyBenchmark corpus: %d jars, %.1f MB%n", jars.size(), total / 1e6);
    }

    /** The cataloger: identity, SHA-1, nested archives. */
    @Benchmark
    public void identify(Blackhole bh) throws IOException {
        Cataloger.Session s = cataloger.newSession(ScanLimits.defaults());
        for (int i = 0; i < jars.size(); i++) {
            try {
                s.accept(entries.get(i), new ByteArrayInputStream(jars.get(i)));
            } catch (RuntimeException e) {
                bh.consume(e); // a damaged jar in the local repository
            }
        }
        bh.consume(s.finish(new CatalogContext(Optional.empty(), ScanLimits.defaults())));
    }

    /** Naive baseline: inflate every entry of every jar, nothing else. */
    @Benchmark
    public long inflateOnly() throws IOException {
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        for (byte[] jar : jars) {
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    int r;
                    while ((r = zip.read(buf)) > 0) {
                        n += r;
                    }
                }
            } catch (IOException | RuntimeException e) {
                n++;
            }
        }
        return n;
    }

    /** Baseline plus the SHA-1 of each jar: the floor for what the cataloger does. */
    @Benchmark
    public long inflateAndSha1() throws IOException, NoSuchAlgorithmException {
        long n = inflateOnly();
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        for (byte[] jar : jars) {
            n += sha1.digest(jar)[0];
        }
        return n;
    }
}
