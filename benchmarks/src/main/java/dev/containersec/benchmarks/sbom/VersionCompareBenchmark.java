package dev.containersec.benchmarks.sbom;

import dev.containersec.sbom.Version;
import dev.containersec.sbom.VersionScheme;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Version comparison per ecosystem: comparing two strings ({@link VersionScheme#compare}, which parses
 * both), comparing pre-parsed {@link Version}s (the matcher's hot path: installed and advisory versions
 * are parsed once), and the naive baseline {@link String#compareTo}, which is fast but wrong
 * ({@code "1.10" < "1.9"}).
 *
 * <p>Run:
 * <pre>
 * ./mvnw -B -q -pl containersec-api,containersec-image,containersec-sbom,containersec-policy,containersec-runtime,benchmarks package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar VersionCompareBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VersionCompareBenchmark {

    /** The scheme under test. */
    @Param({"MAVEN", "SEMVER", "NPM", "GO", "CARGO", "PEP440", "RUBYGEMS", "NUGET", "COMPOSER", "PUB", "CRAN",
        "HACKAGE", "DPKG", "RPM", "APK"})
    public String scheme;

    private String[] texts;
    private Version[] parsed;
    private VersionScheme schemeValue;
    private int i;

    /** Picks realistic versions for the scheme and parses them once. */
    @Setup
    public void setUp() {
        VersionScheme s = VersionScheme.valueOf(scheme);
        schemeValue = s;
        texts = switch (s) {
            case MAVEN -> new String[] {"2.14.1", "2.15.0", "2.0-beta9", "5.3.18", "5.2.20.RELEASE", "1.0.0-SNAPSHOT",
                "2.17.1", "1.33"};
            case SEMVER, NPM, CARGO, PUB -> new String[] {"7.5.1", "7.5.2", "6.3.0", "1.0.0-alpha.1", "1.0.0-beta.11",
                "10.2.3", "0.9.9", "1.0.0"};
            case GO -> new String[] {"v1.2.3", "v0.0.0-20191109021931-daa7c04131f5", "v2.7.0+incompatible", "v1.20.0",
                "v0.17.0", "v1.2.4-0.20191109021931-daa7c04131f5", "v3.0.0", "v1.0.0-rc.1"};
            case PEP440 -> new String[] {"2.31.0", "1.0.post1", "2.0rc1", "1!1.0", "3.2.1", "1.0.dev3", "1.26.18",
                "1.0+local.1"};
            case RUBYGEMS -> new String[] {"7.0.4", "7.0.4.1", "6.1.7.3", "1.0.0.rc1", "2.8.5", "1.13.10", "3.2", "1.0.0-beta"};
            case NUGET -> new String[] {"13.0.1", "6.0.0-preview.1", "4.3.0.0", "1.0.0-BETA", "2.2.0", "12.0.3", "8.0.1", "1.0"};
            case COMPOSER -> new String[] {"v5.4.21", "5.4.22", "1.0.0-beta2", "2.0-RC1", "4.4.49", "6.0.0", "1.2.3.4", "1.0"};
            case CRAN -> new String[] {"1.0-1", "1.0-2", "4.3.2", "0.1-12", "1.9.0", "1.10.0", "3.6.3", "2.0"};
            case HACKAGE -> new String[] {"4.14.3.0", "2.1.2", "0.10", "0.9", "1.2.3", "1.2.3.0", "2", "1.0"};
            case DPKG -> new String[] {"2.36.1-8+deb11u1", "2.36.1-8+deb11u2", "1:1.2.11.dfsg-2+deb11u2", "1.0~rc1-1",
                "7.74.0-1.3+deb11u7", "3.0.11-1~deb12u2", "252.22-1~deb12u1", "1.1.1n-0+deb11u5"};
            case RPM -> new String[] {"0.11.1-10.el9", "0.11.1-9.el9", "1:3.0.7-16.el9_2", "2.34-60.el9", "1.0~rc1-1",
                "4.16.1.3-22.el9", "9.16.23-11.el9_2.2", "1.0^git1-1"};
            case APK -> new String[] {"1.2.3-r0", "1.2.3-r1", "3.0.8-r3", "1.36.1-r5", "2.0_rc1-r0", "8.5.0-r0",
                "1.1.1t-r2", "2.4.57-r0"};
            default -> throw new IllegalStateException(scheme);
        };
        parsed = new Version[texts.length];
        for (int k = 0; k < texts.length; k++) {
            parsed[k] = s.parse(texts[k]);
        }
    }

    /**
     * Compares pre-parsed versions: the matcher's hot path.
     *
     * @return the comparison
     */
    @Benchmark
    public int compareParsed() {
        int k = i++ & 7;
        return parsed[k].compareTo(parsed[(k + 3) & 7]);
    }

    /**
     * Parses and compares two strings.
     *
     * @return the comparison
     */
    @Benchmark
    public int compareStrings() {
        int k = i++ & 7;
        return schemeValue.compare(texts[k], texts[(k + 3) & 7]);
    }

    /**
     * Naive baseline: lexical comparison, which orders versions wrongly.
     *
     * @return the comparison
     */
    @Benchmark
    public int baselineStringCompareTo() {
        int k = i++ & 7;
        return texts[k].compareTo(texts[(k + 3) & 7]);
    }
}
