package dev.containersec.cli.signature;

import dev.containersec.signature.Keys;
import dev.containersec.signature.SigningKey;
import dev.containersec.signature.VerificationKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads key files, at most 64 KiB + 1 bytes each (the key parser reports anything larger). */
final class KeyFiles {
    private static final int MAX = 64 * 1024 + 1;

    private KeyFiles() {
    }

    static VerificationKey publicKey(Path file) throws IOException {
        return Keys.parsePublicKey(read(file), file.toString());
    }

    static SigningKey privateKey(Path file) throws IOException {
        return Keys.parsePrivateKey(read(file), file.toString());
    }

    private static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MAX);
        }
    }
}
