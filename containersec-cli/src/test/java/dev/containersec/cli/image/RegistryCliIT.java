package dev.containersec.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.cli.Cli;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.LoopbackRegistry;
import dev.containersec.cli.TestImages;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code registry:} images on the command line, against a real docker-registry on loopback. */
@Timeout(180)
class RegistryCliIT {
    @TempDir
    Path tmp;

    @Test
    void imageLs_registryImage_listsWhatTheLayoutHolds_onlyWithTheInsecureHostAllowed() throws Exception {
        TestImages.assumeTools();
        Path layout = TestImages.buildLayout(tmp.resolve("layout"));
        try (LoopbackRegistry registry = LoopbackRegistry.start(tmp)) {
            String host = registry.host();
            TestImages.run("skopeo", "--insecure-policy", "copy", "-q", "--dest-tls-verify=false",
                    "oci:" + layout + ":" + TestImages.TAG, "docker://" + host + "/cli/app:" + TestImages.TAG);
            Path cache = tmp.resolve("cache");

            Cli.Result local = Cli.run("image", "ls", "oci:" + layout + ":" + TestImages.TAG);
            Cli.Result remote = Cli.run("--allow-insecure-registry", host, "--registry-cache", cache.toString(),
                    "image", "ls", "registry:" + host + "/cli/app:" + TestImages.TAG);
            assertThat(remote.exitCode()).as(remote.toString()).isZero();
            assertThat(remote.out()).isEqualTo(local.out()).contains("/app/run.sh");
            assertThat(cache.resolve("sha256")).isDirectory();

            Cli.Result afterCommand = Cli.run("image", "ls", "--allow-insecure-registry", host, "--no-registry-cache",
                    "registry:" + host + "/cli/app:" + TestImages.TAG);
            assertThat(afterCommand.exitCode()).as(afterCommand.toString()).isZero();

            Cli.Result refused = Cli.run("--no-registry-cache", "image", "ls", "registry:" + host + "/cli/app:" + TestImages.TAG);
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(refused.err()).contains("TLS");
        }
    }
}
