package dev.containersec.benchmarks.policy;

import dev.containersec.api.Sbom;
import dev.containersec.benchmarks.image.OciLayouts;
import dev.containersec.image.Image;
import dev.containersec.image.ImageCataloger;
import dev.containersec.image.ImageReader;
import dev.containersec.policy.PolicyPackCheck;
import dev.containersec.policy.PolicyPackResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * What {@code policy check IMAGE --db DB} does to an image besides matching: catalog it for the vulnerability
 * scan and run {@code image-hardening}'s file rules. {@link #oneWalk} is the way the CLI does it now (the catalog
 * walk also feeds the file rules, {@code ImageCataloger.catalog(image, walk)}); {@link #twoWalksBaseline} is the
 * way before ({@code catalog(image)}, then {@code PolicyPackCheck.checkImage}, which walks the layers again).
 * The image is {@code LayerWalkBenchmark}'s: four gzip layers of this machine's real files (the dpkg database,
 * /etc, Python, the JDK, node modules, Perl, headers), about 500 MB uncompressed. The vulnerability match
 * itself is the same in both and not included (see {@code MatchBenchmark}).
 *
 * <p>Run: {@code ./mvnw -B -q -o package -DskipTests -pl benchmarks -am && java -jar benchmarks/target/benchmarks.jar
 * PolicyImageCheckBenchmark -f 1 -wi 1 -i 4 -w 10s -r 10s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 4, time = 10)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class PolicyImageCheckBenchmark {
    private Path dir;
    private Image image;
    private final ImageCataloger cataloger = ImageCataloger.create();
    private final PolicyPackCheck check = PolicyPackCheck.builder()
            .packs(List.of("image-hardening", "vuln-gate")).build();

    /** Builds the image: four layers from real directories of this machine. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("policyimagecheck");
        Path layout = OciLayouts.machineImage(dir);
        image = ImageReader.create().open("oci:" + layout + ":bench");
    }

    /** Removes the image. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        image.close();
        OciLayouts.deleteTree(dir);
    }

    /**
     * One walk: the catalog walk also feeds image-hardening's file rules.
     *
     * @param bh receives the SBOM
     * @return the result
     */
    @Benchmark
    public PolicyPackResult oneWalk(Blackhole bh) {
        return oneWalk((Consumer<Sbom>) bh::consume);
    }

    /**
     * Baseline, the way before: catalog in one walk, then check the image, which walks its layers again.
     *
     * @param bh receives the SBOM
     * @return the result
     */
    @Benchmark
    public PolicyPackResult twoWalksBaseline(Blackhole bh) {
        return twoWalks((Consumer<Sbom>) bh::consume);
    }

    PolicyPackResult oneWalk(Consumer<Sbom> sink) {
        PolicyPackCheck.ImageCheck pending = check.imageCheck(image, "bench");
        sink.accept(cataloger.catalog(image, pending.fileWalk().orElseThrow()));
        return pending.finish(List.of(), Map.of());
    }

    PolicyPackResult twoWalks(Consumer<Sbom> sink) {
        sink.accept(cataloger.catalog(image));
        return check.checkImage(image, "bench", List.of(), Map.of());
    }
}
