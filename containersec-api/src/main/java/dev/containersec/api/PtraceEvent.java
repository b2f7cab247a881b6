package dev.containersec.api;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A process made a {@code ptrace} request against another process (attaching a debugger, injecting
 * code, reading memory).
 *
 * @param timestamp when the call returned
 * @param process the tracing process
 * @param request the request's name as in {@code <sys/ptrace.h>}, e.g. {@code PTRACE_ATTACH},
 *     {@code PTRACE_POKETEXT}; Falco's {@code evt.arg.request}
 * @param targetPid the traced process's id ({@code 0} for {@code PTRACE_TRACEME})
 */
public record PtraceEvent(Instant timestamp, ProcessContext process, String request, int targetPid)
        implements RuntimeEvent {

    private static final Pattern REQUEST = Pattern.compile("PTRACE_[A-Z0-9_]{1,40}");

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the request is not a {@code PTRACE_*} name or the pid is negative
     */
    public PtraceEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(request, "request");
        if (!REQUEST.matcher(request).matches()) {
            throw new IllegalArgumentException("request must be a PTRACE_* name, e.g. PTRACE_ATTACH, was '"
                    + request + "'");
        }
        if (targetPid < 0) {
            throw new IllegalArgumentException("targetPid must be >= 0, was " + targetPid);
        }
    }

    /**
     * Returns {@code ptrace}.
     *
     * @return {@code ptrace}
     */
    @Override
    public String eventType() {
        return "ptrace";
    }
}
