package dev.containersec.runtime;

import dev.containersec.api.ContainerSecException;
import java.util.Objects;

/**
 * An event source cannot be opened on this machine because a requirement is missing: the process is not
 * root, a tool is not installed, a kernel facility is absent or the kernel refuses the request. Carries
 * which requirement, so callers (the CLI) can say what to fix without parsing the message.
 */
public final class SourceUnavailableException extends ContainerSecException {
    private static final long serialVersionUID = 1L;

    /** What an event source needs and did not find. */
    public enum Requirement {
        /** The source needs root (effective uid 0). */
        ROOT,
        /** A program the source runs (e.g. {@code bpftrace}) is not installed or not executable. */
        TOOL,
        /** tracefs (or debugfs) is neither mounted nor mountable. */
        TRACEFS,
        /** The kernel refused to load or attach BPF programs, or none of the probes exists. */
        KERNEL_BPF
    }

    private final String sourceId;
    private final Requirement requirement;

    /**
     * Creates the exception.
     *
     * @param sourceId the id of the source that cannot be opened, e.g. {@code ebpf}
     * @param requirement what is missing
     * @param message what is missing and how to provide it, in one line
     */
    public SourceUnavailableException(String sourceId, Requirement requirement, String message) {
        super(sourceId + " source unavailable: " + message);
        this.sourceId = Objects.requireNonNull(sourceId, "sourceId");
        this.requirement = Objects.requireNonNull(requirement, "requirement");
    }

    /**
     * Returns the id of the source that cannot be opened.
     *
     * @return the source id
     */
    public String sourceId() {
        return sourceId;
    }

    /**
     * Returns what is missing.
     *
     * @return the requirement
     */
    public Requirement requirement() {
        return requirement;
    }
}
