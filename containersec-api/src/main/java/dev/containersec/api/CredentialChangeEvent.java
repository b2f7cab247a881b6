package dev.containersec.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A process asked to change its user or group ids. The {@link #process()} holds the credentials
 * <em>before</em> the call; the components hold the requested ids, with {@link #UNCHANGED} for an id
 * the call leaves alone (as {@code -1} in {@code setresuid}). For {@code setuid} and {@code setgid}
 * the single argument is in {@link #effective()} and the other two are {@link #UNCHANGED}.
 *
 * @param timestamp when the call returned
 * @param process the process, with its credentials before the call
 * @param syscall which call was made
 * @param real the requested real id, or {@link #UNCHANGED}
 * @param effective the requested effective id, or {@link #UNCHANGED}
 * @param saved the requested saved id, or {@link #UNCHANGED}
 * @param success whether the call succeeded
 */
public record CredentialChangeEvent(Instant timestamp, ProcessContext process, CredentialSyscall syscall,
                                    long real, long effective, long saved, boolean success)
        implements PrivilegeChangeEvent {

    /** An id the call does not change ({@code (uid_t) -1}). */
    public static final long UNCHANGED = -1;

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if an id is neither {@link #UNCHANGED} nor in
     *     {@code 0..ProcessContext.MAX_ID}
     */
    public CredentialChangeEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(syscall, "syscall");
        check("real", real);
        check("effective", effective);
        check("saved", saved);
    }

    private static void check(String name, long id) {
        if (id != UNCHANGED && (id < 0 || id > ProcessContext.MAX_ID)) {
            throw new IllegalArgumentException(name + " id must be -1 (unchanged) or in 0.." + ProcessContext.MAX_ID
                    + ", was " + id);
        }
    }

    /**
     * Returns the system call name, e.g. {@code setuid}.
     *
     * @return {@link CredentialSyscall#syscallName()}
     */
    @Override
    public String eventType() {
        return syscall.syscallName();
    }
}
