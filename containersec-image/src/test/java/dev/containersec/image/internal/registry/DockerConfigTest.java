package dev.containersec.image.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.InvalidInputException;
import dev.containersec.image.RegistryCredentials;
import dev.containersec.image.RegistryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Docker's config.json and credential helpers, run as real subprocesses (shell scripts). */
@Timeout(30)
class DockerConfigTest {
    @TempDir
    Path dir;

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void helper_answerWithUserAndSecret_isBasicCredentials_andGetsTheServerOnStdin() throws IOException {
        Path seen = dir.resolve("stdin");
        Path helper = script("docker-credential-ok", "[ \"$1\" = get ] || exit 9\ncat > " + seen
                + "\necho '{\"ServerURL\":\"ghcr.io\",\"Username\":\"ci\",\"Secret\":\"pat-123\"}'");
        Optional<RegistryCredentials> c = DockerConfig.runHelper(helper.toString(), "ghcr.io", Duration.ofSeconds(10));
        assertThat(c).get().satisfies(cred -> {
            assertThat(cred.username()).isEqualTo("ci");
            assertThat(cred.revealSecret()).isEqualTo("pat-123");
            assertThat(cred.toString()).doesNotContain("pat-123");
        });
        assertThat(Files.readString(seen)).isEqualTo("ghcr.io");
    }

    @Test
    void helper_tokenUser_isAnIdentityToken() throws IOException {
        Path helper = script("docker-credential-tok", "echo '{\"Username\":\"<token>\",\"Secret\":\"refresh\"}'");
        assertThat(DockerConfig.runHelper(helper.toString(), "x.io", Duration.ofSeconds(10)))
                .get().satisfies(c -> assertThat(c.isIdentityToken()).isTrue());
    }

    @Test
    void helper_credentialsNotFound_isAnonymous() throws IOException {
        Path helper = script("docker-credential-none", "echo 'credentials not found in native keychain'\nexit 1");
        assertThat(DockerConfig.runHelper(helper.toString(), "x.io", Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void helper_otherFailure_isARegistryErrorWithTheExitCode() throws IOException {
        Path helper = script("docker-credential-broken", "echo 'keychain locked'\nexit 3");
        assertThatThrownBy(() -> DockerConfig.runHelper(helper.toString(), "x.io", Duration.ofSeconds(10)))
                .isInstanceOf(RegistryException.class).hasMessageContaining("exit code 3").hasMessageContaining("keychain locked");
    }

    @Test
    void helper_thatHangs_isStoppedAtTheTimeout() throws IOException {
        Path helper = script("docker-credential-hang", "sleep 60");
        long start = System.nanoTime();
        assertThatThrownBy(() -> DockerConfig.runHelper(helper.toString(), "x.io", Duration.ofMillis(500)))
                .isInstanceOf(RegistryException.class).hasMessageContaining("did not finish");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void helper_endlessOutput_isBounded() throws IOException {
        Path helper = script("docker-credential-spew", "yes '{\"Secret\":\"x\"}'");
        long start = System.nanoTime();
        assertThatThrownBy(() -> DockerConfig.runHelper(helper.toString(), "x.io", Duration.ofSeconds(20)))
                .isInstanceOf(RegistryException.class).hasMessageContaining("wrote more than");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void missingProgram_isARegistryErrorNamingIt() {
        assertThatThrownBy(() -> DockerConfig.runHelper("docker-credential-absent-" + System.nanoTime(), "x.io", Duration.ofSeconds(5)))
                .isInstanceOf(RegistryException.class).hasMessageContaining("cannot run");
    }

    @Test
    void lookup_missingFile_isAnonymous_andMalformedFileIsInvalidInput() throws IOException {
        assertThat(DockerConfig.lookup(Optional.of(dir.resolve("absent.json")), "x.io", Duration.ofSeconds(1))).isEmpty();
        Path bad = dir.resolve("config.json");
        Files.writeString(bad, "{\"auths\":{\"x.io\":{\"auth\":\"%%%\"}}}");
        assertThatThrownBy(() -> DockerConfig.lookup(Optional.of(bad), "x.io", Duration.ofSeconds(1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("base64");
        Files.writeString(bad, "{\"auths\":{},\"auths\":{}}");
        assertThatThrownBy(() -> DockerConfig.lookup(Optional.of(bad), "x.io", Duration.ofSeconds(1)))
                .isInstanceOf(InvalidInputException.class);
    }
}
