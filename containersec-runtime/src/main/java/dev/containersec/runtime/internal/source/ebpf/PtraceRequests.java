package dev.containersec.runtime.internal.source.ebpf;

import java.util.Map;

/** Names of ptrace requests, as {@code <sys/ptrace.h>} defines them on x86-64 and arm64. */
public final class PtraceRequests {

    private static final Map<Long, String> NAMES = Map.ofEntries(
            Map.entry(0L, "PTRACE_TRACEME"), Map.entry(1L, "PTRACE_PEEKTEXT"), Map.entry(2L, "PTRACE_PEEKDATA"),
            Map.entry(3L, "PTRACE_PEEKUSR"), Map.entry(4L, "PTRACE_POKETEXT"), Map.entry(5L, "PTRACE_POKEDATA"),
            Map.entry(6L, "PTRACE_POKEUSR"), Map.entry(7L, "PTRACE_CONT"), Map.entry(8L, "PTRACE_KILL"),
            Map.entry(9L, "PTRACE_SINGLESTEP"), Map.entry(12L, "PTRACE_GETREGS"), Map.entry(13L, "PTRACE_SETREGS"),
            Map.entry(14L, "PTRACE_GETFPREGS"), Map.entry(15L, "PTRACE_SETFPREGS"), Map.entry(16L, "PTRACE_ATTACH"),
            Map.entry(17L, "PTRACE_DETACH"), Map.entry(24L, "PTRACE_SYSCALL"), Map.entry(0x4200L, "PTRACE_SETOPTIONS"),
            Map.entry(0x4201L, "PTRACE_GETEVENTMSG"), Map.entry(0x4202L, "PTRACE_GETSIGINFO"),
            Map.entry(0x4203L, "PTRACE_SETSIGINFO"), Map.entry(0x4204L, "PTRACE_GETREGSET"),
            Map.entry(0x4205L, "PTRACE_SETREGSET"), Map.entry(0x4206L, "PTRACE_SEIZE"),
            Map.entry(0x4207L, "PTRACE_INTERRUPT"), Map.entry(0x4208L, "PTRACE_LISTEN"));

    private PtraceRequests() {
    }

    /** The request's name, or {@code PTRACE_REQUEST_<n>} for a number this table does not know. */
    public static String name(long request) {
        String name = NAMES.get(request);
        return name != null ? name : "PTRACE_REQUEST_" + (request & 0xFFFF_FFFFL);
    }
}
