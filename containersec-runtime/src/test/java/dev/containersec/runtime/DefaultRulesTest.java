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
                "Write below etc", "Setuid to root", "Unexpected outbound connection");
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
        assertThat(names(Events.connect(shell, "203.0.113.9", 4444))).containsExactly("Unexpected outbound connection");
        assertThat(names(Events.connect(shell, "10.0.0.9", 4444))).isEmpty();
    }

    private List<String> names(dev.containersec.api.RuntimeEvent event) {
        return rules.evaluate(event).stream().map(Alert::rule).toList();
    }
}
