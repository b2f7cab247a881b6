package dev.containersec.runtime.internal.source.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.EventBatch;
import dev.containersec.api.EventStream;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.NetworkListenEvent;
import dev.containersec.api.NetworkProtocol;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.ProcessExitEvent;
import dev.containersec.api.RuntimeEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ProcfsEventSourceTest {

    @Test
    void netTableRows_decode() {
        String tcp = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1\n";
        List<ProcfsStream.Socket> rows = ProcfsStream.parseNet(tcp, NetworkProtocol.TCP);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).local().toString()).isEqualTo("127.0.0.1:8080");
        assertThat(rows.get(0).state()).isEqualTo(0x0A);
        assertThat(rows.get(0).inode()).isEqualTo(12345);
        assertThat(ProcfsStream.endpoint("00000000000000000000000001000000:0050").address().isLoopbackAddress())
                .isTrue();
        assertThat(ProcfsStream.parseNet("header\ngarbage row\n", NetworkProtocol.UDP)).isEmpty();
    }

    @Test
    void newProcessesAndSockets_areReported() throws Exception {
        List<RuntimeEvent> seen = new ArrayList<>();
        try (EventStream s = new ProcfsEventSource().open(Map.of("interval", "20"))) {
            Process sleep = new ProcessBuilder("sleep", "0.3").start();
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                     Socket accepted = server.accept()) {
                    int port = server.getLocalPort();
                    collect(s, seen, e -> e instanceof NetworkListenEvent l && l.local().port() == port);
                    collect(s, seen, e -> e instanceof NetworkConnectEvent c && c.remote().port() == port);
                    assertThat(accepted.isConnected()).isTrue();
                    assertThat(client.isConnected()).isTrue();
                }
            }
            collect(s, seen, e -> e instanceof ProcessExecEvent && e.process().pid() == sleep.pid());
            sleep.waitFor();
            collect(s, seen, e -> e instanceof ProcessExitEvent && e.process().pid() == sleep.pid());
        }
        ProcessExecEvent exec = seen.stream().filter(ProcessExecEvent.class::isInstance)
                .map(ProcessExecEvent.class::cast).filter(e -> e.process().comm().equals("sleep")).findFirst()
                .orElseThrow();
        assertThat(exec.process().args()).containsExactly("sleep", "0.3");
        assertThat(exec.process().ppid()).isEqualTo((int) ProcessHandle.current().pid());
        NetworkListenEvent listen = seen.stream().filter(NetworkListenEvent.class::isInstance)
                .map(NetworkListenEvent.class::cast).findFirst().orElseThrow();
        assertThat(listen.process().pid()).isEqualTo((int) ProcessHandle.current().pid());
    }

    private static void collect(EventStream s, List<RuntimeEvent> seen, Predicate<RuntimeEvent> until) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (seen.stream().noneMatch(until) && System.nanoTime() < deadline) {
            if (s.nextBatch(Duration.ofMillis(50)) instanceof EventBatch.Events e) {
                seen.addAll(e.events());
            }
        }
        assertThat(seen).anyMatch(until);
    }
}
