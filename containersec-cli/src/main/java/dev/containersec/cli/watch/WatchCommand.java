package dev.containersec.cli.watch;

import dev.containersec.api.EventSource;
import dev.containersec.api.EventStream;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.OutputFormat;
import dev.containersec.runtime.ContainerResolverRegistry;
import dev.containersec.runtime.DefaultRules;
import dev.containersec.runtime.EventPipeline;
import dev.containersec.runtime.EventSourceRegistry;
import dev.containersec.runtime.PipelineStats;
import dev.containersec.runtime.RuleEngine;
import dev.containersec.runtime.RuleSet;
import dev.containersec.runtime.RuntimeEventJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code containersec watch --source SPEC [--rules FILE]... [--duration D] [--format table|json]
 * [--record FILE] [--overflow block|drop] [--baseline learn|enforce --profile FILE] [--image IMAGE
 * [--image-repository REPO]] [--drift-allow DIR]... [--egress-allow CIDR[:PORT]]... [--netpol MANIFEST...] [--workload NS/NAME]}: reads runtime events from a source, evaluates them against
 * Falco-compatible rules (the bundled {@link DefaultRules} when no {@code --rules} is given) and prints
 * each alert on stdout: Falco's text line ({@code table}) or Falco's JSON alert ({@code json}: {@code time,
 * rule, priority, output, output_fields, tags, source, hostname}). Status goes to stderr: {@code watching:
 * ebpf attached} once the kernel probes are attached, drop notices in Falco's form, and a summary at the
 * end. The optional detectors ({@link Detectors}: behavioural baseline, image drift, egress) see every
 * event and print their alerts in the same formats. Runs until the source ends, {@code --duration} passes, or the process is interrupted.
 */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        versionProvider = dev.containersec.cli.VersionProvider.class,
        description = {"Watch runtime events from a source and print the alerts of Falco-compatible rules.",
            "Sources: ebpf (kernel events through bpftrace; root), procfs (polling /proc), falco-json:FILE",
            "  (Falco's JSON output; - for stdin), tetragon-json:FILE (Tetragon's JSON export; - for stdin),",
            "  replay:FILE (recorded with --record).",
            "JSON: one Falco alert per line: {time, rule, priority, output, output_fields, tags, source, hostname}."})
public final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "SPEC", converter = SourceSpec.Converter.class,
            description = "ebpf, procfs[:interval=MS], falco-json:FILE, tetragon-json:FILE or replay:FILE (FILE may be - "
                    + "for stdin).")
    SourceSpec source;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Falco rules files, loaded in order (default: the bundled rules).")
    List<Path> rules;

    @Option(names = "--duration", paramLabel = "D", converter = WatchDuration.class,
            description = "Stop after this long, e.g. 30s, 5m, PT1H (default: until the source ends).")
    Duration duration;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = OutputFormat.Converter.class,
            description = "Alert format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--record", paramLabel = "FILE",
            description = "Also write every event to FILE as JSON lines, for replay:FILE.")
    Path record;

    @Option(names = "--overflow", paramLabel = "POLICY", defaultValue = "block",
            description = "When rules fall behind: block (slow the source; kernel drops are counted) or drop "
                    + "(drop and count) (default: ${DEFAULT-VALUE}).")
    String overflow;

    @Option(names = "--baseline", paramLabel = "MODE",
            description = "Behavioural baseline: learn (write --profile at the end) or enforce (alert on "
                    + "what --profile does not hold).")
    String baseline;

    @Option(names = "--profile", paramLabel = "FILE", description = "The baseline profile (JSON) for --baseline.")
    Path profile;

    @Option(names = "--image", paramLabel = "IMAGE",
            description = "Alert when a container executes a file this image did not ship (drift), e.g. oci:DIR:TAG.")
    String image;

    @Option(names = "--image-repository", paramLabel = "REPO",
            description = "With --image: check only containers of this image repository (e.g. docker.io/library/nginx), "
                    + "as the source or the container runtime's state names it; others are not the image's.")
    String imageRepository;

    @Option(names = "--drift-allow", paramLabel = "DIR",
            description = "Directories whose executables are not drift (with --image).")
    List<String> driftAllow;

    @Option(names = "--egress-allow", paramLabel = "CIDR[:PORT]",
            description = "Alert on connections outside these destinations, e.g. 10.0.0.0/8 or 203.0.113.7:443.")
    List<String> egressAllow;

    @Option(names = "--netpol", paramLabel = "MANIFEST", arity = "1..*",
            description = "Alert on connections the workload's NetworkPolicies (in these manifests) do not allow.")
    List<Path> netpol;

    @Option(names = "--workload", paramLabel = "NS/NAME",
            description = "The watched workload: its NetworkPolicies (--netpol) and the baseline key of host processes.")
    String workload;

    @Override
    public Integer call() throws IOException {
        EventPipeline.OverflowPolicy policy = switch (overflow.toLowerCase(Locale.ROOT)) {
            case "block" -> EventPipeline.OverflowPolicy.BLOCK;
            case "drop" -> EventPipeline.OverflowPolicy.DROP;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--overflow must be block or drop, was '"
                    + overflow + "'");
        };
        EventSourceRegistry registry = EventSourceRegistry.fromServiceLoader();
        Optional<EventSource> found = registry.find(source.id());
        if (found.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown source '" + source.id()
                    + "'; available: " + String.join(", ", registry.ids()));
        }
        EventSource eventSource = found.get();
        Map<String, String> parameters;
        try {
            parameters = source.parameters(eventSource.parameters().containsKey("path"));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        String hostname = hostname();
        Detectors detectors = Detectors.create(spec, baseline, profile, image, imageRepository, driftAllow, egressAllow,
                netpol, workload, hostname);
        RuleEngine engine = RuleEngine.builder().hostname(hostname).build();
        RuleSet ruleSet;
        if (rules == null || rules.isEmpty()) {
            ruleSet = engine.load(List.of(DefaultRules.source()));
        } else {
            for (Path f : rules) {
                if (!Files.isRegularFile(f)) {
                    throw new NoSuchFileException(f.toString());
                }
            }
            ruleSet = engine.loadFiles(rules);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (EventStream stream = eventSource.open(parameters);
             BufferedWriter recorder = record == null ? null : Files.newBufferedWriter(record, StandardCharsets.UTF_8)) {
            err.println("watching: " + eventSource.id() + (eventSource.id().equals("ebpf") ? " attached" : " opened")
                    + " (" + ruleSet.size() + " rules)");
            err.flush();
            PrintingAlertSink sink = new PrintingAlertSink(out, format);
            EventPipeline pipeline = EventPipeline.builder(stream, ruleSet).overflowPolicy(policy).hostname(hostname)
                    .containerResolvers(ContainerResolverRegistry.fromServiceLoader())
                    .detector(detectors::check)
                    .onAlert(sink::publish)
                    .onDrop(notice -> {
                        err.println(notice.output());
                        err.flush();
                    })
                    .onEvent(event -> {
                        if (recorder != null) {
                            try {
                                recorder.write(RuntimeEventJson.write(event));
                                recorder.newLine();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    })
                    .build();
            CountDownLatch finished = new CountDownLatch(1);
            // on Ctrl-C: stop the pipeline and give the main thread time to close the source (bpftrace)
            Thread hook = new Thread(() -> {
                pipeline.stop();
                try {
                    finished.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "containersec-watch-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            PipelineStats stats;
            boolean ran = false;
            try {
                stats = pipeline.run(duration == null ? Duration.ZERO : duration);
                ran = true;
            } finally {
                stream.close();
                if (!ran) {
                    finished.countDown();
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down already
                }
                out.flush();
            }
            // on Ctrl-C the hook waits for this too: a learned baseline is written before the JVM exits
            try {
                err.printf("watch: %d events, %d alerts, %d dropped (queue %d, source %d), %d malformed inputs "
                                + "skipped%n", stats.events(), stats.alerts(), stats.drops(), stats.queueDrops(),
                        stats.sourceDrops(), stats.malformedInputs());
                detectors.finish(err);
                err.flush();
            } finally {
                finished.countDown();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return ExitCode.OK;
    }

    private static String hostname() {
        try {
            String name = Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).trim();
            if (!name.isEmpty() && name.length() < 256) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // fall back below
        }
        String env = System.getenv("HOSTNAME");
        return env != null && !env.isBlank() ? env : "localhost";
    }
}
