/**
 * Runtime protection: event sources, the event pipeline, a Falco-compatible rule engine and behavioural baselines.
 *
 * <p>The front door for rules is {@link dev.containersec.runtime.RuleEngine}; providers of the
 * {@link dev.containersec.api.EventSource} and {@link dev.containersec.api.AlertSink} service interfaces
 * are found through {@link dev.containersec.runtime.EventSourceRegistry} and
 * {@link dev.containersec.runtime.AlertSinkRegistry}, or passed to them explicitly. Beside the rules,
 * {@link dev.containersec.runtime.BaselineProfiler} learns and enforces behavioural baselines,
 * {@link dev.containersec.runtime.DriftDetector} reports executables an image did not ship and
 * {@link dev.containersec.runtime.EgressMonitor} reports connections an {@link dev.containersec.runtime.EgressPolicy}
 * does not allow.
 *
 * @provides dev.containersec.api.EventSource the {@code ebpf} (kernel events through bpftrace), {@code procfs}
 *     (polling /proc), {@code falco-json} (Falco's JSON output), {@code tetragon-json} (Tetragon's JSON export) and {@code replay} (recorded events) sources
 * @uses dev.containersec.api.EventSource
 * @uses dev.containersec.api.AlertSink
 * @uses dev.containersec.api.ContainerResolver
 * @provides dev.containersec.api.ContainerResolver {@code containers-storage}: podman's and CRI-O's state files
 */
module dev.containersec.runtime {
    requires transitive dev.containersec.api;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.yaml.snakeyaml;
    requires org.slf4j;

    exports dev.containersec.runtime;

    uses dev.containersec.api.EventSource;
    uses dev.containersec.api.AlertSink;
    uses dev.containersec.api.ContainerResolver;

    provides dev.containersec.api.EventSource with
            dev.containersec.runtime.internal.source.ebpf.EbpfEventSource,
            dev.containersec.runtime.internal.source.procfs.ProcfsEventSource,
            dev.containersec.runtime.internal.source.falco.FalcoJsonEventSource,
            dev.containersec.runtime.internal.source.tetragon.TetragonJsonEventSource,
            dev.containersec.runtime.internal.source.replay.ReplayEventSource;

    provides dev.containersec.api.ContainerResolver with
            dev.containersec.runtime.internal.container.ContainersStorageResolver;
}
