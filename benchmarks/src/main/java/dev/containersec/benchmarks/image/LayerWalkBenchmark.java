package dev.containersec.benchmarks.image;

import dev.containersec.image.FileWalk;
import dev.containersec.image.Image;
import dev.containersec.image.ImageReader;
import dev.containersec.image.WalkResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Walking every layer of a realistic multi-layer gzip image (real files of this machine: the dpkg
 * database, Python, the JDK, node modules, headers) against a baseline that only gunzips the same
 * layer bytes.
 * The walk verifies each blob's digest, parses the tar, applies the layers into the merged view and
 * lists it; the target is at least 0.8 of the baseline's throughput.
 *
 * <p>Run: {@code ./mvnw -B -q install -DskipTests && java -jar benchmarks/target/benchmarks.jar LayerWalkBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class LayerWalkBenchmark {
    private Path dir;
    private Image image;
    private final List<Path> blobs = new ArrayList<>();

    /** Builds the image: four layers from real directories of this machine, about 500 MB uncompressed. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("layerwalk");
        Path layout = OciLayouts.machineImage(dir);
        image = ImageReader.create().open("oci:" + layout + ":bench");
        for (var d : image.layers()) {
            blobs.add(layout.resolve("blobs/sha256/" + d.digest().hex()));
        }
    }

    /** Removes the image. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        image.close();
        OciLayouts.deleteTree(dir);
    }

    /** The merged walk with the full listing. */
    @Benchmark
    public long walkAndList(Blackhole bh) {
        WalkResult r = image.walk(FileWalk.builder().listing(bh::consume).build());
        return r.visibleEntries();
    }

    /** The merged walk that also reads the contents of every shared library ({@code *.so*}). */
    @Benchmark
    public long walkWithContents(Blackhole bh) {
        byte[] buf = new byte[65536];
        WalkResult r = image.walk(FileWalk.builder().contents(List.of("/**/*.so*"), (e, in) -> {
            int n;
            while ((n = in.read(buf)) > 0) {
                bh.consume(n);
            }
        }).build());
        return r.filesDelivered();
    }

    /** Baseline: gunzip the same layer blobs and nothing else. */
    @Benchmark
    public long gunzipBaseline() throws IOException {
        byte[] buf = new byte[65536];
        long total = 0;
        for (Path blob : blobs) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(blob), 65536)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                }
            }
        }
        return total;
    }
}
