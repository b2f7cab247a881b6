package dev.containersec.benchmarks.policy;

import com.sun.management.OperatingSystemMXBean;
import dev.containersec.api.Sbom;
import dev.containersec.policy.PolicyPackResult;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * {@link PolicyImageCheckBenchmark}'s two ways measured in the process's CPU time as well as wall time,
 * alternating one walk and two walks round by round in one JVM: on a machine shared with other work the
 * CPU time is what the work costs, whatever else runs. Checks both ways give equal results. Warms up with
 * 3 rounds of each, then reports every measured round and the medians.
 *
 * <p>Run: {@code java -Xmx1g -cp benchmarks/target/benchmarks.jar
 * dev.containersec.benchmarks.policy.PolicyImageCheckCpuRun 10}
 */
public final class PolicyImageCheckCpuRun {
    private PolicyImageCheckCpuRun() {
    }

    /**
     * Measures.
     *
     * @param args the number of measured rounds (default 10)
     * @throws Exception if the image cannot be built
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        PolicyImageCheckBenchmark b = new PolicyImageCheckBenchmark();
        b.setUp();
        long[] packages = {0};
        Consumer<Sbom> sink = sbom -> packages[0] += sbom.packages().size();
        try {
            for (int i = 0; i < 3; i++) {
                if (!b.oneWalk(sink).equals(b.twoWalks(sink))) {
                    throw new IllegalStateException("the two ways disagree");
                }
            }
            double[][] cpu = new double[2][rounds];
            double[][] wall = new double[2][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int way = 0; way < 2; way++) {
                    // Alternate which goes first, so a change in the machine's load hits both alike.
                    int w = (r % 2 == 0) ? way : 1 - way;
                    long cpu0 = os.getProcessCpuTime();
                    long wall0 = System.nanoTime();
                    PolicyPackResult result = w == 0 ? b.oneWalk(sink) : b.twoWalks(sink);
                    wall[w][r] = (System.nanoTime() - wall0) / 1e6;
                    cpu[w][r] = (os.getProcessCpuTime() - cpu0) / 1e6;
                    packages[0] += result.findings().size();
                }
                System.out.printf("round %d: one walk %.0f ms CPU (%.0f ms wall), two walks %.0f ms CPU (%.0f ms wall),"
                        + " load %.1f%n", r + 1, cpu[0][r], wall[0][r], cpu[1][r], wall[1][r], os.getSystemLoadAverage());
            }
            System.out.printf("median: one walk %.0f ms CPU (%.0f ms wall), two walks %.0f ms CPU (%.0f ms wall)"
                    + " (sink %d)%n", median(cpu[0]), median(wall[0]), median(cpu[1]), median(wall[1]), packages[0]);
        } finally {
            b.tearDown();
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
