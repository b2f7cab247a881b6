package dev.containersec.cli.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.api.Digest;
import dev.containersec.cli.Cli;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.LoopbackRegistry;
import dev.containersec.signature.Keys;
import dev.containersec.signature.SignatureAlgorithm;
import dev.containersec.signature.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code containersec sign} and {@code verify} on {@code registry:} images, against a real docker-registry
 * on loopback (plain HTTP, so only with {@code --allow-insecure-registry}), with their exit codes.
 */
@Timeout(240)
class SignatureRegistryCliIT {

    @TempDir
    Path tmp;

    @Test
    void signAndVerify_registryImage_exitCodes_andSkopeoSeesTheSignature() throws Exception {
        for (String tool : List.of("/usr/bin/skopeo")) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed (CI installs it, see .ci/run)");
        }
        Path layout = LoopbackRegistry.copyHello(tmp.resolve("hello"));
        SigningKey key = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
        Path privateKey = Files.writeString(tmp.resolve("k.pem"), key.exportPkcs8Pem());
        Path publicKey = Files.writeString(tmp.resolve("k.pub"), key.verificationKey().toPem());
        Path otherKey = Files.writeString(tmp.resolve("other.pub"),
                Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256).verificationKey().toPem());
        Path predicate = Files.writeString(tmp.resolve("sbom.json"), "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\"}");
        try (LoopbackRegistry registry = LoopbackRegistry.start(tmp)) {
            String host = registry.host();
            LoopbackRegistry.skopeo("copy", "-q", "--dest-tls-verify=false", "oci:" + layout + ":1.0", "docker://" + host + "/cli/signed:1.0");
            LoopbackRegistry.skopeo("copy", "-q", "--dest-tls-verify=false", "oci:" + layout + ":1.0", "docker://" + host + "/cli/unsigned:1.0");
            String image = "registry:" + host + "/cli/signed:1.0";
            String cache = tmp.resolve("cache").toString();

            Cli.Result signed = Cli.run("sign", image, "--key", privateKey.toString(), "--allow-insecure-registry", host,
                    "--registry-cache", cache);
            assertThat(signed.exitCode()).as(signed.toString()).isZero();
            assertThat(signed.out()).startsWith("signed sha256:").contains(".sig");
            String digest = signed.out().substring("signed ".length(), signed.out().indexOf(' ', "signed ".length()));

            Cli.Result verified = Cli.run("verify", image, "--key", publicKey.toString(), "--allow-insecure-registry", host,
                    "--registry-cache", cache);
            assertThat(verified.exitCode()).as(verified.toString()).isEqualTo(ExitCode.OK);
            assertThat(verified.out()).contains("signed: yes").contains("VERIFIED signature").contains("reference " + host + "/cli/signed");

            Cli.Result json = Cli.run("--allow-insecure-registry", host, "--no-registry-cache", "verify",
                    "registry:" + host + "/cli/signed@" + digest, "--key", publicKey.toString(), "--format", "json");
            assertThat(json.exitCode()).as(json.toString()).isZero();
            JsonNode facts = new ObjectMapper().readTree(json.out());
            assertThat(facts.get("digest").asText()).isEqualTo(digest);
            assertThat(facts.get("signed").asBoolean()).isTrue();

            Cli.Result wrongKey = Cli.run("verify", image, "--key", otherKey.toString(), "--allow-insecure-registry", host,
                    "--no-registry-cache");
            assertThat(wrongKey.exitCode()).as(wrongKey.toString()).isEqualTo(ExitCode.GATE_FAILED);
            assertThat(wrongKey.out()).contains("signed: no").contains("REJECTED signature").contains("no given key verifies");

            Cli.Result unsigned = Cli.run("verify", "registry:" + host + "/cli/unsigned:1.0", "--key", publicKey.toString(),
                    "--allow-insecure-registry", host, "--no-registry-cache");
            assertThat(unsigned.exitCode()).as(unsigned.toString()).isEqualTo(ExitCode.GATE_FAILED);
            assertThat(unsigned.out()).contains("no signatures stored");

            Cli.Result notAllowed = Cli.run("verify", image, "--key", publicKey.toString(), "--no-registry-cache");
            assertThat(notAllowed.exitCode()).as(notAllowed.toString()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(notAllowed.err()).contains("TLS");

            Cli.Result badHost = Cli.run("sign", image, "--key", privateKey.toString(), "--allow-insecure-registry", "not a host/");
            assertThat(badHost.exitCode()).as(badHost.toString()).isEqualTo(ExitCode.USAGE);

            Cli.Result attested = Cli.run("sign", image, "--key", privateKey.toString(), "--attest", predicate.toString(),
                    "--predicate-type", "https://cyclonedx.org/bom", "--allow-insecure-registry", host, "--no-registry-cache");
            assertThat(attested.exitCode()).as(attested.toString()).isZero();
            assertThat(attested.out()).startsWith("attested " + digest).contains(".att");
            Cli.Result withAttestations = Cli.run("verify", image, "--key", publicKey.toString(), "--attestations",
                    "--allow-insecure-registry", host, "--no-registry-cache");
            assertThat(withAttestations.exitCode()).as(withAttestations.toString()).isZero();
            assertThat(withAttestations.out()).contains("VERIFIED attestation").contains("https://cyclonedx.org/bom");

            String sigTag = "sha256-" + Digest.parse(digest).hex() + ".sig";
            String raw = LoopbackRegistry.skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + host + "/cli/signed:" + sigTag);
            assertThat(raw).contains("application/vnd.dev.cosign.simplesigning.v1+json").contains("dev.cosignproject.cosign/signature");
        }
    }
}
