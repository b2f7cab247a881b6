package dev.containersec.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.cli.Cli;
import dev.containersec.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry options: malformed values are usage errors, unreadable CA files bad input. */
class RegistryOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void insecureRegistryThatIsAUrl_isAUsageError() {
        Cli.Result r = Cli.run("--allow-insecure-registry", "http://x.io", "image", "ls", "registry:x.io/app:1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("http://x.io");
    }

    @Test
    void registryCaThatIsNoCertificate_isBadInput() throws Exception {
        Path ca = tmp.resolve("ca.pem");
        Files.writeString(ca, "nope");
        Cli.Result r = Cli.run("image", "ls", "--registry-ca", ca.toString(), "registry:x.io/app:1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("ca.pem");
    }

    @Test
    void registryImageSyntaxThatIsNoReference_isBadInputNamingIt() {
        Cli.Result r = Cli.run("--no-registry-cache", "image", "inspect", "registry:Not/A/Valid/NAME");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("not a registry image name");
    }
}
