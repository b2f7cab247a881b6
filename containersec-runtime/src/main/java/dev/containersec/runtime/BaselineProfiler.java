package dev.containersec.runtime;

import dev.containersec.api.Alert;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.NetworkListenEvent;
import dev.containersec.api.Priority;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.runtime.internal.baseline.AlertFactory;
import dev.containersec.runtime.internal.baseline.IpNet;
import dev.containersec.runtime.internal.baseline.Seen;
import dev.containersec.runtime.internal.baseline.Shapes;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Behavioural baselines: in learn mode records what each workload does (see {@link BaselineCategory}); in
 * enforce mode raises an {@link Alert} for each behaviour its {@link BaselineProfile} does not hold.
 *
 * <pre>{@code
 * BaselineProfiler learner = BaselineProfiler.builder().learn();
 * events.forEach(learner::accept);
 * Files.writeString(file, learner.profile().toJson());
 *
 * BaselineProfiler enforcer = BaselineProfiler.builder().hostname("node-1").enforce(profile);
 * List<Alert> alerts = enforcer.accept(event);   // "Baseline deviation: new process", ...
 * }</pre>
 *
 * <p>The workload key of an event is its container's image repository when known, else its container id,
 * else (a host process) the builder's {@link Builder#workloadName(String) workload name}. Memory is bounded:
 * at most {@link Builder#maxEntriesPerCategory(int)} entries per category and workload (more distinct
 * entries are counted as overflow), at most {@link Builder#maxWorkloads(int)} workloads, and enforce mode
 * remembers at most {@link Builder#maxRememberedDeviations(int)} reported deviations, so that each
 * distinct deviation is reported once (a forgotten one may be reported again). Written paths are kept
 * per file until a directory holds more than {@link Builder#maxFilesPerDirectory(int)}, then as
 * {@code dir/*}; egress hosts are kept per address until a {@code /24} ({@code /64}) network holds more
 * than {@link Builder#maxHostsPerNetwork(int)} for one protocol and port, then as that network.
 *
 * <p>Thread-safe (calls are serialised).
 */
public final class BaselineProfiler {

    /** Priority of deviation alerts. */
    public static final Priority PRIORITY = Priority.WARNING;

    /** Rule name of the alert raised once for a workload the enforced profile does not know. */
    public static final String UNKNOWN_WORKLOAD_RULE = "Baseline deviation: unknown workload";

    private static final int KNOWN_SHOWN = 5;

    private final boolean enforcing;
    private final int maxEntries;
    private final int maxWorkloads;
    private final int maxFilesPerDirectory;
    private final int maxHostsPerNetwork;
    private final String workloadName;
    private final String hostname;
    private final Map<String, Learned> learned = new HashMap<>();
    private long workloadOverflow;
    private final BaselineProfile enforced;
    private final Map<String, List<BaselineProfile.Egress>> enforcedEgress = new HashMap<>();
    private final Seen reported;

    private BaselineProfiler(Builder b, BaselineProfile profile) {
        this.enforcing = profile != null;
        this.maxEntries = b.maxEntries;
        this.maxWorkloads = b.maxWorkloads;
        this.maxFilesPerDirectory = b.maxFilesPerDirectory;
        this.maxHostsPerNetwork = b.maxHostsPerNetwork;
        this.workloadName = b.workloadName;
        this.hostname = b.hostname;
        this.enforced = profile;
        this.reported = new Seen(b.maxRemembered);
        if (profile != null) {
            profile.workloads().forEach((k, w) -> enforcedEgress.put(k,
                    w.of(BaselineCategory.EGRESS).stream().map(BaselineProfile.Egress::parse).toList()));
        }
    }

    /**
     * Starts a profiler configuration.
     *
     * @return a builder with the default bounds
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Tells whether this profiler enforces a profile (rather than learning one).
     *
     * @return true in enforce mode
     */
    public boolean enforcing() {
        return enforcing;
    }

    /**
     * Returns the workload key of an event: the container image repository, else the container id, else
     * the configured workload name.
     *
     * @param process the process
     * @return the key
     */
    public String workloadKey(ProcessContext process) {
        Objects.requireNonNull(process, "process");
        return process.containerImageRepository().filter(s -> !s.isBlank())
                .orElse(process.inContainer() ? process.containerId() : workloadName);
    }

    /**
     * Learns from an event (learn mode) or checks it (enforce mode).
     *
     * @param event the event
     * @return the alerts the event raised, empty in learn mode
     */
    public synchronized List<Alert> accept(RuntimeEvent event) {
        Objects.requireNonNull(event, "event");
        Map<BaselineCategory, String> facts = facts(event);
        if (facts.isEmpty()) {
            return List.of();
        }
        String key = workloadKey(event.process());
        if (!enforcing) {
            learn(key, facts);
            return List.of();
        }
        BaselineProfile.Workload w = enforced.workloads().get(key);
        if (w == null) {
            if (reported.firstTime("workload\0" + key)) {
                return List.of(AlertFactory.alert(event, UNKNOWN_WORKLOAD_RULE, PRIORITY,
                        "Baseline deviation: a workload the baseline does not know",
                        Map.of("baseline.workload", key, "baseline.known",
                                AlertFactory.shortList(enforced.workloads().keySet(), KNOWN_SHOWN)),
                        List.of("baseline"), hostname));
            }
            return List.of();
        }
        List<Alert> alerts = new ArrayList<>();
        for (Map.Entry<BaselineCategory, String> f : facts.entrySet()) {
            BaselineCategory c = f.getKey();
            String value = f.getValue();
            if (known(key, w, c, event, value) || !reported.firstTime(key + "\0" + c + "\0" + value)) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("baseline.workload", key);
            fields.put("baseline.new", value);
            fields.put("baseline.known", AlertFactory.shortList(w.of(c), KNOWN_SHOWN));
            alerts.add(AlertFactory.alert(event, c.ruleName(), PRIORITY, c.ruleName(), fields,
                    List.of("baseline"), hostname));
        }
        return alerts;
    }

    private boolean known(String key, BaselineProfile.Workload w, BaselineCategory c, RuntimeEvent event,
                          String value) {
        SortedSet<String> set = w.of(c);
        if (set.contains(value)) {
            return true;
        }
        if (c == BaselineCategory.FILE_WRITE) {
            for (String dir = Shapes.parent(value); ; dir = Shapes.parent(dir)) {
                if (set.contains(dir.equals("/") ? "/*" : dir + "/*")) {
                    return true;
                }
                if (dir.equals("/")) {
                    return false;
                }
            }
        }
        if (c == BaselineCategory.EGRESS && event instanceof NetworkConnectEvent n) {
            for (BaselineProfile.Egress e : enforcedEgress.getOrDefault(key, List.of())) {
                if (e.port() == n.remote().port() && e.proto().equals(Shapes.proto(n.protocol()))
                        && e.net().contains(n.remote().address())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<BaselineCategory, String> facts(RuntimeEvent event) {
        EnumMap<BaselineCategory, String> f = new EnumMap<>(BaselineCategory.class);
        ProcessContext p = event.process();
        if (event instanceof ProcessExecEvent) {
            String shape = Shapes.argShape(p.args());
            f.put(BaselineCategory.PROCESS, shape.isEmpty() ? p.comm() : p.comm() + " " + shape);
            String parent = p.ancestry().isEmpty() ? "?" : p.ancestry().get(0).comm();
            f.put(BaselineCategory.PARENT, parent + " -> " + p.comm());
        } else if (event instanceof FileOpenEvent e && e.isWrite()) {
            f.put(BaselineCategory.FILE_WRITE, Shapes.path(e.path()));
        } else if (event instanceof NetworkConnectEvent e) {
            f.put(BaselineCategory.EGRESS, Shapes.proto(e.protocol()) + " " + IpNet.of(e.remote().address(), 128)
                    + " " + e.remote().port());
        } else if (event instanceof NetworkListenEvent e) {
            f.put(BaselineCategory.LISTEN, Shapes.proto(e.protocol()) + " " + e.local().port());
        }
        return f;
    }

    private void learn(String key, Map<BaselineCategory, String> facts) {
        Learned l = learned.get(key);
        if (l == null) {
            if (learned.size() >= maxWorkloads) {
                workloadOverflow++;
                return;
            }
            l = new Learned();
            learned.put(key, l);
        }
        for (Map.Entry<BaselineCategory, String> f : facts.entrySet()) {
            BaselineCategory c = f.getKey();
            TreeSet<String> set = l.entries.get(c);
            String v = f.getValue();
            if (set.contains(v) || coveredFile(set, c, v)) {
                continue;
            }
            if (c == BaselineCategory.EGRESS && v.contains(" ")) {
                v = generaliseEgress(set, v);
            }
            if (c == BaselineCategory.FILE_WRITE) {
                v = generaliseFile(set, v);
            }
            if (set.contains(v)) {
                continue;
            }
            if (set.size() >= maxEntries) {
                l.overflow.merge(c, 1L, Long::sum);
                continue;
            }
            set.add(v);
        }
    }

    private static boolean coveredFile(TreeSet<String> set, BaselineCategory c, String v) {
        if (c != BaselineCategory.FILE_WRITE) {
            return false;
        }
        for (String dir = Shapes.parent(v); ; dir = Shapes.parent(dir)) {
            if (set.contains(dir.equals("/") ? "/*" : dir + "/*")) {
                return true;
            }
            if (dir.equals("/")) {
                return false;
            }
        }
    }

    /** Once a directory holds more than the bound of files, its files become {@code dir/*}. */
    private String generaliseFile(TreeSet<String> set, String path) {
        String dir = Shapes.parent(path);
        String prefix = dir.equals("/") ? "/" : dir + "/";
        List<String> siblings = new ArrayList<>();
        for (String s : set.tailSet(prefix)) {
            if (!s.startsWith(prefix)) {
                break;
            }
            if (s.indexOf('/', prefix.length()) < 0) {
                siblings.add(s);
            }
        }
        if (siblings.size() < maxFilesPerDirectory) {
            return path;
        }
        set.removeIf(s -> s.startsWith(prefix));
        return prefix + "*";
    }

    /** Once a /24 (/64) holds more than the bound of hosts for one protocol and port, they become that network. */
    private String generaliseEgress(TreeSet<String> set, String entry) {
        BaselineProfile.Egress e = BaselineProfile.Egress.parse(entry);
        java.net.InetAddress addr;
        try {
            addr = java.net.InetAddress.getByAddress(e.net().address());
        } catch (java.net.UnknownHostException x) {
            return entry;
        }
        IpNet wide = IpNet.of(addr, addr instanceof Inet4Address ? 24 : 64);
        String wideEntry = e.proto() + " " + wide + " " + e.port();
        if (set.contains(wideEntry)) {
            return wideEntry;
        }
        List<String> inside = new ArrayList<>();
        for (String s : set) {
            BaselineProfile.Egress o = BaselineProfile.Egress.parse(s);
            if (o.port() == e.port() && o.proto().equals(e.proto()) && o.net().prefix() > wide.prefix()
                    && wide.contains(inetOf(o.net()))) {
                inside.add(s);
            }
        }
        if (inside.size() < maxHostsPerNetwork) {
            return entry;
        }
        inside.forEach(set::remove);
        return wideEntry;
    }

    private static java.net.InetAddress inetOf(IpNet n) {
        try {
            return java.net.InetAddress.getByAddress(n.address());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Returns what was learned so far (learn mode) or the enforced profile (enforce mode).
     *
     * @return the profile
     */
    public synchronized BaselineProfile profile() {
        if (enforcing) {
            return enforced;
        }
        TreeMap<String, BaselineProfile.Workload> out = new TreeMap<>();
        learned.forEach((k, l) -> out.put(k, new BaselineProfile.Workload(new EnumMap<>(l.entries), l.overflow)));
        return new BaselineProfile(out);
    }

    /**
     * Returns how many events of workloads beyond {@link Builder#maxWorkloads(int)} were not learned.
     *
     * @return the count
     */
    public synchronized long workloadOverflow() {
        return workloadOverflow;
    }

    private static final class Learned {
        final EnumMap<BaselineCategory, TreeSet<String>> entries = new EnumMap<>(BaselineCategory.class);
        final EnumMap<BaselineCategory, Long> overflow = new EnumMap<>(BaselineCategory.class);

        Learned() {
            for (BaselineCategory c : BaselineCategory.values()) {
                entries.put(c, new TreeSet<>());
            }
        }
    }

    /** Configures a {@link BaselineProfiler}; every bound must be positive. */
    public static final class Builder {
        private int maxEntries = 512;
        private int maxWorkloads = 256;
        private int maxFilesPerDirectory = 16;
        private int maxHostsPerNetwork = 8;
        private int maxRemembered = 4096;
        private String workloadName = ProcessContext.HOST;
        private String hostname = "localhost";

        private Builder() {
        }

        private static int positive(String name, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, was " + v);
            }
            return v;
        }

        /**
         * Sets the most entries kept per category and workload (default 512).
         *
         * @param v the bound
         * @return this builder
         */
        public Builder maxEntriesPerCategory(int v) { maxEntries = positive("maxEntriesPerCategory", v); return this; }

        /**
         * Sets the most workloads learned (default 256).
         *
         * @param v the bound
         * @return this builder
         */
        public Builder maxWorkloads(int v) { maxWorkloads = positive("maxWorkloads", v); return this; }

        /**
         * Sets how many files of one directory are kept before the directory stands for them (default 16).
         *
         * @param v the bound
         * @return this builder
         */
        public Builder maxFilesPerDirectory(int v) {
            maxFilesPerDirectory = positive("maxFilesPerDirectory", v);
            return this;
        }

        /**
         * Sets how many hosts of one /24 (/64) are kept per protocol and port before the network stands for
         * them (default 8).
         *
         * @param v the bound
         * @return this builder
         */
        public Builder maxHostsPerNetwork(int v) { maxHostsPerNetwork = positive("maxHostsPerNetwork", v); return this; }

        /**
         * Sets how many reported deviations enforce mode remembers to report each once (default 4096).
         *
         * @param v the bound
         * @return this builder
         */
        public Builder maxRememberedDeviations(int v) {
            maxRemembered = positive("maxRememberedDeviations", v);
            return this;
        }

        /**
         * Sets the workload key of host processes (default {@code host}).
         *
         * @param v the name, e.g. {@code shop/checkout}
         * @return this builder
         */
        public Builder workloadName(String v) {
            if (Objects.requireNonNull(v, "workloadName").isBlank()) {
                throw new IllegalArgumentException("workloadName must not be blank");
            }
            workloadName = v;
            return this;
        }

        /**
         * Sets the hostname put in alerts (default {@code localhost}).
         *
         * @param v the hostname
         * @return this builder
         */
        public Builder hostname(String v) { hostname = Objects.requireNonNull(v, "hostname"); return this; }

        /**
         * Builds a learning profiler.
         *
         * @return a profiler in learn mode
         */
        public BaselineProfiler learn() {
            return new BaselineProfiler(this, null);
        }

        /**
         * Builds a profiler enforcing a profile.
         *
         * @param profile the baseline
         * @return a profiler in enforce mode
         */
        public BaselineProfiler enforce(BaselineProfile profile) {
            return new BaselineProfiler(this, Objects.requireNonNull(profile, "profile"));
        }
    }
}
