package dev.containersec.examples;

import dev.containersec.api.InvalidInputException;
import dev.containersec.signature.ImageSigner;
import dev.containersec.signature.ImageVerifier;
import dev.containersec.signature.Keys;
import dev.containersec.signature.SignResult;
import dev.containersec.signature.SignatureAlgorithm;
import dev.containersec.signature.SigningKey;
import dev.containersec.signature.VerificationResult;

/**
 * Signs an OCI layout image with a fresh key the cosign way, then verifies it and prints the facts a
 * policy would read. The image directory is modified: a {@code sha256-<digest>.sig} entry is added.
 *
 * <pre>{@code
 * java --module-path ... -m dev.containersec.examples/dev.containersec.examples.SignAndVerify oci:/tmp/hello
 * }</pre>
 *
 * <p>Exit 0 when the signature verifies, 1 when it does not, 3 when the image cannot be read.
 */
public final class SignAndVerify {
    private SignAndVerify() {
    }

    /**
     * Runs the example.
     *
     * @param args the image location, {@code oci:DIR[:TAG]}
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: SignAndVerify oci:DIR[:TAG]");
            System.exit(2);
        }
        try {
            SigningKey key = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
            SignResult signed = ImageSigner.builder(key).dockerReference("example.org/hello").build().sign(args[0]);
            System.out.println("stored: " + signed.tag());
            VerificationResult result = ImageVerifier.builder().key(key.verificationKey()).build().verify(args[0]);
            System.out.println("facts: " + result.toFacts());
            System.out.println("module: " + (ImageVerifier.class.getModule().isNamed()
                    ? ImageVerifier.class.getModule().getName() : "unnamed"));
            System.out.println("bouncycastle module: " + ModuleLayer.boot().findModule("org.bouncycastle.provider").isPresent());
            System.exit(result.signed() ? 0 : 1);
        } catch (InvalidInputException e) {
            System.err.println("cannot verify: " + e.getMessage());
            System.exit(3);
        }
    }
}
