package dev.containersec.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.Alert;
import dev.containersec.api.Priority;
import dev.containersec.api.ProcessContext;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {
    private final DriftDetector drift = DriftDetector.of("oci:/images/app:1.0", Optional.of("docker.io/library/nginx"),
            List.of("/usr/bin/bash", "/usr/sbin/nginx", "/bin/../usr/bin/env"), List.of("/opt/allowed"), "node-1");

    private static ProcessContext execOf(String exe) {
        return Events.containerShell().exe(exe).build();
    }

    @Test
    void check_execOfImageFile_noAlert() {
        assertThat(drift.check(Events.exec(execOf("/usr/bin/bash")))).isEmpty();
        assertThat(drift.check(Events.exec(execOf("/usr/bin/./env")))).isEmpty();
        assertThat(drift.imageFileCount()).isEqualTo(3);
    }

    @Test
    void check_execOfDroppedFile_oneAlertWithPathAndImage() {
        Optional<Alert> alert = drift.check(Events.exec(execOf("/tmp/xmrig")));
        assertThat(alert).isPresent();
        assertThat(alert.get().rule()).isEqualTo("Drift: executable not in image");
        assertThat(alert.get().priority()).isEqualTo(Priority.CRITICAL);
        assertThat(alert.get().outputFields()).containsEntry("drift.path", Optional.of("/tmp/xmrig"))
                .containsEntry("drift.image", Optional.of("oci:/images/app:1.0"));
        assertThat(drift.check(Events.exec(execOf("/tmp/xmrig")))).isEmpty();
    }

    @Test
    void check_allowlistedHostOtherImageAndNonExec_ignored() {
        assertThat(drift.check(Events.exec(execOf("/opt/allowed/tool")))).isEmpty();
        assertThat(drift.check(Events.exec(execOf("/opt/allowedx/tool")))).isPresent();
        assertThat(drift.check(Events.exec(Events.hostProcess("sshd")))).isEmpty();
        assertThat(drift.check(Events.exec(Events.containerShell().exe("/tmp/x")
                .containerImageRepository("docker.io/library/redis").build()))).isEmpty();
        assertThat(drift.check(Events.open(execOf("/tmp/y"), "/tmp/y", 1))).isEmpty();
    }

    @Test
    void of_relativePath_rejected() {
        assertThatThrownBy(() -> DriftDetector.of("i", Optional.empty(), List.of("bin/sh"), List.of(), "h"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bin/sh");
    }
}
