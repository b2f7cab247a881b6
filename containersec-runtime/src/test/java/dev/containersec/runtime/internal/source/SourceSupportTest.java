package dev.containersec.runtime.internal.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.ProcessContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SourceSupportTest {

    @Test
    void boundedLineReader_skipsOverlongLinesWhole_andCountsThem() throws Exception {
        String input = "short\n" + "x".repeat(100) + "\nnext\nlast-without-newline";
        BoundedLineReader r = new BoundedLineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), 30);
        assertThat(r.readLine()).isEqualTo("short");
        assertThat(r.readLine()).isEqualTo("next");
        assertThat(r.readLine()).isEqualTo("last-without-newline");
        assertThat(r.readLine()).isNull();
        assertThat(r.oversizedLines()).isEqualTo(1);
    }

    @Test
    void containerIds_areFoundInTheUsualCgroupLayouts() {
        String id = "4f0e5a1b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789ab";
        assertThat(ContainerIds.parse("0::/system.slice/docker-" + id + ".scope\n").containerId())
                .isEqualTo("4f0e5a1b2c3d");
        assertThat(ContainerIds.parse("0::/kubepods.slice/kubepods-pod1.slice/cri-containerd-" + id + ".scope\n")
                .containerId()).isEqualTo("4f0e5a1b2c3d");
        ContainerIds.Info v1 = ContainerIds.parse("4:memory:/docker/" + id + "\n2:cpu,cpuacct:/docker/" + id + "\n0::/\n");
        assertThat(v1.containerId()).isEqualTo("4f0e5a1b2c3d");
        assertThat(v1.cgroup()).isEqualTo("/docker/" + id);
        assertThat(ContainerIds.parse("0::/user.slice/session-1.scope\n").containerId()).isEqualTo(ProcessContext.HOST);
        // 32 hex digits are not a container id
        assertThat(ContainerIds.parse("4:memory:/process_api/99a0e5e01601ee1e9e4c4dc38d1ca4e2\n0::/\n").containerId())
                .isEqualTo(ProcessContext.HOST);
    }
}
