package dev.containersec.runtime;

import dev.containersec.api.Alert;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.Priority;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.runtime.internal.baseline.AlertFactory;
import dev.containersec.runtime.internal.baseline.Seen;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Egress checks: raises {@value #RULE} for each connection ({@code connect}) that one of its
 * {@link EgressPolicy policies} does not allow. Each distinct container, destination, port and protocol is
 * reported once (the memory of reports is bounded). Thread-safe when its policies are.
 */
public final class EgressMonitor {

    /** The rule name of egress alerts. */
    public static final String RULE = "Unexpected egress";

    private final String workload;
    private final List<EgressPolicy> policies;
    private final String hostname;
    private final Seen reported = new Seen(4096);

    private EgressMonitor(String workload, List<EgressPolicy> policies, String hostname) {
        this.workload = workload;
        this.policies = policies;
        this.hostname = hostname;
    }

    /**
     * Creates a monitor.
     *
     * @param workload the workload name handed to the policies (e.g. {@code shop/checkout})
     * @param policies the policies; a connection must be allowed by every one
     * @param hostname the hostname put in alerts
     * @return the monitor
     */
    public static EgressMonitor of(String workload, List<EgressPolicy> policies, String hostname) {
        return new EgressMonitor(Objects.requireNonNull(workload, "workload"), List.copyOf(policies),
                Objects.requireNonNull(hostname, "hostname"));
    }

    /**
     * Checks an event.
     *
     * @param event the event
     * @return the alert, when a connection a policy does not allow is seen for the first time
     */
    public Optional<Alert> check(RuntimeEvent event) {
        if (!(event instanceof NetworkConnectEvent c)) {
            return Optional.empty();
        }
        List<String> denied = policies.stream().filter(p -> !p.allows(workload, c.remote().address(),
                c.remote().port(), c.protocol())).map(EgressPolicy::description).toList();
        if (denied.isEmpty()) {
            return Optional.empty();
        }
        String key = c.process().containerId() + "\0" + c.protocol() + "\0" + c.remote();
        synchronized (reported) {
            if (!reported.firstTime(key)) {
                return Optional.empty();
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("fd.sip", c.remote().addressLiteral());
        fields.put("fd.sport", (long) c.remote().port());
        fields.put("fd.l4proto", c.protocol().falcoName());
        fields.put("egress.workload", workload);
        fields.put("egress.denied_by", String.join("; ", denied));
        return Optional.of(AlertFactory.alert(event, RULE, Priority.WARNING, RULE, fields,
                List.of("network", "egress"), hostname));
    }
}
