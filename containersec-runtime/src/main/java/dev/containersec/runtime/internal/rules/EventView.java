package dev.containersec.runtime.internal.rules;

import dev.containersec.api.ProcessContext;
import dev.containersec.api.RuntimeEvent;
import java.util.List;

/**
 * One event as the compiled rules see it while it is evaluated: the event, its process, and values
 * derived from them, computed on first use and kept for the other rules. Confined to the evaluating
 * thread; one instance per {@code evaluate} call.
 */
public final class EventView {
    final RuntimeEvent event;
    final ProcessContext proc;
    final String hostname;
    /** Per-macro results for this event: 0 not computed, 1 true, 2 false. */
    final byte[] memo;
    private String cmdline;
    private String args;
    private String capNames;
    private String fdName;
    private byte[] localIp;
    private byte[] remoteIp;

    /**
     * Creates the view.
     *
     * @param event the event
     * @param hostname the host name the engine reports
     * @param memoSlots how many macro results to remember
     */
    public EventView(RuntimeEvent event, String hostname, int memoSlots) {
        this.event = event;
        this.proc = event.process();
        this.hostname = hostname;
        this.memo = new byte[memoSlots];
    }

    /**
     * Returns the event.
     *
     * @return the event
     */
    public RuntimeEvent event() {
        return event;
    }

    String args() {
        if (args == null) {
            List<String> argv = proc.args();
            args = argv.size() <= 1 ? "" : String.join(" ", argv.subList(1, argv.size()));
        }
        return args;
    }

    String cmdline() {
        if (cmdline == null) {
            String a = args();
            cmdline = a.isEmpty() ? proc.comm() : proc.comm() + " " + a;
        }
        return cmdline;
    }

    String capNames() {
        if (capNames == null) {
            capNames = Capabilities.names(proc.capEffective());
        }
        return capNames;
    }

    String fdName(java.util.function.Function<EventView, String> compute) {
        if (fdName == null) {
            fdName = compute.apply(this);
        }
        return fdName;
    }

    byte[] localIp(dev.containersec.api.SocketEndpoint local) {
        if (localIp == null) {
            localIp = local.address().getAddress();
        }
        return localIp;
    }

    byte[] remoteIp(dev.containersec.api.SocketEndpoint remote) {
        if (remoteIp == null) {
            remoteIp = remote.address().getAddress();
        }
        return remoteIp;
    }
}
