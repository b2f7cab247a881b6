package dev.containersec.benchmarks.image;

import dev.containersec.image.internal.catalog.os.DpkgStatusParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing a real dpkg database, this machine's {@code /var/lib/dpkg/status} (about 650 KB and 740
 * packages on the Debian 12 build machine), against a naive baseline that decodes the whole file and
 * splits it with regular expressions. Throughput is in files per second; MB/s is that times the
 * file size, which setup prints.
 *
 * <p>Run: {@code ./mvnw -B -q install -DskipTests && java -jar benchmarks/target/benchmarks.jar DpkgStatusBenchmark}
 * (quick look: append {@code -f 1 -wi 2 -i 3 -w 2s -r 2s}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class DpkgStatusBenchmark {
    private byte[] status;

    /** Reads the status file. */
    @Setup
    public void setUp() throws IOException {
        status = Files.readAllBytes(Path.of("/var/lib/dpkg/status"));
        System.err.println("dpkg status: " + status.length + " bytes");
    }

    /** The cataloger's parser. */
    @Benchmark
    public List<DpkgStatusParser.Stanza> parser() {
        return DpkgStatusParser.parse(status);
    }

    /** Naive baseline: decode everything, split stanzas and lines with regular expressions. */
    @Benchmark
    public List<String[]> naiveSplit() {
        List<String[]> out = new ArrayList<>();
        for (String stanza : new String(status, StandardCharsets.UTF_8).split("\n\\s*\n")) {
            String name = "";
            String version = "";
            String arch = "";
            for (String line : stanza.split("\n")) {
                String[] kv = line.split(":\\s*", 2);
                if (kv.length == 2) {
                    switch (kv[0]) {
                        case "Package" -> name = kv[1];
                        case "Version" -> version = kv[1];
                        case "Architecture" -> arch = kv[1];
                        default -> { }
                    }
                }
            }
            out.add(new String[] {name, version, arch});
        }
        return out;
    }
}
