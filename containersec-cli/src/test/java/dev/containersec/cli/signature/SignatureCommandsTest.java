package dev.containersec.cli.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.cli.Cli;
import dev.containersec.cli.ExitCode;
import dev.containersec.signature.Keys;
import dev.containersec.signature.SignatureAlgorithm;
import dev.containersec.signature.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureCommandsTest {
    private static final Path HELLO = Path.of("src/test/resources/signature/hello");

    @TempDir
    Path tmp;

    private Path image;
    private Path privateKey;
    private Path publicKey;
    private Path otherPublicKey;

    @BeforeEach
    void setUp() throws IOException {
        image = tmp.resolve("hello");
        try (Stream<Path> files = Files.walk(HELLO)) {
            for (Path p : files.toList()) {
                Path target = image.resolve(HELLO.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        SigningKey key = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
        privateKey = Files.writeString(tmp.resolve("cosign.key"), key.exportPkcs8Pem());
        publicKey = Files.writeString(tmp.resolve("cosign.pub"), key.verificationKey().toPem());
        otherPublicKey = Files.writeString(tmp.resolve("other.pub"),
                Keys.generate(SignatureAlgorithm.ED25519).verificationKey().toPem());
    }

    @Test
    void verify_unsignedImage_exitsOne() {
        Cli.Result r = Cli.run("verify", "oci:" + image, "--key", publicKey.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(r.out()).contains("signed: no").contains("no signatures stored");
    }

    @Test
    void signThenVerify_exitsZero_andJsonHasTheFactsShape() throws IOException {
        Cli.Result signed = Cli.run("sign", "oci:" + image + ":1.0", "--key", privateKey.toString(), "--reference", "example/hello");
        assertThat(signed.exitCode()).as(signed.toString()).isZero();
        assertThat(signed.out()).startsWith("signed sha256:").contains(".sig");

        Cli.Result table = Cli.run("verify", "oci:" + image, "--key", otherPublicKey.toString(), "--key", publicKey.toString());
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).contains("signed: yes").contains("VERIFIED signature").contains("example/hello");

        Cli.Result json = Cli.run("verify", "oci:" + image + ":1.0", "--key", publicKey.toString(), "--format", "json");
        assertThat(json.exitCode()).isZero();
        JsonNode facts = new ObjectMapper().readTree(json.out());
        assertThat(facts.get("signed").asBoolean()).isTrue();
        assertThat(facts.get("digest").asText()).startsWith("sha256:");
        assertThat(facts.get("signatures").get(0).get("verified").asBoolean()).isTrue();
        assertThat(facts.get("signatures").get(0).get("algorithm").asText()).isEqualTo("ecdsa-p256-sha256");
        assertThat(facts.get("attestations").isArray()).isTrue();
    }

    @Test
    void afterSigning_otherCommandsStillOpenTheLayoutWithoutATag() throws IOException {
        Path predicate = Files.writeString(tmp.resolve("p.json"), "{\"a\":1}");
        Cli.Result signed = Cli.run("sign", "oci:" + image, "--key", privateKey.toString());
        Cli.Result attested = Cli.run("sign", "oci:" + image, "--key", privateKey.toString(), "--attest", predicate.toString(),
                "--predicate-type", "https://example.org/p");
        assertThat(signed.exitCode()).as(signed.toString()).isZero();
        assertThat(attested.exitCode()).as(attested.toString()).isZero();
        assertThat(Files.readString(image.resolve("index.json"))).contains(".sig").contains(".att");

        Cli.Result inspect = Cli.run("image", "inspect", "oci:" + image, "--format", "json");
        assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
        Cli.Result ls = Cli.run("image", "ls", "oci:" + image);
        assertThat(ls.exitCode()).as(ls.toString()).isZero();
    }

    @Test
    void verify_withOnlyAnotherKey_exitsOneAndSaysWhy() {
        Cli.run("sign", "oci:" + image, "--key", privateKey.toString());
        Cli.Result r = Cli.run("verify", "oci:" + image, "--key", otherPublicKey.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(r.out()).contains("REJECTED signature").contains("no given key verifies the signature");
    }

    @Test
    void attest_thenVerifyAttestations_listsThePredicateType() throws IOException {
        Path predicate = Files.writeString(tmp.resolve("sbom.json"), "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\"}");
        Cli.Result att = Cli.run("sign", "oci:" + image, "--key", privateKey.toString(), "--attest", predicate.toString(),
                "--predicate-type", "https://cyclonedx.org/bom");
        assertThat(att.exitCode()).as(att.toString()).isZero();
        assertThat(att.out()).startsWith("attested ").contains(".att");
        Cli.run("sign", "oci:" + image, "--key", privateKey.toString());
        Cli.Result r = Cli.run("verify", "oci:" + image, "--key", publicKey.toString(), "--attestations");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("VERIFIED attestation").contains("https://cyclonedx.org/bom");
    }

    @Test
    void sign_withACosignEncryptedKeyAndItsPasswordFile_verifies() throws IOException {
        SigningKey key = Keys.generate(SignatureAlgorithm.ED25519);
        Path encrypted = Files.writeString(tmp.resolve("enc.key"), Keys.exportCosignEncrypted(key, "s3cret".toCharArray()));
        Path pub = Files.writeString(tmp.resolve("enc.pub"), key.verificationKey().toPem());
        Path password = Files.writeString(tmp.resolve("pw.txt"), "s3cret\n");
        Cli.Result signed = Cli.run("sign", "oci:" + image, "--key", encrypted.toString(), "--password-file", password.toString());
        assertThat(signed.exitCode()).as(signed.toString()).isZero();
        assertThat(Cli.run("verify", "oci:" + image, "--key", pub.toString()).exitCode()).isZero();
        Path wrong = Files.writeString(tmp.resolve("wrong.txt"), "nope\n");
        Cli.Result bad = Cli.run("sign", "oci:" + image, "--key", encrypted.toString(), "--password-file", wrong.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("wrong password");
    }

    @Test
    void badKeyFile_isBadInput() throws IOException {
        Path garbage = Files.writeString(tmp.resolve("garbage.pem"), "not a key");
        Cli.Result r = Cli.run("verify", "oci:" + image, "--key", garbage.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("not PEM");
        Cli.Result s = Cli.run("sign", "oci:" + image, "--key", publicKey.toString());
        assertThat(s.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(s.err()).contains("public key");
    }

    @Test
    void missingKeyOption_isAUsageError_andAttestNeedsAPredicateType() throws IOException {
        assertThat(Cli.run("verify", "oci:" + image).exitCode()).isEqualTo(ExitCode.USAGE);
        Path predicate = Files.writeString(tmp.resolve("p.json"), "{}");
        assertThat(Cli.run("sign", "oci:" + image, "--key", privateKey.toString(), "--attest", predicate.toString())
                .exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void policyCheck_imageSignaturePack_passesSignedImage_failsUnsignedOrUntrusted() {
        Cli.Result unsigned = Cli.run("policy", "check", "oci:" + image, "--pack", "image-signature",
                "--signature-key", publicKey.toString(), "--format", "json");
        assertThat(unsigned.exitCode()).as(unsigned.toString()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(unsigned.out()).contains("image-signature-missing").contains("no signature was found");

        Cli.Result signed = Cli.run("sign", "oci:" + image, "--key", privateKey.toString());
        assertThat(signed.exitCode()).as(signed.toString()).isZero();

        Cli.Result trusted = Cli.run("policy", "check", "oci:" + image, "--pack", "image-signature",
                "--signature-key", publicKey.toString());
        assertThat(trusted.exitCode()).as(trusted.toString()).isZero();

        Cli.Result untrusted = Cli.run("policy", "check", "oci:" + image, "--signature-key", otherPublicKey.toString(),
                "--pack", "image-hardening", "--mode", "image-hardening=audit", "--format", "json");
        assertThat(untrusted.exitCode()).as(untrusted.toString()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(untrusted.out()).contains("image-signature-missing").contains("none verified");
    }

    @Test
    void policyCheck_signaturePolicy_seesTheVerifiedFacts() throws IOException {
        Cli.Result signed = Cli.run("sign", "oci:" + image, "--key", privateKey.toString(), "--reference", "example/hello");
        assertThat(signed.exitCode()).as(signed.toString()).isZero();
        Path policy = Files.writeString(tmp.resolve("signed-by-example.yaml"), """
                apiVersion: policy.containersec.dev/v1alpha1
                kind: SignaturePolicy
                metadata: {name: signed-for-example}
                spec:
                  validations:
                    - expression: "object.signatures.exists(s, s.verified && s.dockerReference == 'example/hello')"
                      message: "no verified signature for example/hello"
                """);
        Cli.Result ok = Cli.run("policy", "check", "oci:" + image, "--policy", policy.toString(),
                "--signature-key", publicKey.toString(), "--pack", "image-signature");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();

        Cli.Result noKeys = Cli.run("policy", "check", "oci:" + image, "--policy", policy.toString());
        assertThat(noKeys.exitCode()).as(noKeys.toString()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(noKeys.out()).contains("no verified signature for example/hello");
    }
}
