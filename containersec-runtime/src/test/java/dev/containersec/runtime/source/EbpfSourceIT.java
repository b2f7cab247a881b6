package dev.containersec.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.containersec.api.Alert;
import dev.containersec.api.CapabilityChangeEvent;
import dev.containersec.api.CredentialChangeEvent;
import dev.containersec.api.EventBatch;
import dev.containersec.api.EventStream;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.NetworkAcceptEvent;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.NetworkListenEvent;
import dev.containersec.api.Priority;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.ProcessExitEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.runtime.EventSourceRegistry;
import dev.containersec.runtime.RuleEngine;
import dev.containersec.runtime.RuleMatching;
import dev.containersec.runtime.RuleSet;
import dev.containersec.runtime.RuleSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the ebpf source against the real kernel: real commands, real sockets on 127.0.0.1, and a small
 * ruleset over what the kernel reported. Needs root (CI runs as root with bpftrace installed); skipped
 * only when not root, so a missing bpftrace or tracefs fails the build.
 */
class EbpfSourceIT {

    private static final Set<String> COMMS = Set.of("cat", "sh", "setpriv", "true");
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void kernelEvents_carryProcessContext_andRaiseAlerts() throws Exception {
        assumeTrue(isRoot(), "the ebpf source needs root");
        List<RuntimeEvent> seen = new CopyOnWriteArrayList<>();
        List<ProcessHandle> bpftrace;
        try (EventStream stream = EventSourceRegistry.fromServiceLoader().get("ebpf").open(Map.of())) {
            Thread reader = new Thread(() -> {
                while (true) {
                    EventBatch batch = stream.nextBatch(Duration.ofMillis(200));
                    if (batch instanceof EventBatch.Events events) {
                        for (RuntimeEvent e : events.events()) {
                            if (e.process().pid() == SELF || COMMS.contains(e.process().comm())) {
                                seen.add(e);
                            }
                        }
                    } else if (!(batch instanceof EventBatch.Timeout)) {
                        return;
                    }
                }
            }, "it-reader");
            reader.setDaemon(true);
            reader.start();
            bpftrace = ProcessHandle.current().children()
                    .filter(c -> c.info().command().orElse("").endsWith("bpftrace")).toList();
            assertThat(bpftrace).as("the supervised bpftrace child").hasSize(1);

            long cat = run("cat", "/etc/shadow");
            long sh = run("sh", "-c", "true");
            long setpriv = run("setpriv", "--reuid=65534", "true");
            int port;
            int clientPort;
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                port = server.getLocalPort();
                try (Socket client = new Socket()) {
                    client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                    clientPort = client.getLocalPort();
                    try (Socket accepted = server.accept()) {
                        assertThat(accepted.getPort()).isEqualTo(clientPort);
                    }
                }
            }

            List<Predicate<RuntimeEvent>> wanted = List.of(
                    e -> e instanceof ProcessExecEvent x && isExecOf(x, cat),
                    e -> e instanceof FileOpenEvent f && f.path().equals("/etc/shadow") && f.process().pid() == cat,
                    e -> e instanceof ProcessExitEvent && e.process().pid() == cat,
                    e -> e instanceof ProcessExecEvent x && isExecOf(x, sh),
                    e -> e instanceof CredentialChangeEvent && e.process().pid() == setpriv,
                    e -> e instanceof NetworkListenEvent l && l.local().port() == port,
                    e -> e instanceof NetworkConnectEvent c && c.remote().port() == port,
                    e -> e instanceof NetworkAcceptEvent a && a.remote().port() == clientPort);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!wanted.stream().allMatch(w -> seen.stream().anyMatch(w)) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }

            ProcessExecEvent catExec = first(seen, ProcessExecEvent.class, e -> isExecOf(e, cat));
            assertThat(catExec.process().comm()).isEqualTo("cat");
            assertThat(catExec.process().args()).containsExactly("cat", "/etc/shadow");
            assertThat(catExec.process().exe()).endsWith("/cat");
            assertThat(catExec.process().ppid()).isEqualTo((int) SELF);
            assertThat(catExec.process().uid()).isZero();
            assertThat(catExec.process().ancestry()).first().satisfies(parent -> {
                assertThat(parent.pid()).isEqualTo((int) SELF);
                assertThat(parent.comm()).isNotEmpty();
            });
            assertThat(catExec.process().containerId()).isNotEmpty();
            assertThat(catExec.timestamp()).isBetween(java.time.Instant.now().minusSeconds(60),
                    java.time.Instant.now());

            FileOpenEvent shadow = first(seen, FileOpenEvent.class,
                    e -> e.path().equals("/etc/shadow") && e.process().pid() == cat);
            assertThat(shadow.isRead()).isTrue();
            assertThat(shadow.isWrite()).isFalse();
            assertThat(shadow.process().args()).containsExactly("cat", "/etc/shadow");

            assertThat(first(seen, ProcessExitEvent.class, e -> e.process().pid() == cat).exitCode()).isZero();
            assertThat(first(seen, ProcessExecEvent.class, e -> isExecOf(e, sh)).process().args())
                    .containsExactly("sh", "-c", "true");

            CredentialChangeEvent cred = first(seen, CredentialChangeEvent.class,
                    e -> e.process().pid() == setpriv);
            assertThat(cred.success()).isTrue();
            assertThat(List.of(cred.real(), cred.effective())).contains(65534L);
            assertThat(cred.process().uid()).isZero();
            assertThat(seen).anyMatch(e -> e instanceof CapabilityChangeEvent && e.process().pid() == setpriv);

            NetworkListenEvent listen = first(seen, NetworkListenEvent.class, e -> e.local().port() == port);
            assertThat(listen.process().pid()).isEqualTo((int) SELF);
            assertThat(listen.local().addressLiteral()).isEqualTo("127.0.0.1");
            NetworkConnectEvent connect = first(seen, NetworkConnectEvent.class, e -> e.remote().port() == port);
            assertThat(connect.process().pid()).isEqualTo((int) SELF);
            assertThat(connect.remote().addressLiteral()).isEqualTo("127.0.0.1");
            NetworkAcceptEvent accept = first(seen, NetworkAcceptEvent.class,
                    e -> e.remote().port() == clientPort);
            assertThat(accept.remote().addressLiteral()).isEqualTo("127.0.0.1");

            RuleSet rules = RuleEngine.builder().hostname("it-host").ruleMatching(RuleMatching.ALL).build()
                    .load(List.of(new RuleSource("it_rules.yaml", rulesFor(port))));
            List<Alert> alerts = new ArrayList<>();
            for (RuntimeEvent e : seen) {
                alerts.addAll(rules.evaluate(e));
            }
            Alert read = alert(alerts, "Read sensitive file", a -> a.outputFields().get("proc.pid")
                    .equals(Optional.of(cat)));
            assertThat(read.priority()).isEqualTo(Priority.WARNING);
            assertThat(read.outputFields()).containsEntry("fd.name", Optional.of("/etc/shadow"))
                    .containsEntry("proc.name", Optional.of("cat"))
                    .containsEntry("proc.cmdline", Optional.of("cat /etc/shadow"))
                    .containsEntry("user.uid", Optional.of(0L));
            assertThat(read.output()).contains("file=/etc/shadow").contains("Warning");
            assertThat(read.hostname()).isEqualTo("it-host");
            assertThat(read.tags()).containsExactly("filesystem");

            Alert shell = alert(alerts, "Shell spawned", a -> a.outputFields().get("proc.pid")
                    .equals(Optional.of(sh)));
            assertThat(shell.outputFields()).containsEntry("proc.cmdline", Optional.of("sh -c true"));

            Alert uid = alert(alerts, "Uid change", a -> a.outputFields().get("proc.pid")
                    .equals(Optional.of(setpriv)));
            assertThat(uid.outputFields()).containsEntry("proc.name", Optional.of("setpriv"))
                    .containsEntry("evt.res", Optional.of("SUCCESS"));

            Alert out = alert(alerts, "Loopback connection", a -> true);
            assertThat(out.outputFields()).containsEntry("fd.sip", Optional.of("127.0.0.1"))
                    .containsEntry("fd.sport", Optional.of((long) port))
                    .containsEntry("proc.pid", Optional.of(SELF));
        }
        // close() stopped bpftrace
        assertThat(bpftrace.get(0).isAlive()).isFalse();
    }

    private static String rulesFor(int port) {
        return """
                - rule: Read sensitive file
                  desc: /etc/shadow was opened for reading
                  condition: evt.type = openat and evt.is_open_read = true and fd.name = /etc/shadow
                  output: Sensitive file opened (file=%fd.name proc=%proc.name pid=%proc.pid cmdline=%proc.cmdline uid=%user.uid)
                  priority: WARNING
                  tags: [filesystem]
                - rule: Shell spawned
                  desc: a shell started
                  condition: evt.type = execve and proc.name = sh
                  output: Shell (cmdline=%proc.cmdline pid=%proc.pid)
                  priority: NOTICE
                - rule: Uid change
                  desc: a process changed its user ids
                  condition: evt.type in (setuid, setreuid, setresuid) and proc.name = setpriv
                  output: Uid change (proc=%proc.name pid=%proc.pid res=%evt.res)
                  priority: NOTICE
                - rule: Loopback connection
                  desc: a connection to the test's port
                  condition: evt.type = connect and fd.sip = 127.0.0.1 and fd.sport = @PORT@
                  output: Connect (server=%fd.sip:%fd.sport pid=%proc.pid)
                  priority: INFO
                """.replace("@PORT@", Integer.toString(port));
    }

    private static long run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
        return p.pid();
    }

    private static <T extends RuntimeEvent> T first(List<RuntimeEvent> seen, Class<T> type, Predicate<T> match) {
        return seen.stream().filter(type::isInstance).map(type::cast).filter(match).findFirst()
                .orElseThrow(() -> new AssertionError("no matching " + type.getSimpleName() + " among "
                        + seen.size() + " events: " + seen.stream().map(RuntimeEvent::eventType).distinct().toList()));
    }

    private static Alert alert(List<Alert> alerts, String rule, Predicate<Alert> match) {
        return alerts.stream().filter(a -> a.rule().equals(rule)).filter(match).findFirst()
                .orElseThrow(() -> new AssertionError("no alert of rule '" + rule + "' among "
                        + alerts.stream().map(Alert::rule).toList()));
    }

    private static boolean isRoot() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.substring(4).trim().split("\\s+")[1].equals("0");
            }
        }
        return false;
    }

    /**
     * The JDK starts processes through jspawnhelper, which then execs the command: the child's pid execs twice,
     * and the first exec (jspawnhelper's) may or may not be seen depending on when the probes attached.
     */
    private static boolean isExecOf(ProcessExecEvent e, long pid) {
        return e.process().pid() == pid && !e.process().exe().endsWith("/jspawnhelper");
    }
}
