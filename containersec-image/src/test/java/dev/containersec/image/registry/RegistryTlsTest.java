package dev.containersec.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.image.FileWalk;
import dev.containersec.image.Image;
import dev.containersec.image.ImageReader;
import dev.containersec.image.RegistryClient;
import dev.containersec.image.RegistryCredentialSource;
import dev.containersec.image.RegistryCredentials;
import dev.containersec.image.RegistryException;
import dev.containersec.image.TestImages;
import dev.containersec.image.TestTar;
import dev.containersec.image.Tools;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS registry (JDK HttpsServer, certificate made by {@code keytool} for IP 127.0.0.1): trusted
 * through an extra CA file, and kept from downgrading: no redirect to plain HTTP, no credentials to a
 * plain-HTTP token realm.
 */
@Timeout(60)
class RegistryTlsTest {
    @TempDir
    static Path dir;
    static SSLContext serverTls;
    static Path caPem;
    static TestImages.Layout layout;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Tools.assumeTools("keytool");
        Path ks = dir.resolve("server.p12");
        run("keytool", "-genkeypair", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1");
        caPem = dir.resolve("server.pem");
        run("keytool", "-exportcert", "-rfc", "-keystore", ks.toString(), "-storepass", "changeit", "-alias", "server",
                "-file", caPem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        layout = TestImages.oci().layer(TestTar.build(t -> t.file("etc/os-release", "ID=tls\n").end())).write(dir.resolve("layout"));
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static List<String> listing(RegistryClient c, String location) {
        List<String> out = new ArrayList<>();
        try (Image image = ImageReader.builder().registryClient(c).build().open(location)) {
            image.walk(FileWalk.builder().listing(e -> out.add(e.path())).build());
        }
        return out;
    }

    private static RegistryClient.Builder trusting() {
        return RegistryClient.builder().credentials(RegistryCredentialSource.anonymous()).addCaCertificates(caPem)
                .readTimeout(Duration.ofSeconds(5)).maxRetries(0);
    }

    @Test
    void extraCa_makesTheRegistryTrusted_withoutItTlsFails() {
        try (FakeRegistry registry = new FakeRegistry(serverTls).serveLayout(layout.dir(), layout.manifest(), "v1", TestImages.OCI_MANIFEST)) {
            String location = "registry:" + registry.host() + "/app:v1";
            assertThat(listing(trusting().build(), location)).contains("/etc/os-release");
            RegistryClient systemOnly = RegistryClient.builder().credentials(RegistryCredentialSource.anonymous()).maxRetries(0).build();
            assertThatThrownBy(() -> listing(systemOnly, location)).isInstanceOf(RegistryException.class).hasMessageContaining("TLS");
        }
    }

    @Test
    void insecureHost_acceptsTheUntrustedCertificate_withoutFallingBackToHttp() {
        try (FakeRegistry registry = new FakeRegistry(serverTls).serveLayout(layout.dir(), layout.manifest(), "v1", TestImages.OCI_MANIFEST)) {
            RegistryClient insecure = RegistryClient.builder().credentials(RegistryCredentialSource.anonymous())
                    .allowInsecureRegistry(registry.host()).build();
            assertThat(listing(insecure, "registry:" + registry.host() + "/app:v1")).contains("/etc/os-release");
        }
    }

    @Test
    void redirectFromHttpsToPlainHttp_isRefused() {
        try (FakeRegistry registry = new FakeRegistry(serverTls).serveLayout(layout.dir(), layout.manifest(), "v1", TestImages.OCI_MANIFEST);
             FakeRegistry plain = new FakeRegistry().serveLayout(layout.dir(), layout.manifest(), "v1", TestImages.OCI_MANIFEST)) {
            registry.intercept = ex -> {
                if (ex.getRequestURI().getPath().contains("/blobs/")) {
                    ex.getResponseHeaders().add("Location", "http://" + plain.host() + ex.getRequestURI().getPath());
                    ex.sendResponseHeaders(302, -1);
                    return true;
                }
                return false;
            };
            assertThatThrownBy(() -> listing(trusting().build(), "registry:" + registry.host() + "/app:v1"))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("plain HTTP");
            assertThat(plain.seen).isEmpty();
        }
    }

    @Test
    void plainHttpTokenRealm_getsNoCredentials() {
        try (FakeRegistry registry = new FakeRegistry(serverTls).serveLayout(layout.dir(), layout.manifest(), "v1", TestImages.OCI_MANIFEST);
             FakeRegistry realm = new FakeRegistry()) {
            registry.intercept = ex -> {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + realm.host() + "/token\",service=\"x\"");
                FakeRegistry.send(ex, 401, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                return true;
            };
            RegistryClient c = trusting().credentials(RegistryCredentialSource.of(Map.of(registry.host(),
                    RegistryCredentials.basic("ci", "s3cret")))).build();
            assertThatThrownBy(() -> listing(c, "registry:" + registry.host() + "/app:v1"))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("plain HTTP");
            assertThat(realm.seen).isEmpty();
        }
    }
}
