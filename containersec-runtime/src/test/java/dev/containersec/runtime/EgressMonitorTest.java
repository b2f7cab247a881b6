package dev.containersec.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.Alert;
import dev.containersec.api.NetworkProtocol;
import dev.containersec.api.ProcessContext;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EgressMonitorTest {
    private final ProcessContext p = Events.containerShell().build();

    @Test
    void allowlist_cidrsAndPorts() throws Exception {
        EgressAllowlist a = EgressAllowlist.parse(List.of("10.0.0.0/8", "203.0.113.7:443", "[2001:db8::/32]:53"));
        assertThat(a.allows("w", InetAddress.getByName("10.9.9.9"), 1, NetworkProtocol.TCP)).isTrue();
        assertThat(a.allows("w", InetAddress.getByName("203.0.113.7"), 443, NetworkProtocol.TCP)).isTrue();
        assertThat(a.allows("w", InetAddress.getByName("203.0.113.7"), 80, NetworkProtocol.TCP)).isFalse();
        assertThat(a.allows("w", InetAddress.getByName("2001:db8::1"), 53, NetworkProtocol.UDP)).isTrue();
        assertThat(a.allows("w", InetAddress.getByName("11.0.0.1"), 443, NetworkProtocol.TCP)).isFalse();
    }

    @Test
    void allowlist_badEntries_rejectedNamingThem() {
        for (String bad : List.of("10.0.0.0/33", "example.com", "10.0.0.1:0", "10.0.0.1:x", "[::1", "1.2.3")) {
            assertThatThrownBy(() -> EgressAllowlist.parse(List.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
    }

    @Test
    void monitor_unexpectedDestination_oneAlertWithFields() {
        EgressMonitor m = EgressMonitor.of("shop/checkout", List.of(EgressAllowlist.parse(List.of("10.0.0.0/8:443"))),
                "node-1");
        assertThat(m.check(Events.connect(p, "10.1.1.1", 443))).isEmpty();
        Optional<Alert> alert = m.check(Events.connect(p, "198.51.100.4", 4444));
        assertThat(alert).isPresent();
        assertThat(alert.get().rule()).isEqualTo("Unexpected egress");
        assertThat(alert.get().outputFields()).containsEntry("fd.sip", Optional.of("198.51.100.4"))
                .containsEntry("fd.sport", Optional.of(4444L))
                .containsEntry("egress.workload", Optional.of("shop/checkout"))
                .containsEntry("egress.denied_by", Optional.of("allowlist 10.0.0.0/8:443"));
        assertThat(m.check(Events.connect(p, "198.51.100.4", 4444))).isEmpty();
        assertThat(m.check(Events.listen(p, 4444))).isEmpty();
    }

    @Test
    void monitor_everyPolicyMustAllow() {
        EgressPolicy none = new EgressPolicy() {
            @Override
            public boolean allows(String workload, InetAddress d, int port, NetworkProtocol protocol) {
                return !workload.equals("w");
            }

            @Override
            public String description() {
                return "netpol";
            }
        };
        EgressMonitor m = EgressMonitor.of("w", List.of(EgressAllowlist.parse(List.of("0.0.0.0/0")), none), "h");
        assertThat(m.check(Events.connect(p, "10.1.1.1", 443)).orElseThrow().outputFields())
                .containsEntry("egress.denied_by", Optional.of("netpol"));
    }
}
