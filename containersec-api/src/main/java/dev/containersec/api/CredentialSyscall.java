package dev.containersec.api;

import java.util.Locale;

/** The system calls that change user or group ids, as {@link CredentialChangeEvent} reports them. */
public enum CredentialSyscall {
    /** {@code setuid(uid)}. */
    SETUID(false),
    /** {@code setgid(gid)}. */
    SETGID(true),
    /** {@code setreuid(ruid, euid)}. */
    SETREUID(false),
    /** {@code setregid(rgid, egid)}. */
    SETREGID(true),
    /** {@code setresuid(ruid, euid, suid)}. */
    SETRESUID(false),
    /** {@code setresgid(rgid, egid, sgid)}. */
    SETRESGID(true);

    private final boolean group;
    private final String syscallName;

    CredentialSyscall(boolean group) {
        this.group = group;
        this.syscallName = name().toLowerCase(Locale.ROOT);
    }

    /**
     * Tells whether the call changes group ids rather than user ids.
     *
     * @return true for the {@code *gid} calls
     */
    public boolean changesGroup() {
        return group;
    }

    /**
     * Returns the system call's name, which is also Falco's {@code evt.type}.
     *
     * @return for example {@code setresuid}
     */
    public String syscallName() {
        return syscallName;
    }
}
