package dev.containersec.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.CapabilityChangeEvent;
import dev.containersec.api.CredentialChangeEvent;
import dev.containersec.api.CredentialSyscall;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ModuleLoadEvent;
import dev.containersec.api.NetworkAcceptEvent;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.NetworkListenEvent;
import dev.containersec.api.NetworkProtocol;
import dev.containersec.api.ProcessAncestor;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.ProcessExitEvent;
import dev.containersec.api.PtraceEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.api.SocketEndpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RuntimeEventJsonProperties {

    @Property(tries = 300)
    void read_ofWrite_isTheSameEvent(@ForAll("events") RuntimeEvent event) {
        String line = RuntimeEventJson.write(event);
        assertThat(line).doesNotContain("\n");
        assertThat(RuntimeEventJson.read(line)).isEqualTo(event);
    }

    @Property(tries = 300)
    void arbitraryText_failsOnlyWithInvalidInput(@ForAll String text) {
        try {
            RuntimeEventJson.read(text);
        } catch (InvalidInputException expected) {
            // the one documented failure
        }
    }

    @Property(tries = 200)
    void mutatedLines_failOnlyWithInvalidInput(@ForAll("events") RuntimeEvent event,
                                              @ForAll("mutations") String[] mutation) {
        String line = RuntimeEventJson.write(event).replace(mutation[0], mutation[1]);
        try {
            RuntimeEventJson.read(line);
        } catch (InvalidInputException expected) {
            // the one documented failure
        }
    }

    @Test
    void unknownType_isNamed() {
        assertThatThrownBy(() -> RuntimeEventJson.read("{\"type\":\"fork\",\"time\":\"2026-01-01T00:00:00Z\","
                + "\"process\":{}}")).isInstanceOf(InvalidInputException.class).hasMessageContaining("missing field");
        String exec = RuntimeEventJson.write(new ProcessExecEvent(Instant.EPOCH, ProcessContext.builder().build()));
        assertThatThrownBy(() -> RuntimeEventJson.read(exec.replace("\"exec\"", "\"fork\"")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown type 'fork'");
    }

    @Provide
    Arbitrary<String[]> mutations() {
        return Arbitraries.of(new String[] {"\"pid\":", "\"pid\":-"}, new String[] {"\"process\"", "\"proc\""},
                new String[] {":", "::"}, new String[] {"\"", ""}, new String[] {"}", ""}, new String[] {"0", "1e400"},
                new String[] {"Z\"", "\""}, new String[] {"\"args\":[", "\"args\":[1,"},
                new String[] {"1", "99999999999999999999"}, new String[] {"\"address\":\"", "\"address\":\"a"});
    }

    @Provide
    Arbitrary<RuntimeEvent> events() {
        Arbitrary<Instant> time = Arbitraries.longs().between(0, 4_000_000_000L).flatMap(s -> Arbitraries.integers()
                .between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(20);
        Arbitrary<Long> id = Arbitraries.longs().between(0, ProcessContext.MAX_ID);
        Arbitrary<ProcessContext> process = Combinators.combine(
                Arbitraries.integers().between(0, 4_000_000), text, text.list().ofMaxSize(4), id, id,
                Arbitraries.longs(), Arbitraries.of("host", "0123456789ab"),
                Combinators.combine(Arbitraries.integers().between(0, 99), text, text).as(ProcessAncestor::new)
                        .list().ofMaxSize(2))
                .as((pid, comm, args, uid, euid, caps, container, ancestry) -> ProcessContext.builder().pid(pid)
                        .ppid(pid / 2).comm(comm).exe("/bin/" + comm).args(args).uid(uid).gid(uid / 3).euid(euid)
                        .capEffective(caps).cgroup("/" + comm).containerId(container).ancestry(ancestry)
                        .cwd(comm.isEmpty() ? null : "/" + comm).userName(args.isEmpty() ? null : args.get(0))
                        .containerImageRepository(container.equals("host") ? null : "docker.io/x").build());
        Arbitrary<SocketEndpoint> endpoint = Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(4)
                .injectDuplicates(0.1).map(b -> b).flatMap(b -> Arbitraries.of(b, new byte[16])),
                Arbitraries.integers().between(0, 65535)).as((addr, port) -> {
                    try {
                        return new SocketEndpoint(InetAddress.getByAddress(addr), port);
                    } catch (UnknownHostException e) {
                        throw new IllegalStateException(e);
                    }
                });
        Arbitrary<NetworkProtocol> proto = Arbitraries.of(NetworkProtocol.class);
        Arbitrary<Long> credId = Arbitraries.oneOf(Arbitraries.just(CredentialChangeEvent.UNCHANGED), id);
        return Arbitraries.oneOf(
                Combinators.combine(time, process).as(ProcessExecEvent::new),
                Combinators.combine(time, process, Arbitraries.integers().between(0, 255)).as(ProcessExitEvent::new),
                Combinators.combine(time, process, text, Arbitraries.integers(), Arbitraries.integers().between(0, 07777))
                        .as((t, p, s, f, m) -> new FileOpenEvent(t, p, "/" + s, f, m)),
                Combinators.combine(time, process, proto, endpoint, endpoint).as(NetworkConnectEvent::new),
                Combinators.combine(time, process, proto, endpoint, endpoint).as(NetworkAcceptEvent::new),
                Combinators.combine(time, process, proto, endpoint, Arbitraries.integers().between(0, 4096))
                        .as(NetworkListenEvent::new),
                Combinators.combine(time, process, Arbitraries.of(CredentialSyscall.class), credId, credId, credId,
                        Arbitraries.of(true, false)).as(CredentialChangeEvent::new),
                Combinators.combine(time, process, Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs())
                        .as(CapabilityChangeEvent::new),
                Combinators.combine(time, process, text, text.optional())
                        .as((t, p, n, path) -> new ModuleLoadEvent(t, p, n, path.map(x -> "/" + x))),
                Combinators.combine(time, process, Arbitraries.of("PTRACE_ATTACH", "PTRACE_POKETEXT", "PTRACE_SEIZE"),
                        Arbitraries.integers().between(0, 1 << 22)).as(PtraceEvent::new));
    }

    @Test
    void optionalProcessFields_areLeftOut_whenUnknown() {
        String line = RuntimeEventJson.write(new ModuleLoadEvent(Instant.EPOCH, ProcessContext.builder().build(), "x",
                Optional.empty()));
        assertThat(line).doesNotContain("cwd").doesNotContain("userName").doesNotContain("\"path\"");
        assertThat(List.of(line)).hasSize(1);
    }
}
