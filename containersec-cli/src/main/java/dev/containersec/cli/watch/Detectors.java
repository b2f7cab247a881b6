package dev.containersec.cli.watch;

import dev.containersec.api.Alert;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.api.ScanLimits;
import dev.containersec.cli.InputFiles;
import dev.containersec.policy.NetworkPolicyAnalyzer;
import dev.containersec.runtime.BaselineProfile;
import dev.containersec.runtime.BaselineProfiler;
import dev.containersec.runtime.DriftDetector;
import dev.containersec.runtime.EgressAllowlist;
import dev.containersec.runtime.EgressMonitor;
import dev.containersec.runtime.EgressPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The detectors {@code watch} runs beside the rules: a behavioural baseline (learn or enforce), image
 * drift and egress checks. Each sees every event through the pipeline's {@code onEvent}.
 */
final class Detectors {
    private final Optional<BaselineProfiler> baseline;
    private final Optional<Path> profileFile;
    private final Optional<DriftDetector> drift;
    private final Optional<EgressMonitor> egress;
    private final AtomicLong alerts = new AtomicLong();

    private Detectors(Optional<BaselineProfiler> baseline, Optional<Path> profileFile, Optional<DriftDetector> drift,
                      Optional<EgressMonitor> egress) {
        this.baseline = baseline;
        this.profileFile = profileFile;
        this.drift = drift;
        this.egress = egress;
    }

    static Detectors create(CommandSpec spec, String mode, Path profile, String image, String imageRepository,
                            List<String> driftAllow,
                            List<String> egressAllow, List<Path> netpol, String workload, String hostname)
            throws IOException {
        CommandLine cl = spec.commandLine();
        if (workload != null && !workload.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?(/[a-z0-9]([-a-z0-9.]*[a-z0-9])?)?")) {
            throw new CommandLine.ParameterException(cl, "--workload must be NS/NAME (Kubernetes names), was '"
                    + workload + "'");
        }
        Optional<BaselineProfiler> profiler = Optional.empty();
        if (mode != null) {
            if (profile == null) {
                throw new CommandLine.ParameterException(cl, "--baseline needs --profile FILE");
            }
            BaselineProfiler.Builder b = BaselineProfiler.builder().hostname(hostname);
            if (workload != null) {
                b.workloadName(workload);
            }
            profiler = Optional.of(switch (mode.toLowerCase(Locale.ROOT)) {
                case "learn" -> b.learn();
                case "enforce" -> b.enforce(readProfile(profile));
                default -> throw new CommandLine.ParameterException(cl, "--baseline must be learn or enforce, was '"
                        + mode + "'");
            });
        } else if (profile != null) {
            throw new CommandLine.ParameterException(cl, "--profile needs --baseline learn|enforce");
        }
        Optional<DriftDetector> drift = Optional.empty();
        if (image != null) {
            try {
                drift = Optional.of(ImageFiles.driftDetector(dev.containersec.cli.image.RegistryOptions.readerBuilder(spec).build(),
                        image, Optional.ofNullable(imageRepository), driftAllow == null ? List.of() : driftAllow, hostname));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
        } else if (driftAllow != null && !driftAllow.isEmpty()) {
            throw new CommandLine.ParameterException(cl, "--drift-allow needs --image");
        } else if (imageRepository != null) {
            throw new CommandLine.ParameterException(cl, "--image-repository needs --image");
        }
        List<EgressPolicy> policies = new ArrayList<>();
        if (egressAllow != null && !egressAllow.isEmpty()) {
            try {
                policies.add(EgressAllowlist.parse(egressAllow));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--egress-allow: " + e.getMessage());
            }
        }
        if (netpol != null && !netpol.isEmpty()) {
            if (workload == null) {
                throw new CommandLine.ParameterException(cl, "--netpol needs --workload NS/NAME");
            }
            for (Path p : netpol) {
                if (!Files.exists(p)) {
                    throw new NoSuchFileException(p.toString());
                }
            }
            policies.add(new NetworkPolicyEgress(NetworkPolicyAnalyzer.create().analyze(InputFiles.manifests(netpol)),
                    "networkpolicy " + workload));
        }
        Optional<EgressMonitor> egress = policies.isEmpty() ? Optional.empty()
                : Optional.of(EgressMonitor.of(workload == null ? "default/unknown" : workload, policies, hostname));
        return new Detectors(profiler, Optional.ofNullable(mode == null ? null : profile), drift, egress);
    }

    private static BaselineProfile readProfile(Path file) throws IOException {
        ScanLimits limits = ScanLimits.defaults();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxDocumentBytes() + 1));
        }
        if (bytes.length > limits.maxDocumentBytes()) {
            throw new LimitExceededException(file.toString(), ScanLimits.Limit.DOCUMENT_BYTES,
                    limits.maxDocumentBytes(), bytes.length);
        }
        return BaselineProfile.parse(file.toString(), bytes, limits);
    }

    /** Runs every detector on the event; the pipeline publishes the alerts to the sink, as rules' alerts. */
    List<Alert> check(RuntimeEvent event) {
        List<Alert> out = new ArrayList<>(0);
        baseline.ifPresent(b -> out.addAll(b.accept(event)));
        drift.flatMap(d -> d.check(event)).ifPresent(out::add);
        egress.flatMap(e -> e.check(event)).ifPresent(out::add);
        alerts.addAndGet(out.size());
        return out;
    }

    /** Writes a learned profile (atomically) and reports what the detectors did. */
    void finish(PrintWriter err) throws IOException {
        if (baseline.isPresent() && !baseline.get().enforcing()) {
            Path target = profileFile.orElseThrow().toAbsolutePath();
            BaselineProfile learned = baseline.get().profile();
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, learned.toJson(), StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            err.printf("watch: baseline learned for %d workloads, written to %s%n", learned.workloads().size(),
                    profileFile.orElseThrow());
        }
        if (baseline.isPresent() && baseline.get().enforcing() || drift.isPresent() || egress.isPresent()) {
            err.printf("watch: %d baseline, drift and egress alerts%n", alerts.get());
        }
    }
}
