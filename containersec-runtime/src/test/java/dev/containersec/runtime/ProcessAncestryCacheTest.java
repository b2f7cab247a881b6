package dev.containersec.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.ProcessAncestor;
import dev.containersec.api.ProcessContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessAncestryCacheTest {

    /** A process as the ebpf source reports it: pid, ppid and only the parent as ancestry. */
    private static ProcessContext proc(int pid, int ppid, String comm, String parentComm) {
        return ProcessContext.builder().pid(pid).ppid(ppid).comm(comm).exe("/bin/" + comm)
                .ancestry(List.of(new ProcessAncestor(ppid, parentComm, "/bin/" + parentComm))).build();
    }

    @Test
    void execChain_givesLaterEventsTheirWholeAncestry_nearestFirst() {
        ProcessAncestryCache cache = ProcessAncestryCache.withCapacity(100);
        cache.observe(Events.exec(proc(10, 1, "containerd-shim", "systemd")));
        cache.observe(Events.exec(proc(20, 10, "nginx", "containerd-shim")));
        cache.observe(Events.exec(proc(30, 20, "sh", "nginx")));
        ProcessContext completed = cache.observe(Events.exec(proc(40, 30, "curl", "sh")));
        assertThat(completed.ancestry()).extracting(ProcessAncestor::pid).containsExactly(30, 20, 10, 1);
        assertThat(completed.ancestry()).extracting(ProcessAncestor::comm)
                .containsExactly("sh", "nginx", "containerd-shim", "systemd");
    }

    @Test
    void exit_forgetsTheProcess_afterCompletingItsOwnEvent() {
        ProcessAncestryCache cache = ProcessAncestryCache.withCapacity(100);
        cache.observe(Events.exec(proc(20, 10, "nginx", "shim")));
        cache.observe(Events.exec(proc(30, 20, "sh", "nginx")));
        assertThat(cache.observe(Events.exit(proc(30, 20, "sh", "nginx"), 0)).ancestry()).hasSize(2);
        assertThat(cache.size()).isEqualTo(2); // 20 and its parent 10, learned from 20's event
        ProcessContext orphan = cache.observe(Events.exec(proc(31, 30, "cat", "sh")));
        assertThat(orphan.ancestry()).extracting(ProcessAncestor::pid).containsExactly(30);
    }

    @Test
    void capacity_isKept_byEvictingTheLeastRecentlyUsed_andCountingIt() {
        ProcessAncestryCache cache = ProcessAncestryCache.withCapacity(3);
        for (int pid = 100; pid < 110; pid++) {
            cache.observe(Events.exec(ProcessContext.builder().pid(pid).ppid(1).comm("p" + pid).build()));
        }
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.evictions()).isEqualTo(7);
        assertThatThrownBy(() -> ProcessAncestryCache.withCapacity(0)).hasMessageContaining("1..16777216");
    }

    @Test
    void aPidLoop_orAVeryDeepChain_isCutOff() {
        ProcessAncestryCache cache = ProcessAncestryCache.withCapacity(1000);
        cache.observe(Events.exec(ProcessContext.builder().pid(2).ppid(3).comm("a").build()));
        cache.observe(Events.exec(ProcessContext.builder().pid(3).ppid(2).comm("b").build()));
        assertThat(cache.observe(Events.exec(ProcessContext.builder().pid(4).ppid(2).comm("c").build())).ancestry())
                .extracting(ProcessAncestor::pid).containsExactly(2, 3);
        for (int pid = 101; pid < 200; pid++) {
            cache.observe(Events.exec(ProcessContext.builder().pid(pid).ppid(pid - 1).comm("d").build()));
        }
        assertThat(cache.observe(Events.exec(ProcessContext.builder().pid(500).ppid(199).comm("e").build()))
                .ancestry()).hasSize(ProcessAncestryCache.MAX_DEPTH);
    }

    @Test
    void pipeline_fillsAncestorFields_forRules() {
        String rules = """
                - rule: Shell under nginx
                  desc: a shell whose grandparent is nginx
                  condition: evt.type = execve and proc.name = curl and proc.aname[2] = nginx and proc.apid[3] = 10
                  output: curl under nginx (%proc.aname[2])
                  priority: WARNING
                """;
        RuleSet set = RuleEngine.create().load(List.of(new RuleSource("r.yaml", rules)));
        List<dev.containersec.api.RuntimeEvent> events = List.of(Events.exec(proc(10, 1, "shim", "systemd")),
                Events.exec(proc(20, 10, "nginx", "shim")), Events.exec(proc(30, 20, "sh", "nginx")),
                Events.exec(proc(40, 30, "curl", "sh")));
        List<dev.containersec.api.Alert> alerts = new java.util.ArrayList<>();
        EventPipeline.builder(EventPipelineFixtures.streamOf(events), set).onAlert(alerts::add).build()
                .run(java.time.Duration.ofSeconds(10));
        assertThat(alerts).extracting(dev.containersec.api.Alert::output).singleElement().asString()
                .endsWith("curl under nginx (nginx)");
        List<dev.containersec.api.Alert> without = new java.util.ArrayList<>();
        EventPipeline.builder(EventPipelineFixtures.streamOf(events), set).withoutAncestryCache()
                .onAlert(without::add).build().run(java.time.Duration.ofSeconds(10));
        assertThat(without).as("the source alone gives only the parent").isEmpty();
    }
}
