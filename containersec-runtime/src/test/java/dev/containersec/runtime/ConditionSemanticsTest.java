package dev.containersec.runtime;

import static dev.containersec.runtime.Events.containerShell;
import static dev.containersec.runtime.Events.hostProcess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.RuntimeEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every operator and transformer, and Falco's missing-field semantics, on hand-built events. */
class ConditionSemanticsTest {

    private static final RuntimeEvent SHELL = Events.exec(containerShell().build());
    private static final RuntimeEvent OPEN = Events.open(containerShell().build(), "/etc/shadow",
            FileOpenEvent.O_RDWR | FileOpenEvent.O_TRUNC | FileOpenEvent.O_CLOEXEC);
    private static final RuntimeEvent CONNECT = Events.connect(containerShell().build(), "203.0.113.7", 4444);
    private static final RuntimeEvent HOST_EXEC = Events.exec(hostProcess("sshd"));

    static boolean matches(String condition, RuntimeEvent event) {
        String yaml = """
                - rule: r
                  desc: d
                  condition: >-
                    %s
                  output: o
                  priority: WARNING
                  warn_evttypes: false
                """.formatted(condition);
        RuleSet set = RuleEngine.create().load(List.of(new RuleSource("t.yaml", yaml)));
        return !set.evaluate(event).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "proc.name = bash | true",
        "proc.name == bash | true",
        "proc.name = Bash | false",
        "proc.name != sh | true",
        "proc.name != bash | false",
        "proc.pid < 5000 | true",
        "proc.pid <= 4242 | true",
        "proc.pid > 4242 | false",
        "proc.pid >= 4242 | true",
        "proc.pid = 0x1092 | true",
        "proc.cmdline contains -i | true",
        "proc.cmdline contains '-x' | false",
        "proc.exepath icontains USR/BIN | true",
        "proc.exepath startswith /usr/ | true",
        "proc.exepath endswith /bash | true",
        "proc.exepath glob /usr/*/bash | true",
        "proc.exepath glob /*/bash | false",
        "proc.exepath glob '/usr/bin/ba[rs]h' | true",
        "proc.exepath glob '/usr/bin/b?sh' | true",
        "proc.exepath iglob /USR/*/BASH | true",
        "proc.exepath pmatch (/usr/bin) | true",
        "proc.exepath pmatch (/usr/bi) | false",
        "proc.exepath pmatch (/opt, /usr/*/bash) | true",
        "proc.name in (sh, bash, zsh) | true",
        "proc.name in (sh, zsh) | false",
        "proc.name intersects (bash) | true",
        "proc.pid in (1, 4242) | true",
        "proc.exepath bcontains 62617368 | true",
        "proc.exepath bstartswith 2F757372 | true",
        "proc.exepath bstartswith 62617368 | false",
        "proc.cwd exists | true",
        "fd.name exists | false",
        "tolower(container.image.repository) contains nginx | true",
        "toupper(proc.name) = BASH | true",
        "basename(proc.exepath) = bash | true",
        "b64(user.name) exists | false",
        "len(proc.name) = 4 | true",
        "proc.aname[1] = nginx | true",
        "proc.aname[0] = bash | true",
        "proc.aname[2] = containerd-shim | true",
        "proc.aname[3] exists | false",
        "proc.aname = containerd-shim | true",
        "proc.aname in (nginx) | true",
        "proc.pname = nginx | true",
        "proc.apid[1] = 4200 | true",
        "proc.name = bash and proc.pid = 1 | false",
        "proc.name = sh or proc.pid = 4242 | true",
        "not proc.name = sh | true",
        "not (proc.name = bash and user.uid = 1000) | false",
        "proc.pid = val(proc.pid) | true",
        "proc.pid > val(proc.ppid) | true",
        "proc.exepath endswith val(proc.name) | true",
        "user.name = www-data | true",
        "user.uid != 0 | true",
        "container.id != host | true",
        "thread.cap_effective contains CAP_SYS_ADMIN | false",
        "evt.type = execve and evt.dir = < | true",
        "evt.time startswith 03:04:05 | true",
    })
    void execEvent(String condition, boolean expected) {
        assertThat(matches(condition, SHELL)).as(condition).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "evt.type = openat | true",
        "evt.arg.flags contains O_TRUNC | true",
        "evt.arg.flags contains O_RDWR | true",
        "evt.arg.flags contains O_CREAT | false",
        "evt.arg.flags contains O_DIRECT | false",
        "evt.arg.flags contains O_CLOEXEC | true",
        "evt.is_open_write = true | true",
        "evt.is_open_read = true | true",
        "fd.name = /etc/shadow | true",
        "fd.directory = /etc | true",
        "fd.filename = shadow | true",
        "fd.name pmatch (/etc) | true",
        "fd.typechar = f | true",
        "fd.sip exists | false",
    })
    void openEvent(String condition, boolean expected) {
        assertThat(matches(condition, OPEN)).as(condition).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "fd.sip = 203.0.113.7 | true",
        "fd.dip = 203.0.113.7 | true",
        "fd.sip != 203.0.113.7 | false",
        "fd.snet = 203.0.113.0/24 | true",
        "fd.sip in (10.0.0.0/8, 192.168.0.0/16) | false",
        "fd.cip = 10.1.2.3 | true",
        "fd.sport = 4444 | true",
        "fd.dport = 4444 | true",
        "fd.rport = 4444 | true",
        "fd.lport = 40000 | true",
        "fd.l4proto = tcp | true",
        "fd.name = 10.1.2.3:40000->203.0.113.7:4444 | true",
        "fd.typechar = 4 | true",
        "fd.directory exists | false",
    })
    void connectEvent(String condition, boolean expected) {
        assertThat(matches(condition, CONNECT)).as(condition).isEqualTo(expected);
    }

    @Test
    void openFlags_renderAsFalcoDoes() {
        assertThat(matches("evt.arg.flags = \"O_RDWR|O_TRUNC|O_CLOEXEC\"", OPEN)).isTrue();
    }

    @Test
    void missingField_makesEveryComparisonFalse_evenNotEquals() {
        // fd.name is missing on exec events: every operator is false ...
        for (String c : List.of("fd.name = x", "fd.name != x", "fd.name contains x", "fd.name in (x)",
                "fd.name startswith /", "fd.sport != 1", "fd.sport < 99999", "fd.sip != 1.2.3.4",
                "proc.cwd != /")) {
            assertThat(matches(c, HOST_EXEC)).as(c).isFalse();
        }
        // ... and only `not` turns that into true, as in Falco.
        assertThat(matches("not fd.name = x", HOST_EXEC)).isTrue();
        assertThat(matches("not fd.name != x", HOST_EXEC)).isTrue();
    }

    @Test
    void containerImage_unknown_isMissingNotEmpty() {
        ProcessContext noImage = containerShell().containerImageRepository(null).build();
        RuntimeEvent e = Events.exec(noImage);
        assertThat(matches("container.image.repository != nginx", e)).isFalse();
        assertThat(matches("not container.image.repository = nginx", e)).isTrue();
    }

    @Test
    void hostProcess_hasContainerIdHost() {
        assertThat(matches("container.id = host", HOST_EXEC)).isTrue();
    }

    @Test
    void privilegeAndOtherEvents_haveTheirArguments() {
        ProcessContext p = containerShell().build();
        assertThat(matches("evt.type = setuid and evt.arg.uid = 0 and user.uid != 0", Events.setuid(p, 0))).isTrue();
        assertThat(matches("evt.type = capset and evt.arg.cap_effective contains CAP_SYS_ADMIN",
                Events.capset(p, 1L << 21))).isTrue();
        assertThat(matches("evt.type = finit_module and evt.arg.name = rootkit", Events.moduleLoad(p, "rootkit")))
                .isTrue();
        assertThat(matches("evt.type = ptrace and evt.arg.request = PTRACE_ATTACH and evt.arg.pid = 1",
                Events.ptrace(p, 1))).isTrue();
        assertThat(matches("evt.type = procexit and evt.arg.status = 137", Events.exit(p, 137))).isTrue();
        assertThat(matches("evt.type = listen and fd.sport = 8080 and fd.cip exists", Events.listen(p, 8080)))
                .isFalse();
        assertThat(matches("evt.type = accept and fd.sport = 22 and fd.cip = 198.51.100.1",
                Events.accept(p, "198.51.100.1", 22))).isTrue();
    }
}
