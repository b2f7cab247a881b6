/**
 * The containersec API: immutable value types shared by every module (image references, digests,
 * platforms, image configuration, merged-filesystem entries, scan limits), the service provider
 * interfaces, and the unchecked exception root {@link dev.containersec.api.ContainerSecException}.
 *
 * <p>Runtime detection types: the sealed {@link dev.containersec.api.RuntimeEvent} hierarchy (process
 * exec and exit, file open, network connect/accept/listen, privilege changes, module loads, ptrace),
 * each with its {@link dev.containersec.api.ProcessContext}, and Falco-shaped
 * {@link dev.containersec.api.Alert}s with their {@link dev.containersec.api.Priority}.
 *
 * <p>Service provider interfaces defined here: {@link dev.containersec.api.EventSource} (runtime event
 * inputs), {@link dev.containersec.api.AlertSink} (alert destinations) and
 * {@link dev.containersec.api.ContainerResolver} (which image a container runs). This module only defines
 * them and loads no service itself, so it declares no {@code uses}: {@code dev.containersec.runtime}
 * does ({@code @uses} in its module documentation), and providers declare {@code provides} in their own
 * modules.
 *
 * <p>This module has no run-time dependencies; every other containersec module requires it.
 */
module dev.containersec.api {
    exports dev.containersec.api;
}
