package dev.containersec.runtime;

import static dev.containersec.runtime.Events.containerShell;
import static dev.containersec.runtime.Events.hostProcess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.Alert;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.ProcessAncestor;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.RuntimeEvent;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A small realistic ruleset (two files, loaded in order) against hand-built events. */
class RealisticRulesetTest {

    private static RuleSet rules;

    @BeforeAll
    static void load() throws URISyntaxException {
        Path main = Path.of(RealisticRulesetTest.class.getResource("/rules/containersec_rules.yaml").toURI());
        Path local = Path.of(RealisticRulesetTest.class.getResource("/rules/local_rules.yaml").toURI());
        rules = RuleEngine.builder().hostname("node-1").ruleMatching(RuleMatching.ALL).build()
                .loadFiles(List.of(main, local));
    }

    private static List<String> fired(RuntimeEvent e) {
        return rules.evaluate(e).stream().map(Alert::rule).toList();
    }

    @Test
    void report_listsEveryRule_withTheDisabledOne() {
        assertThat(rules.report().hasErrors()).isFalse();
        assertThat(rules.report().rules()).hasSize(9);
        assertThat(rules.report().rules()).filteredOn(s -> !s.loaded()).singleElement()
                .satisfies(s -> {
                    assertThat(s.name()).isEqualTo("Setuid to root (setuid call)");
                    assertThat(s.reason()).contains("disabled");
                });
        assertThat(rules.report().warnings()).isEmpty();
    }

    @Test
    void shellInContainer_fires_butNotForShellsFromShells_orOnTheHost() {
        List<Alert> alerts = rules.evaluate(Events.exec(containerShell().build()));
        assertThat(alerts).extracting(Alert::rule).containsExactly("Terminal shell in container");
        assertThat(alerts.get(0).output()).contains("shell=bash parent=nginx cmdline=bash -i")
                .contains("image=docker.io/library/nginx");
        ProcessContext fromShell = containerShell().ancestry(List.of(new ProcessAncestor(1, "sh", "/bin/sh"))).build();
        assertThat(fired(Events.exec(fromShell))).isEmpty();
        assertThat(fired(Events.exec(hostProcess("bash")))).isEmpty();
        // fish was appended to the list by the local file
        assertThat(fired(Events.exec(containerShell().comm("fish").build()))).containsExactly("Terminal shell in container");
    }

    @Test
    void readSensitiveFile_byUntrustedProgram() {
        ProcessContext cat = containerShell().comm("cat").build();
        assertThat(fired(Events.open(cat, "/etc/shadow", FileOpenEvent.O_RDONLY)))
                .containsExactly("Read sensitive file untrusted");
        assertThat(fired(Events.open(cat, "/root/.ssh/id_rsa", FileOpenEvent.O_RDONLY)))
                .containsExactly("Read sensitive file untrusted");
        assertThat(fired(Events.open(containerShell().comm("sshd").build(), "/etc/shadow", FileOpenEvent.O_RDONLY)))
                .isEmpty();
        assertThat(fired(Events.open(cat, "/etc/hostname", FileOpenEvent.O_RDONLY))).isEmpty();
    }

    @Test
    void writeBelowEtc_withExceptionsFromBothFiles() {
        ProcessContext vi = containerShell().comm("vi").build();
        int write = FileOpenEvent.O_WRONLY | FileOpenEvent.O_CREAT | FileOpenEvent.O_TRUNC;
        List<Alert> alerts = rules.evaluate(Events.open(vi, "/etc/passwd", write));
        assertThat(alerts).extracting(Alert::rule).containsExactly("Write below etc");
        assertThat(alerts.get(0).output()).endsWith("Error File below /etc opened for writing (file=/etc/passwd proc=vi user=www-data)");
        assertThat(fired(Events.open(vi, "/etcetera/x", write))).isEmpty();
        assertThat(fired(Events.open(containerShell().comm("dpkg").build(), "/etc/passwd", write))).isEmpty();
        assertThat(fired(Events.open(containerShell().comm("update-ca-certif").build(), "/etc/ssl/certs/ca.pem",
                write))).isEmpty();
        assertThat(fired(Events.open(containerShell().comm("confd").build(), "/etc/nginx/nginx.conf", write)))
                .isEmpty();
        assertThat(fired(Events.open(containerShell().comm("confd").build(), "/etc/passwd", write)))
                .containsExactly("Write below etc");
    }

    @Test
    void setuidToRoot_fromNonRoot() {
        ProcessContext user = containerShell().build();
        assertThat(fired(Events.setuid(user, 0))).containsExactly("Setuid to root from non-root");
        assertThat(fired(Events.setuid(user, 1001))).isEmpty();
        assertThat(fired(Events.setuid(containerShell().uid(0).build(), 0))).isEmpty();
    }

    @Test
    void unexpectedOutboundConnection() {
        ProcessContext curl = containerShell().comm("curl").args("curl", "http://203.0.113.9:8080/x").build();
        List<Alert> alerts = rules.evaluate(Events.connect(curl, "203.0.113.9", 8080));
        assertThat(alerts).extracting(Alert::rule).containsExactly("Unexpected outbound connection");
        assertThat(alerts.get(0).output()).contains("dest=203.0.113.9:8080 proto=tcp")
                .contains("connection=10.1.2.3:40000->203.0.113.9:8080");
        assertThat(alerts.get(0).outputFields().get("fd.sport")).contains(8080L);
        assertThat(fired(Events.connect(curl, "10.20.30.40", 8080))).isEmpty();
        assertThat(fired(Events.connect(curl, "203.0.113.9", 443))).isEmpty();
    }

    @Test
    void ptrace_moduleLoad_capset() {
        ProcessContext p = containerShell().build();
        assertThat(fired(Events.ptrace(p, 1))).containsExactly("PTRACE attached to process");
        assertThat(fired(Events.moduleLoad(p, "rootkit"))).containsExactly("Linux kernel module injection");
        assertThat(fired(Events.capset(p, 1L << 21))).containsExactly("Capabilities raised to sys_admin");
        assertThat(fired(Events.capset(p, 1L))).isEmpty();
        assertThat(fired(Events.exit(p, 0))).isEmpty();
    }
}
