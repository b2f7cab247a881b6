package dev.containersec.cli.signature;

import dev.containersec.api.InvalidInputException;
import dev.containersec.cli.ExitCode;
import dev.containersec.cli.VersionProvider;
import dev.containersec.cli.image.RegistryOptions;
import dev.containersec.signature.ImageSigner;
import dev.containersec.signature.SignResult;
import dev.containersec.signature.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code containersec sign IMAGE --key KEY.pem [--password-file F] [--reference REF] [--attest PREDICATE.json --predicate-type URI]}:
 * signs an image (or attests a predicate about it) and stores the result beside it, as cosign does: in
 * the OCI layout, or as tags of the image's registry repository (through the shared {@link RegistryOptions}).
 */
@Command(
        name = "sign",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Sign an image the cosign way, storing the signature under sha256-<digest>.sig;",
            "with --attest, sign an in-toto attestation of PREDICATE.json stored under sha256-<digest>.att.",
            "Images: oci:DIR[:TAG|@DIGEST] (entries of index.json) or registry:HOST/REPO[:TAG|@DIGEST]",
            "(tags of the image's repository, pushed with the registry options: --allow-insecure-registry, --registry-ca)."})
public final class SignCommand implements Callable<Integer> {
    private static final long MAX_PREDICATE_BYTES = 16L << 20;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image, oci:DIR[:TAG|@DIGEST] or registry:HOST/REPO[:TAG|@DIGEST].")
    String image;

    @Option(names = "--key", required = true, paramLabel = "KEY.pem",
            description = "The private key: PEM 'PRIVATE KEY' (PKCS#8), 'EC PRIVATE KEY', 'RSA PRIVATE KEY', or a cosign key with --password-file.")
    Path key;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "The password of a cosign-encrypted key (ENCRYPTED SIGSTORE PRIVATE KEY), first line of FILE.")
    Path passwordFile;

    @Option(names = "--reference", paramLabel = "REF",
            description = "The docker-reference claim (default: the layout directory as given, or the registry repository HOST/REPO).")
    String reference;

    @Option(names = "--attest", paramLabel = "PREDICATE.json", description = "Attest this JSON predicate instead of signing.")
    Path predicate;

    @Option(names = "--predicate-type", paramLabel = "URI",
            description = "The predicate type, e.g. https://cyclonedx.org/bom (required with --attest).")
    String predicateType;

    @Override
    public Integer call() throws Exception {
        if ((predicate == null) != (predicateType == null)) {
            throw new ParameterException(spec.commandLine(), "--attest and --predicate-type go together");
        }
        SigningKey signingKey = KeyFiles.privateKey(key, passwordFile);
        ImageSigner.Builder builder = ImageSigner.builder(signingKey).registryClient(RegistryOptions.client(spec));
        if (reference != null) {
            builder.dockerReference(reference);
        }
        ImageSigner signer = builder.build();
        SignResult result = predicate == null ? signer.sign(image)
                : signer.attest(image, readPredicate(predicate), predicateType);
        PrintWriter out = spec.commandLine().getOut();
        out.println((predicate == null ? "signed " : "attested ") + result.imageDigest() + " as " + result.tag()
                + " with key " + result.keyId() + " (" + signingKey.algorithm().id() + ")");
        out.flush();
        return ExitCode.OK;
    }

    private static byte[] readPredicate(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] data = in.readNBytes((int) MAX_PREDICATE_BYTES + 1);
            if (data.length > MAX_PREDICATE_BYTES) {
                throw new InvalidInputException(file.toString(), "predicate is larger than " + MAX_PREDICATE_BYTES + " bytes");
            }
            return data;
        }
    }
}
