package dev.containersec.cli.signature;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.OutputFormat;
import dev.containersec.cli.Text;
import dev.containersec.cli.VersionProvider;
import dev.containersec.cli.image.RegistryOptions;
import dev.containersec.signature.AttestationCheck;
import dev.containersec.signature.ImageVerifier;
import dev.containersec.signature.SignatureCheck;
import dev.containersec.signature.VerificationResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code containersec verify IMAGE --key KEY.pem [--key ...] [--attestations] [--format table|json]}:
 * checks the cosign signatures stored beside an image (an OCI layout, or a registry reached through the
 * shared {@link RegistryOptions}). Exit 0 when at least one signature verifies
 * under a given key, 1 when none does, 3 on bad input (unreadable image or key).
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Verify an image's cosign signatures (sha256-<digest>.sig) against public keys,",
            "and with --attestations its in-toto attestations (sha256-<digest>.att).",
            "Exit 0 when a signature verifies under a given key, 1 when none does.",
            "Images: oci:DIR[:TAG|@DIGEST] or registry:HOST/REPO[:TAG|@DIGEST] (with the registry options:",
            "--allow-insecure-registry, --registry-ca, --registry-cache)."})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image, oci:DIR[:TAG|@DIGEST] or registry:HOST/REPO[:TAG|@DIGEST].")
    String image;

    @Option(names = "--key", required = true, paramLabel = "KEY.pem",
            description = "A trusted public key (PEM 'PUBLIC KEY': ECDSA P-256, Ed25519, RSA >= 2048). Repeatable.")
    List<Path> keys;

    @Option(names = "--attestations", description = "Also verify attestations and list them.")
    boolean attestations;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = OutputFormat.Converter.class,
            description = "Output format: table or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
        ImageVerifier.Builder builder = ImageVerifier.builder().attestations(attestations)
                .registryClient(RegistryOptions.client(spec));
        for (Path key : keys) {
            builder.key(KeyFiles.publicKey(key));
        }
        VerificationResult result = builder.build().verify(image);
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.JSON) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result.toFacts()));
        } else {
            table(result, out);
        }
        out.flush();
        return result.signed() ? ExitCode.OK : ExitCode.GATE_FAILED;
    }

    private void table(VerificationResult result, PrintWriter out) {
        out.println("image:  " + Text.printable(result.image()));
        out.println("digest: " + result.digest());
        out.println("signed: " + (result.signed() ? "yes" : "no"));
        if (result.signatures().isEmpty()) {
            out.println("no signatures stored for this image");
        }
        for (SignatureCheck s : result.signatures()) {
            out.println((s.verified() ? "VERIFIED " : "REJECTED ") + "signature " + s.layer().shortForm()
                    + s.keyId().map(k -> " key " + k.substring(0, 16)).orElse("")
                    + s.algorithm().map(a -> " (" + a.id() + ")").orElse("")
                    + s.dockerReference().map(r -> " reference " + Text.printable(r)).orElse("")
                    + (s.verified() ? "" : ": " + Text.printable(s.reason())));
        }
        if (attestations) {
            if (result.attestations().isEmpty()) {
                out.println("no attestations stored for this image");
            }
            for (AttestationCheck a : result.attestations()) {
                out.println((a.verified() ? "VERIFIED " : "REJECTED ") + "attestation " + a.layer().shortForm()
                        + " predicate " + (a.predicateType().isEmpty() ? "(none)" : Text.printable(a.predicateType()))
                        + a.keyId().map(k -> " key " + k.substring(0, 16)).orElse("")
                        + (a.verified() ? "" : ": " + Text.printable(a.reason())));
            }
        }
    }
}
