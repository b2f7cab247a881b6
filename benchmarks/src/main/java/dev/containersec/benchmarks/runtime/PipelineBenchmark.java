package dev.containersec.benchmarks.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.api.Alert;
import dev.containersec.api.EventStream;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.runtime.DefaultRules;
import dev.containersec.runtime.EventPipeline;
import dev.containersec.runtime.EventSourceRegistry;
import dev.containersec.runtime.PipelineStats;
import dev.containersec.runtime.ProcessAncestryCache;
import dev.containersec.runtime.RuleEngine;
import dev.containersec.runtime.RuleSet;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second from Falco's JSON output through decoding, the ancestry cache and the bundled default
 * rules (what {@code containersec watch --source falco-json:FILE} evaluates). The input is 4,096 generated
 * Falco alert lines (JSON as Falco prints it with {@code json_output: true}: {@code time, rule, priority,
 * output, output_fields, tags, source, hostname}) mixing opens, execs, connects, set*id calls and exits of
 * a few hundred processes in containers; about one event in eight raises an alert.
 *
 * <ul>
 * <li>{@link #decodeAndEvaluate}: one thread does everything per line (the falco-json source's own
 *     mapper, {@link ProcessAncestryCache#observe}, {@link RuleSet#evaluate}): events/s per core.</li>
 * <li>{@link #jsonTreeOnlyBaseline}: only Jackson's {@code readTree} of the same lines, the floor any
 *     JSON-decoding source pays.</li>
 * <li>{@link #pipelineFromFile}: the real {@code falco-json} source on a 65,536-line file through
 *     {@link EventPipeline} (its reader threads and queue included); on a machine with fewer cores than
 *     its three threads this is wall-clock throughput of the whole machine, not per core.</li>
 * </ul>
 * Target: at least 250,000 events/s per core (Falco's published figure for one CPU).
 *
 * <p>Run: {@code ./mvnw -B -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * PipelineBenchmark -f 1 -wi 5 -i 5 -w 3s -r 3s -prof gc} (allocation per event from {@code -prof gc});
 * {@link PipelineCpuRun} gives the same loop per CPU-second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PipelineBenchmark {

    private static final int LINES = 4096;
    private static final int FILE_LINES = 65_536;
    private static final ObjectMapper JSON = new ObjectMapper();

    private String[] lines;
    private RuleSet rules;
    private MethodHandle decode;
    private ProcessAncestryCache ancestry;
    private Path file;

    /**
     * Generates the lines and the file, loads the default rules, finds the falco-json source's mapper.
     *
     * @throws Exception if the mapper cannot be found or the file written
     */
    @Setup
    public void setup() throws Exception {
        lines = lines(new Random(7), LINES);
        rules = RuleEngine.builder().build().load(List.of(DefaultRules.source()));
        // the source's line mapper is internal; on the class path it is reachable for measurement
        Method map = Class.forName("dev.containersec.runtime.internal.source.falco.FalcoJsonMapper")
                .getDeclaredMethod("map", String.class);
        map.setAccessible(true);
        decode = MethodHandles.lookup().unreflect(map);
        ancestry = ProcessAncestryCache.withCapacity(EventPipeline.DEFAULT_ANCESTRY_ENTRIES);
        file = Files.createTempFile("pipeline-bench", ".json");
        Files.write(file, List.of(lines(new Random(8), FILE_LINES)), StandardCharsets.UTF_8);
    }

    /**
     * Deletes the file.
     *
     * @throws IOException if it cannot be deleted
     */
    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    /**
     * Decode, complete and evaluate each line on this thread.
     *
     * @return the number of alerts, so the work is not eliminated
     * @throws Throwable if decoding fails
     */
    @Benchmark
    @OperationsPerInvocation(LINES)
    @SuppressWarnings("unchecked")
    public int decodeAndEvaluate() throws Throwable {
        int alerts = 0;
        for (String line : lines) {
            for (RuntimeEvent e : (List<RuntimeEvent>) decode.invokeExact(line)) {
                ProcessContext p = ancestry.observe(e);
                alerts += rules.evaluate(p == e.process() ? e : withProcess(e, p)).size();
            }
        }
        return alerts;
    }

    /**
     * Baseline: parse each line into a JSON tree and nothing more.
     *
     * @return a size, so the work is not eliminated
     * @throws IOException never for these lines
     */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public int jsonTreeOnlyBaseline() throws IOException {
        int n = 0;
        for (String line : lines) {
            JsonNode tree = JSON.readTree(line);
            n += tree.size();
        }
        return n;
    }

    /**
     * The falco-json source on a file through the pipeline, as {@code watch} runs it.
     *
     * @return the number of alerts
     */
    @Benchmark
    @OperationsPerInvocation(FILE_LINES)
    public long pipelineFromFile() {
        try (EventStream stream = EventSourceRegistry.fromServiceLoader().get("falco-json")
                .open(Map.of("path", file.toString()))) {
            List<Alert> sink = new ArrayList<>();
            PipelineStats stats = EventPipeline.builder(stream, rules).onAlert(sink::add).build().run(Duration.ZERO);
            if (stats.evaluated() != FILE_LINES) {
                throw new IllegalStateException("evaluated " + stats.evaluated() + " of " + FILE_LINES);
            }
            return stats.alerts();
        }
    }

    private static RuntimeEvent withProcess(RuntimeEvent e, ProcessContext p) {
        // what the pipeline does internally (Enricher.withProcess); the falco lines here carry a parent only
        if (e instanceof dev.containersec.api.ProcessExecEvent x) {
            return new dev.containersec.api.ProcessExecEvent(x.timestamp(), p);
        } else if (e instanceof dev.containersec.api.FileOpenEvent x) {
            return new dev.containersec.api.FileOpenEvent(x.timestamp(), p, x.path(), x.flags(), x.mode());
        } else if (e instanceof dev.containersec.api.NetworkConnectEvent x) {
            return new dev.containersec.api.NetworkConnectEvent(x.timestamp(), p, x.protocol(), x.local(), x.remote());
        } else if (e instanceof dev.containersec.api.ProcessExitEvent x) {
            return new dev.containersec.api.ProcessExitEvent(x.timestamp(), p, x.exitCode());
        } else if (e instanceof dev.containersec.api.CredentialChangeEvent x) {
            return new dev.containersec.api.CredentialChangeEvent(x.timestamp(), p, x.syscall(), x.real(),
                    x.effective(), x.saved(), x.success());
        }
        return e;
    }

    /** Falco JSON alert lines: 40% opens, 30% execs, 15% connects, 10% exits, 5% setuids. */
    static String[] lines(Random r, int count) {
        String[] shells = {"bash", "sh", "dash"};
        String[] progs = {"nginx", "python3", "java", "node", "curl", "cat", "ls", "grep", "sed", "awk"};
        String[] files = {"/etc/shadow", "/etc/passwd", "/etc/hosts", "/var/log/app.log", "/tmp/x", "/etc/nginx/nginx.conf",
            "/usr/lib/x86_64-linux-gnu/libc.so.6", "/proc/self/status", "/root/.ssh/authorized_keys", "/app/data.db"};
        String[] ips = {"10.0.0.7", "203.0.113.9", "198.51.100.7", "172.17.0.3", "8.8.8.8", "127.0.0.1"};
        int[] ports = {443, 80, 5432, 3333, 53, 8080};
        String[] containers = {"0123456789ab", "abcdef012345", "host", "fedcba987654"};
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            int kind = r.nextInt(100);
            int pid = 1000 + r.nextInt(400);
            int ppid = 900 + r.nextInt(100);
            String comm = kind < 70 && r.nextInt(10) == 0 ? shells[r.nextInt(shells.length)] : progs[r.nextInt(progs.length)];
            String container = containers[r.nextInt(containers.length)];
            StringBuilder f = new StringBuilder();
            f.append("\"container.id\":\"").append(container).append("\",\"container.image.repository\":")
                    .append(container.equals("host") ? "null" : "\"docker.io/library/nginx\"")
                    .append(",\"proc.pid\":").append(pid).append(",\"proc.ppid\":").append(ppid)
                    .append(",\"proc.name\":\"").append(comm).append("\",\"proc.exepath\":\"/usr/bin/").append(comm)
                    .append("\",\"proc.cmdline\":\"").append(comm).append(" --flag value").append(i % 17)
                    .append("\",\"proc.pname\":\"containerd-shim\",\"user.uid\":").append(r.nextInt(4) == 0 ? 0 : 1000)
                    .append(",\"user.name\":\"app\",\"proc.cwd\":\"/app/\"");
            String type;
            if (kind < 40) {
                type = "openat";
                f.append(",\"fd.name\":\"").append(files[r.nextInt(files.length)]).append("\",\"evt.arg.flags\":\"")
                        .append(r.nextInt(3) == 0 ? "O_WRONLY|O_CREAT|O_TRUNC" : "O_RDONLY|O_CLOEXEC").append('"');
            } else if (kind < 70) {
                type = "execve";
            } else if (kind < 85) {
                type = "connect";
                f.append(",\"fd.sip\":\"").append(ips[r.nextInt(ips.length)]).append("\",\"fd.sport\":")
                        .append(ports[r.nextInt(ports.length)]).append(",\"fd.cip\":\"10.1.0.2\",\"fd.cport\":")
                        .append(30000 + r.nextInt(30000)).append(",\"fd.l4proto\":\"tcp\"");
            } else if (kind < 95) {
                type = "procexit";
                f.append(",\"evt.arg.status\":0");
            } else {
                type = "setuid";
                f.append(",\"evt.arg.uid\":").append(r.nextBoolean() ? 0 : 1000).append(",\"evt.res\":\"SUCCESS\"");
            }
            String time = t.plusNanos(i * 1000L).toString();
            out[i] = "{\"hostname\":\"node-1\",\"output\":\"" + time + ": Notice event " + type + " by " + comm
                    + "\",\"priority\":\"Notice\",\"rule\":\"Audit " + type + "\",\"source\":\"syscall\","
                    + "\"tags\":[\"audit\"],\"time\":\"" + time + "\",\"output_fields\":{\"evt.type\":\"" + type
                    + "\"," + f + "}}";
        }
        return out;
    }
}
