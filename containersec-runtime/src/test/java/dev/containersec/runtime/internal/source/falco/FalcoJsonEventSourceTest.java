package dev.containersec.runtime.internal.source.falco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.CredentialChangeEvent;
import dev.containersec.api.EventBatch;
import dev.containersec.api.EventStream;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.NotFoundException;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.runtime.internal.source.CountingStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FalcoJsonEventSourceTest {

    private static final String READ = "{\"hostname\":\"node-1\",\"output\":\"...\",\"priority\":\"Warning\","
            + "\"rule\":\"Read sensitive file untrusted\",\"source\":\"syscall\",\"tags\":[\"filesystem\"],"
            + "\"time\":\"2026-01-02T03:04:05.123456789Z\",\"output_fields\":{\"evt.type\":\"openat\","
            + "\"evt.arg.flags\":\"O_RDONLY|O_CLOEXEC\",\"fd.name\":\"/etc/shadow\",\"proc.name\":\"cat\","
            + "\"proc.cmdline\":\"cat /etc/shadow\",\"proc.pid\":4242,\"proc.ppid\":1,\"proc.pname\":\"bash\","
            + "\"user.uid\":0,\"user.name\":\"root\",\"container.id\":\"0123456789ab\","
            + "\"container.image.repository\":\"nginx\"}}";

    @Test
    void openAlert_becomesAFileOpenEvent_withItsProcessContext() {
        List<RuntimeEvent> events = FalcoJsonMapper.map(READ);
        FileOpenEvent open = (FileOpenEvent) events.get(0);
        assertThat(open.timestamp()).isEqualTo(Instant.parse("2026-01-02T03:04:05.123456789Z"));
        assertThat(open.path()).isEqualTo("/etc/shadow");
        assertThat(open.flagNames()).containsExactly("O_RDONLY", "O_CLOEXEC");
        assertThat(open.process().comm()).isEqualTo("cat");
        assertThat(open.process().args()).containsExactly("cat", "/etc/shadow");
        assertThat(open.process().pid()).isEqualTo(4242);
        assertThat(open.process().containerId()).isEqualTo("0123456789ab");
        assertThat(open.process().userName()).contains("root");
        assertThat(open.process().containerImageRepository()).contains("nginx");
        assertThat(open.process().ancestry().get(0).comm()).isEqualTo("bash");
    }

    @Test
    void execConnectAndSetuid_areMapped() {
        String base = "{\"time\":\"2026-01-02T03:04:05Z\",\"output_fields\":{";
        assertThat(FalcoJsonMapper.map(base + "\"evt.type\":\"execve\",\"proc.name\":\"sh\"}}").get(0))
                .isInstanceOf(ProcessExecEvent.class);
        NetworkConnectEvent c = (NetworkConnectEvent) FalcoJsonMapper.map(base + "\"evt.type\":\"connect\","
                + "\"fd.sip\":\"169.254.169.254\",\"fd.sport\":80,\"fd.cip\":\"10.0.0.2\",\"fd.cport\":\"40000\","
                + "\"proc.name\":\"curl\"}}").get(0);
        assertThat(c.remote().toString()).isEqualTo("169.254.169.254:80");
        assertThat(c.local().port()).isEqualTo(40000);
        CredentialChangeEvent u = (CredentialChangeEvent) FalcoJsonMapper.map(base + "\"evt.type\":\"setuid\","
                + "\"evt.arg.uid\":0,\"evt.res\":\"SUCCESS\",\"proc.name\":\"su\"}}").get(0);
        assertThat(u.effective()).isZero();
        assertThat(u.success()).isTrue();
        assertThat(FalcoJsonMapper.map(base + "\"evt.type\":\"switch\"}}")).isEmpty();
    }

    @Test
    void garbage_isInvalidInput() {
        assertThatThrownBy(() -> FalcoJsonMapper.map("[1,2]")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> FalcoJsonMapper.map("{\"time\":\"yesterday\",\"output_fields\":{\"proc.name\":\"x\"}}"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void source_readsAFile_countsBadLines_andEnds(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("falco.json");
        Files.writeString(file, READ + "\nnot json\n\n" + READ + "\n");
        List<RuntimeEvent> events = new ArrayList<>();
        try (EventStream s = new FalcoJsonEventSource().open(Map.of("path", file.toString()))) {
            while (true) {
                EventBatch b = s.nextBatch(Duration.ofSeconds(5));
                if (b instanceof EventBatch.Events e) {
                    events.addAll(e.events());
                } else if (b instanceof EventBatch.EndOfStream) {
                    break;
                }
            }
            assertThat(((CountingStream) s).malformedInputs()).isEqualTo(1);
            assertThat(s.progress().orElseThrow().fraction()).isEqualTo(1.0);
        }
        assertThat(events).hasSize(2);
        assertThatThrownBy(() -> new FalcoJsonEventSource().open(Map.of("path", dir.resolve("nope").toString())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> new FalcoJsonEventSource().open(Map.of("file", "x")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown parameter 'file'");
    }

    @Test
    void duplicateKeysThatWouldBeRead_areInvalidInput_othersAreIgnored() {
        assertThatThrownBy(() -> FalcoJsonMapper.map("{\"output_fields\":{\"proc.name\":\"a\",\"proc.name\":\"b\"}}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("duplicate key 'proc.name'");
        assertThatThrownBy(() -> FalcoJsonMapper.map("{\"time\":\"2026-01-02T03:04:05Z\",\"time\":\"2026-01-02T03:04:06Z\","
                + "\"output_fields\":{}}")).isInstanceOf(InvalidInputException.class);
        assertThat(FalcoJsonMapper.map("{\"tags\":[1],\"tags\":[2],\"output_fields\":{\"evt.type\":\"execve\","
                + "\"proc.name\":\"sh\"}}")).hasSize(1);
    }

    @Test
    void nonAsciiLines_mapLikeAsciiOnes_andKeepTheirText() {
        FileOpenEvent ascii = (FileOpenEvent) FalcoJsonMapper.map(READ).get(0);
        // a non-ASCII character anywhere sends the line through the char parser: same event, text kept
        FileOpenEvent accented = (FileOpenEvent) FalcoJsonMapper.map(READ.replace("\"...\"", "\"caf\u00e9\"")).get(0);
        assertThat(accented).isEqualTo(ascii);
        FileOpenEvent surrogate = (FileOpenEvent) FalcoJsonMapper.map(READ.replace("/etc/shadow\",", "/tmp/\ud800x\","))
                .get(0);
        assertThat(surrogate.path()).isEqualTo("/tmp/\ud800x");
        FileOpenEvent escaped = (FileOpenEvent) FalcoJsonMapper.map(READ.replace("/etc/shadow\",", "/tmp/\\u00e9\","))
                .get(0);
        assertThat(escaped.path()).isEqualTo("/tmp/\u00e9");
    }

    @Test
    void duplicateUnreadKeysInOutputFields_areInvalidInput_andNullFieldsAreAbsent() {
        assertThatThrownBy(() -> FalcoJsonMapper.map("{\"output_fields\":{\"evt.num\":1,\"evt.num\":{\"a\":1}}}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("duplicate key 'evt.num'");
        FileOpenEvent open = (FileOpenEvent) FalcoJsonMapper.map("{\"output_fields\":{\"evt.type\":\"open\","
                + "\"fd.name\":null,\"evt.arg.name\":\"/etc/passwd\",\"evt.arg.flags\":\"O_WRONLY| O_APPEND|\","
                + "\"evt.num\":[1,{\"x\":2}],\"proc.pid\":\" 7 \",\"proc.name\":\"sh\",\"proc.args\":\"-c  true\"}}").get(0);
        assertThat(open.path()).isEqualTo("/etc/passwd");
        assertThat(open.flags()).isEqualTo(FileOpenEvent.O_WRONLY | FileOpenEvent.O_APPEND);
        assertThat(open.process().pid()).isEqualTo(7);
        assertThat(open.process().args()).containsExactly("sh", "-c", "true");
        assertThat(open.process().containerId()).isEqualTo("host");
    }
}
