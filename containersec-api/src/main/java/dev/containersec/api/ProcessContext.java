package dev.containersec.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The process that caused a runtime event, as an event source saw it when the event happened.
 *
 * <p>Ids are those of the initial PID and user namespaces. {@code containerId} is Falco's
 * {@code container.id}: the first 12 characters of the container id found in the cgroup path, or
 * {@link #HOST} for processes outside containers. Fields that enrichers fill in later (the working
 * directory, the user name, the container image) are optional, so a rule can tell "unknown" from a
 * value; Falco's rule engine treats an unknown field as making every comparison false.
 *
 * <p>Use {@link #builder()}: most components have sensible defaults.
 *
 * @param pid the process id, {@code >= 0}
 * @param ppid the parent process id, {@code >= 0} ({@code 0} for pid 1)
 * @param comm the command name ({@code task->comm}, truncated by Linux at 15 characters)
 * @param exe the executable's path (Falco's {@code proc.exepath}), or {@code ""} when unknown
 * @param args the full argument vector {@code argv}, including {@code argv[0]}
 * @param uid the real user id
 * @param gid the real group id
 * @param euid the effective user id
 * @param capEffective the effective capability set, one bit per Linux capability number
 *     ({@code 1L << 21} is {@code CAP_SYS_ADMIN})
 * @param cgroup the process's cgroup path (cgroup v2 unified path, or the v1 {@code cpu} path)
 * @param containerId the 12-character container id, or {@link #HOST}
 * @param ancestry the ancestors, parent first; may be shorter than the real chain
 * @param cwd the current working directory, when known
 * @param userName the name of {@code uid} in the process's user database, when known
 * @param containerImageRepository the image repository of the container, when an enricher knows it
 *     (e.g. {@code docker.io/library/nginx})
 * @param container what a {@link ContainerResolver} (or the source) knows about the container: its name,
 *     image reference, tag, digest and labels, when known
 */
public record ProcessContext(int pid, int ppid, String comm, String exe, List<String> args, long uid, long gid,
                             long euid, long capEffective, String cgroup, String containerId,
                             List<ProcessAncestor> ancestry, Optional<String> cwd, Optional<String> userName,
                             Optional<String> containerImageRepository, Optional<ContainerInfo> container) {

    /** The {@link #containerId()} of processes that run outside any container, as in Falco. */
    public static final String HOST = "host";

    /** Largest uid or gid Linux allows ({@code (uid_t) -1} is reserved for "unchanged"). */
    public static final long MAX_ID = 0xFFFF_FFFEL;

    /**
     * Validates the components and copies the lists.
     *
     * @throws IllegalArgumentException if a pid is negative or an id is outside {@code 0..MAX_ID}
     */
    public ProcessContext {
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(exe, "exe");
        args = List.copyOf(args);
        Objects.requireNonNull(cgroup, "cgroup");
        Objects.requireNonNull(containerId, "containerId");
        ancestry = List.copyOf(ancestry);
        Objects.requireNonNull(cwd, "cwd");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(containerImageRepository, "containerImageRepository");
        Objects.requireNonNull(container, "container");
        if (pid < 0 || ppid < 0) {
            throw new IllegalArgumentException("pid and ppid must be >= 0, were " + pid + " and " + ppid);
        }
        checkId("uid", uid);
        checkId("gid", gid);
        checkId("euid", euid);
        if (containerId.isEmpty()) {
            throw new IllegalArgumentException("containerId must not be empty; use ProcessContext.HOST for the host");
        }
    }

    private static void checkId(String name, long value) {
        if (value < 0 || value > MAX_ID) {
            throw new IllegalArgumentException(name + " must be in 0.." + MAX_ID + ", was " + value);
        }
    }

    /**
     * Starts a builder: pid and ppid 1, uid, gid and euid 0, no capabilities, empty strings, the host.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding this context, to derive a changed copy.
     *
     * @return a builder with every component of this context
     */
    public Builder toBuilder() {
        return new Builder().pid(pid).ppid(ppid).comm(comm).exe(exe).args(args).uid(uid).gid(gid).euid(euid)
                .capEffective(capEffective).cgroup(cgroup).containerId(containerId).ancestry(ancestry)
                .cwd(cwd.orElse(null)).userName(userName.orElse(null))
                .containerImageRepository(containerImageRepository.orElse(null)).container(container.orElse(null));
    }

    /**
     * Tells whether the process runs in a container.
     *
     * @return true unless {@link #containerId()} is {@link #HOST}
     */
    public boolean inContainer() {
        return !HOST.equals(containerId);
    }

    /**
     * Tells whether a capability is in the effective set.
     *
     * @param capability the Linux capability number, {@code 0..63} (e.g. 21 for {@code CAP_SYS_ADMIN})
     * @return true if the bit is set
     */
    public boolean hasEffectiveCapability(int capability) {
        if (capability < 0 || capability > 63) {
            throw new IllegalArgumentException("capability number must be in 0..63, was " + capability);
        }
        return (capEffective & (1L << capability)) != 0;
    }

    /** Builds a {@link ProcessContext}; validation happens in {@link #build()}. */
    public static final class Builder {
        private int pid = 1;
        private int ppid = 1;
        private String comm = "";
        private String exe = "";
        private List<String> args = List.of();
        private long uid;
        private long gid;
        private long euid;
        private long capEffective;
        private String cgroup = "";
        private String containerId = HOST;
        private List<ProcessAncestor> ancestry = List.of();
        private String cwd;
        private String userName;
        private String containerImageRepository;
        private ContainerInfo container;

        private Builder() {
        }

        /** @param v see {@link ProcessContext#pid()} @return this builder */
        public Builder pid(int v) { pid = v; return this; }

        /** @param v see {@link ProcessContext#ppid()} @return this builder */
        public Builder ppid(int v) { ppid = v; return this; }

        /** @param v see {@link ProcessContext#comm()} @return this builder */
        public Builder comm(String v) { comm = v; return this; }

        /** @param v see {@link ProcessContext#exe()} @return this builder */
        public Builder exe(String v) { exe = v; return this; }

        /** @param v see {@link ProcessContext#args()}, {@code argv[0]} first @return this builder */
        public Builder args(List<String> v) { args = v; return this; }

        /** @param v see {@link ProcessContext#args()}, {@code argv[0]} first @return this builder */
        public Builder args(String... v) { args = List.of(v); return this; }

        /** @param v see {@link ProcessContext#uid()} @return this builder */
        public Builder uid(long v) { uid = v; return this; }

        /** @param v see {@link ProcessContext#gid()} @return this builder */
        public Builder gid(long v) { gid = v; return this; }

        /** @param v see {@link ProcessContext#euid()} @return this builder */
        public Builder euid(long v) { euid = v; return this; }

        /** @param v see {@link ProcessContext#capEffective()} @return this builder */
        public Builder capEffective(long v) { capEffective = v; return this; }

        /** @param v see {@link ProcessContext#cgroup()} @return this builder */
        public Builder cgroup(String v) { cgroup = v; return this; }

        /** @param v see {@link ProcessContext#containerId()} @return this builder */
        public Builder containerId(String v) { containerId = v; return this; }

        /** @param v see {@link ProcessContext#ancestry()}, parent first @return this builder */
        public Builder ancestry(List<ProcessAncestor> v) { ancestry = v; return this; }

        /** @param v see {@link ProcessContext#cwd()}; {@code null} for unknown @return this builder */
        public Builder cwd(String v) { cwd = v; return this; }

        /** @param v see {@link ProcessContext#userName()}; {@code null} for unknown @return this builder */
        public Builder userName(String v) { userName = v; return this; }

        /**
         * @param v see {@link ProcessContext#containerImageRepository()}; {@code null} for unknown
         * @return this builder
         */
        public Builder containerImageRepository(String v) { containerImageRepository = v; return this; }

        /**
         * @param v see {@link ProcessContext#container()}; {@code null} for unknown
         * @return this builder
         */
        public Builder container(ContainerInfo v) { container = v; return this; }

        /**
         * Builds the context.
         *
         * @return the validated context
         * @throws IllegalArgumentException naming the first invalid component
         */
        public ProcessContext build() {
            return new ProcessContext(pid, ppid, comm, exe, args, uid, gid, euid, capEffective, cgroup,
                    containerId, ancestry, Optional.ofNullable(cwd), Optional.ofNullable(userName),
                    Optional.ofNullable(containerImageRepository), Optional.ofNullable(container));
        }
    }
}
