package dev.containersec.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.signature.internal.OciLayoutStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed layout stays a valid OCI layout for another implementation: skopeo (containers/image) reads
 * the image and the signature manifest by tag, byte for byte. Skipped where skopeo is not installed
 * (CI installs it, see .ci/run).
 */
class SkopeoInteropTest {

    @TempDir
    Path tmp;

    @Test
    void skopeoReadsTheImageAndTheSignatureManifestOfASignedLayout() throws Exception {
        Assumptions.assumeTrue(run("skopeo", "--version").exit == 0, "skopeo is needed");
        Path dir = TestImages.copyHello(tmp.resolve("img"));
        SigningKey key = Keys.generate(SignatureAlgorithm.ED25519);
        SignResult signed = ImageSigner.builder(key).build().sign("oci:" + dir + ":1.0");
        ImageSigner.builder(key).build().attest("oci:" + dir + ":1.0", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "https://example.org/p");

        Run image = run("skopeo", "inspect", "--raw", "oci:" + dir + ":1.0");
        assertThat(image.exit).as(image.out).isZero();
        assertThat(image.out).contains("\"layers\"");

        Run sig = run("skopeo", "inspect", "--raw", "oci:" + dir + ":" + signed.tag());
        assertThat(sig.exit).as(sig.out).isZero();
        byte[] stored = new OciLayoutStore(dir).manifest(signed.tag(), 1 << 20).orElseThrow().bytes();
        assertThat(sig.out.strip()).isEqualTo(new String(stored, StandardCharsets.UTF_8));

        Run copy = run("skopeo", "copy", "oci:" + dir + ":" + signed.tag(), "oci:" + tmp.resolve("copy") + ":" + signed.tag());
        assertThat(copy.exit).as(copy.out).isZero();
    }

    private record Run(int exit, String out) {
    }

    private static Run run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Run(-1, e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, "timed out");
        }
        return new Run(p.exitValue(), out);
    }
}
