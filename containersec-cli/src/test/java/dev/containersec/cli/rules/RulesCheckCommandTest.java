package dev.containersec.cli.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCheckCommandTest {

    private static final String MAIN = """
            - list: shell_binaries
              items: [bash, sh, zsh]
            - macro: spawned_process
              condition: evt.type = execve
            - rule: Shell in container
              desc: a shell was spawned in a container
              condition: spawned_process and proc.name in (shell_binaries) and container.id != host
              output: "Shell in container (user=%user.uid command=%proc.cmdline)"
              priority: WARNING
            - rule: Bad field
              desc: uses a field that does not exist
              condition: spawned_process and proc.nonexistent = x
              output: "never"
              priority: NOTICE
            """;

    private static final String LOCAL = """
            - rule: Shell in container
              condition: and proc.pname != sshd
              override:
                condition: append
            """;

    @TempDir
    Path dir;

    @Test
    void check_json_reportsEachRuleLoadedOrWhyNot_inFileOrder() throws IOException {
        Path main = Files.writeString(dir.resolve("rules.yaml"), MAIN);
        Path local = Files.writeString(dir.resolve("local.yaml"), LOCAL);

        Cli.Result r = Cli.run("rules", "check", main.toString(), local.toString(), "--format", "json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode rules = new ObjectMapper().readTree(r.out()).get("rules");
        JsonNode shell = find(rules, "Shell in container");
        JsonNode bad = find(rules, "Bad field");
        assertThat(shell.get("loaded").asBoolean()).isTrue();
        assertThat(shell.has("reason")).isFalse();
        assertThat(bad.get("loaded").asBoolean()).isFalse();
        assertThat(bad.get("reason").asText()).contains("proc.nonexistent");
        assertThat(bad.get("file").asText()).endsWith("rules.yaml");
    }

    @Test
    void check_allRulesLoad_exitsZeroWithASummary() throws IOException {
        Path main = Files.writeString(dir.resolve("rules.yaml"), MAIN.substring(0, MAIN.indexOf("- rule: Bad field")));

        Cli.Result r = Cli.run("rules", "check", main.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("loaded   Shell in container").contains("1 of 1 rules loaded, 0 errors");
    }

    @Test
    void check_missingFile_isBadInput() {
        assertThat(Cli.run("rules", "check", dir.resolve("absent.yaml").toString()).exitCode()).isEqualTo(3);
    }

    private static JsonNode find(JsonNode rules, String name) {
        for (JsonNode r : rules) {
            if (r.get("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no rule " + name + " in " + rules);
    }
}
