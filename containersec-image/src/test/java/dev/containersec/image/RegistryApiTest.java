package dev.containersec.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.Digest;
import dev.containersec.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public registry types resist misuse: secrets stay hidden, bytes are copied, bad settings fail at once. */
class RegistryApiTest {
    @TempDir
    Path dir;

    @Test
    void credentials_toString_neverShowsTheSecret() {
        RegistryCredentials c = RegistryCredentials.basic("ci", "hunter2-very-secret");
        assertThat(c.toString()).contains("ci").doesNotContain("hunter2");
        assertThat(RegistryCredentials.identityToken("tok-abc").toString()).doesNotContain("tok-abc");
        assertThat(c.revealSecret()).isEqualTo("hunter2-very-secret");
    }

    @Test
    void credentials_emptyOrColonInUser_areRejected() {
        assertThatThrownBy(() -> RegistryCredentials.basic("a:b", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistryCredentials.basic("a", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistryCredentials.identityToken("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialSources_firstOfAsksInOrder() {
        RegistryCredentials a = RegistryCredentials.basic("a", "1");
        RegistryCredentials b = RegistryCredentials.basic("b", "2");
        RegistryCredentialSource s = RegistryCredentialSource.firstOf(RegistryCredentialSource.anonymous(),
                RegistryCredentialSource.of(Map.of("x.io", a)), RegistryCredentialSource.of(Map.of("x.io", b, "y.io", b)));
        assertThat(s.credentials("x.io")).containsSame(a);
        assertThat(s.credentials("y.io")).containsSame(b);
        assertThat(s.credentials("z.io")).isEmpty();
    }

    @Test
    void manifest_copiesBytesInAndOut_andChecksTheDigest() {
        byte[] bytes = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        RegistryManifest m = RegistryManifest.of("application/vnd.oci.image.manifest.v1+json", bytes);
        bytes[0] = 'X';
        assertThat(m.bytes()[0]).isEqualTo((byte) '{');
        m.bytes()[1] = 'Y';
        assertThat(m.bytes()[1]).isEqualTo((byte) '"');
        assertThat(m.digest()).isEqualTo(Digest.sha256("{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> new RegistryManifest(m.digest(), m.mediaType(), "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(m.toString()).contains("19 bytes");
    }

    @Test
    void builder_insecureHostMustBeAHost_andCaFileMustHoldCertificates() throws Exception {
        assertThatThrownBy(() -> RegistryClient.builder().allowInsecureRegistry("http://x.io"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://x.io");
        RegistryClient.builder().allowInsecureRegistry("localhost:5000").allowInsecureRegistry("[::1]:5000");
        Path notPem = dir.resolve("ca.pem");
        Files.writeString(notPem, "not a certificate");
        assertThatThrownBy(() -> RegistryClient.builder().addCaCertificates(notPem)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> RegistryClient.builder().maxRetries(11)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registryLocation_withoutAHostPath_isInvalidInput() {
        assertThatThrownBy(() -> ImageReader.builder().registryClient(RegistryClient.builder()
                .credentials(RegistryCredentialSource.anonymous()).build()).build().open("registry:UPPER/Case"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a registry image name");
    }
}
