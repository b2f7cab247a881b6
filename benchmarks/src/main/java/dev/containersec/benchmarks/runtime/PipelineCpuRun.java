package dev.containersec.benchmarks.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link PipelineBenchmark#decodeAndEvaluate} measured in events per second of this thread's CPU time
 * rather than wall time: on a machine shared with other work (time-sliced cores) this is the per-core
 * figure JMH's wall-clock throughput cannot give. Warms up for 20 rounds of 4,096 lines, then reports
 * each of 10 measured rounds of 100 x 4,096 lines and their median.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.containersec.benchmarks.runtime.PipelineCpuRun}
 */
public final class PipelineCpuRun {
    private PipelineCpuRun() {
    }

    /**
     * Measures.
     *
     * @param args none
     * @throws Throwable if the benchmark's setup or decoding fails
     */
    public static void main(String[] args) throws Throwable {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        PipelineBenchmark b = new PipelineBenchmark();
        b.setup();
        long sink = 0;
        try {
            for (int i = 0; i < 2000; i++) {
                sink += b.decodeAndEvaluate();
            }
            double[] rates = new double[10];
            for (int round = 0; round < rates.length; round++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                for (int i = 0; i < 100; i++) {
                    sink += b.decodeAndEvaluate();
                }
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                long wall = System.nanoTime() - wall0;
                rates[round] = 409_600 * 1e9 / cpu;
                System.out.printf("round %d: %.0f events per CPU-second (%.0f per wall-second)%n", round + 1,
                        rates[round], 409_600 * 1e9 / wall);
            }
            java.util.Arrays.sort(rates);
            System.out.printf("median: %.0f events per CPU-second (alerts seen: %d)%n",
                    (rates[4] + rates[5]) / 2, sink);
        } finally {
            b.tearDown();
        }
    }
}
