package dev.containersec.benchmarks.runtime;

import dev.containersec.api.CredentialChangeEvent;
import dev.containersec.api.CredentialSyscall;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.NetworkProtocol;
import dev.containersec.api.ProcessAncestor;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.ProcessExitEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.api.SocketEndpoint;
import dev.containersec.runtime.RuleEngine;
import dev.containersec.runtime.RuleMatching;
import dev.containersec.runtime.RuleSet;
import dev.containersec.runtime.RuleSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second through a 100-rule Falco ruleset with realistic conditions (lists, macros,
 * {@code in}, {@code pmatch}, {@code startswith}, {@code contains}, address networks, exceptions),
 * on a mix of 1,024 events (40% opens, 30% execs, 15% connects, 10% exits, 5% setuids) of which about
 * one in ten raises an alert. {@link #indexed} is the engine as shipped (rules indexed by
 * {@code evt.type}); {@link #naiveUnindexed} is the baseline that tests every rule against every event.
 * Both report events/s (one operation = one event). Target: at least 1,000,000 events/s per core.
 *
 * <p>Run: {@code ./mvnw -B -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * RuleEngineBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RuleEngineBenchmark {

    private static final int EVENTS = 1024;

    private RuleSet indexed;
    private RuleSet naive;
    private RuntimeEvent[] events;

    /** Builds the ruleset and the events. */
    @Setup
    public void setup() {
        List<RuleSource> sources = List.of(new RuleSource("bench_rules.yaml", rules()));
        indexed = RuleEngine.builder().ruleMatching(RuleMatching.ALL).build().load(sources);
        naive = RuleEngine.builder().ruleMatching(RuleMatching.ALL).withoutEventTypeIndex().build().load(sources);
        if (indexed.size() != 100) {
            throw new IllegalStateException("expected 100 rules, loaded " + indexed.size());
        }
        events = events(new Random(42));
    }

    /**
     * The engine as shipped: rules indexed by event type.
     *
     * @return the number of alerts, so the work is not eliminated
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int indexed() {
        int alerts = 0;
        for (RuntimeEvent e : events) {
            alerts += indexed.evaluate(e).size();
        }
        return alerts;
    }

    /**
     * Baseline: every rule tested against every event.
     *
     * @return the number of alerts
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int naiveUnindexed() {
        int alerts = 0;
        for (RuntimeEvent e : events) {
            alerts += naive.evaluate(e).size();
        }
        return alerts;
    }

    static String rules() {
        StringBuilder y = new StringBuilder("""
                - list: shell_binaries
                  items: [ash, bash, csh, ksh, sh, tcsh, zsh, dash]
                - list: package_managers
                  items: [dpkg, apt, apt-get, yum, dnf, rpm, apk, pip]
                - list: private_networks
                  items: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
                - list: sensitive_files
                  items: [/etc/shadow, /etc/sudoers, /etc/pam.conf]
                - macro: spawned_process
                  condition: (evt.type in (execve, execveat) and evt.dir=<)
                - macro: container
                  condition: (container.id != host)
                - macro: open_write
                  condition: (evt.type in (open, openat, openat2) and evt.is_open_write=true)
                - macro: open_read
                  condition: (evt.type in (open, openat, openat2) and evt.is_open_read=true)
                - macro: outbound
                  condition: (evt.type = connect and fd.l4proto in (tcp, udp))
                """);
        // 30 exec rules
        for (int i = 0; i < 30; i++) {
            y.append(rule("Exec tool " + i, "spawned_process and container and proc.name = tool" + i
                    + " and not proc.pname in (shell_binaries) and not proc.cmdline contains \"--safe\"",
                    "tool %proc.name run by %proc.pname (%proc.cmdline)"));
        }
        // 40 open rules
        for (int i = 0; i < 20; i++) {
            y.append(rule("Write below dir " + i, "open_write and fd.name pmatch (/data" + i + ", /srv/app" + i
                    + ") and not proc.name in (package_managers)", "write %fd.name by %proc.name"));
            String sensitive = i == 0 ? " or fd.name in (sensitive_files)" : "";
            y.append(rule("Read secret " + i, "open_read and container and (fd.name startswith /secrets" + i
                    + "/" + sensitive + ") and not proc.name in (sshd, sudo, app" + i + ")",
                    "read %fd.name by %proc.name"));
        }
        // 15 connect rules
        for (int i = 0; i < 15; i++) {
            y.append(rule("Outbound port " + i, "outbound and container and fd.sport = " + (6000 + i)
                    + " and not fd.sip in (private_networks)", "connect %fd.name by %proc.name"));
        }
        // 15 privilege, exit and catch-all-type rules
        for (int i = 0; i < 10; i++) {
            y.append(rule("Setuid root " + i, "evt.type in (setuid, setresuid) and evt.arg.euid = 0 and user.uid = "
                    + (1000 + i), "setuid by %proc.name"));
        }
        for (int i = 0; i < 5; i++) {
            y.append(rule("Exit crash " + i, "evt.type = procexit and evt.arg.status = " + (130 + i)
                    + " and proc.name startswith worker" + i, "exit %evt.arg.status"));
        }
        return y.toString();
    }

    private static String rule(String name, String condition, String output) {
        return "- rule: " + name + "\n  desc: d\n  condition: '" + condition.replace("'", "''") + "'\n  output: '"
                + output + "'\n  priority: WARNING\n  tags: [bench]\n";
    }

    static RuntimeEvent[] events(Random r) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        RuntimeEvent[] out = new RuntimeEvent[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            int kind = r.nextInt(100);
            String comm = r.nextInt(10) == 0 ? "tool" + r.nextInt(40) : List.of("nginx", "java", "python3", "cat",
                    "bash", "node").get(r.nextInt(6));
            ProcessContext p = ProcessContext.builder().pid(1000 + i).ppid(999).comm(comm).exe("/usr/bin/" + comm)
                    .args(comm, "-c", "run" + i).uid(1000 + r.nextInt(12)).containerId(r.nextInt(5) == 0
                            ? ProcessContext.HOST : "0123456789ab")
                    .ancestry(List.of(new ProcessAncestor(999, r.nextBoolean() ? "bash" : "containerd-shim", "")))
                    .build();
            if (kind < 40) {
                String path = List.of("/etc/hosts", "/data" + r.nextInt(200) + "/x.db", "/secrets" + r.nextInt(200)
                        + "/key", "/usr/lib/libc.so.6", "/proc/self/stat", "/etc/shadow").get(r.nextInt(6));
                int flags = r.nextBoolean() ? FileOpenEvent.O_RDONLY : FileOpenEvent.O_WRONLY | FileOpenEvent.O_CREAT;
                out[i] = new FileOpenEvent(t, p, path, flags, 0);
            } else if (kind < 70) {
                out[i] = new ProcessExecEvent(t, p);
            } else if (kind < 85) {
                out[i] = new NetworkConnectEvent(t, p, NetworkProtocol.TCP, endpoint("10.0.0.5", 40000),
                        endpoint(r.nextBoolean() ? "10.1.2.3" : "203.0.113." + r.nextInt(255), 6000 + r.nextInt(30)));
            } else if (kind < 95) {
                out[i] = new ProcessExitEvent(t, p, 128 + r.nextInt(8));
            } else {
                out[i] = new CredentialChangeEvent(t, p, CredentialSyscall.SETUID, CredentialChangeEvent.UNCHANGED,
                        r.nextBoolean() ? 0 : 1000, CredentialChangeEvent.UNCHANGED, true);
            }
        }
        return out;
    }

    private static SocketEndpoint endpoint(String ip, int port) {
        try {
            return new SocketEndpoint(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
