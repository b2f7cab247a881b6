package dev.containersec.api;

import java.util.Objects;

/**
 * An ancestor of the process that caused a runtime event (its parent, grandparent, and so on).
 *
 * @param pid the ancestor's process id (in the initial PID namespace), {@code >= 0}
 * @param comm the ancestor's command name ({@code task->comm}, at most 16 characters in Linux)
 * @param exe the ancestor's executable path, or {@code ""} when unknown
 */
public record ProcessAncestor(int pid, String comm, String exe) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the pid is negative
     */
    public ProcessAncestor {
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(exe, "exe");
        if (pid < 0) {
            throw new IllegalArgumentException("pid must be >= 0, was " + pid);
        }
    }
}
