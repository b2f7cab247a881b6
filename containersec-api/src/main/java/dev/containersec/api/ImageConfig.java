package dev.containersec.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Collections;

/**
 * The parts of an OCI image configuration that security checks read: how the container runs, what it
 * declares, and how it was built.
 *
 * @param platform the platform the image was built for
 * @param created when the image was created, if recorded
 * @param author the image author, empty when absent
 * @param user the user the process runs as ({@code USER}), empty meaning root
 * @param env environment variables as {@code NAME=value}, in declaration order
 * @param entrypoint the entrypoint, empty when unset
 * @param cmd the default arguments, empty when unset
 * @param workingDir the working directory, empty when unset
 * @param exposedPorts exposed ports such as {@code 8080/tcp}, sorted
 * @param volumes declared volumes, sorted
 * @param labels labels, sorted by key
 * @param stopSignal the stop signal, when set
 * @param healthcheck the healthcheck, when set
 * @param history the build history, oldest first
 * @param diffIds the digests of the uncompressed layers, bottom layer first
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/config.md">OCI image configuration</a>
 */
public record ImageConfig(Platform platform, Optional<Instant> created, String author, String user,
                          List<String> env, List<String> entrypoint, List<String> cmd, String workingDir,
                          SortedSet<String> exposedPorts, SortedSet<String> volumes,
                          SortedMap<String, String> labels, Optional<String> stopSignal,
                          Optional<Healthcheck> healthcheck, List<HistoryEntry> history, List<Digest> diffIds) {

    /** Copies every collection into an unmodifiable one and checks for nulls. */
    public ImageConfig {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(user, "user");
        env = List.copyOf(env);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        Objects.requireNonNull(workingDir, "workingDir");
        exposedPorts = Collections.unmodifiableSortedSet(new TreeSet<>(exposedPorts));
        volumes = Collections.unmodifiableSortedSet(new TreeSet<>(volumes));
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        Objects.requireNonNull(stopSignal, "stopSignal");
        Objects.requireNonNull(healthcheck, "healthcheck");
        history = List.copyOf(history);
        diffIds = List.copyOf(diffIds);
    }

    /**
     * Returns the environment as a map; a later definition of a name wins, as in a running container.
     *
     * @return the variables by name, sorted
     */
    public SortedMap<String, String> envMap() {
        SortedMap<String, String> map = new TreeMap<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            map.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        return Collections.unmodifiableSortedMap(map);
    }

    /**
     * Tells whether the container runs as root: no user, or user {@code root} or {@code 0} (with or
     * without a group).
     *
     * @return true when the configured user is root
     */
    public boolean runsAsRoot() {
        String u = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return u.isEmpty() || u.equals("root") || u.equals("0");
    }
}
