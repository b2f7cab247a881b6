package dev.containersec.cli.signature;

import dev.containersec.signature.Keys;
import dev.containersec.signature.SigningKey;
import dev.containersec.signature.VerificationKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads key files, at most 64 KiB + 1 bytes each (the key parser reports anything larger). */
public final class KeyFiles {
    private static final int MAX = 64 * 1024 + 1;

    private KeyFiles() {
    }

    /**
     * Reads a PEM public key file.
     *
     * @param file the file
     * @return the key
     * @throws IOException if the file cannot be read
     */
    public static VerificationKey publicKey(Path file) throws IOException {
        return Keys.parsePublicKey(read(file), file.toString());
    }

    static SigningKey privateKey(Path file, Path passwordFile) throws IOException {
        if (passwordFile == null) {
            return Keys.parsePrivateKey(read(file), file.toString());
        }
        byte[] raw = read(passwordFile);
        int end = raw.length;
        if (end > 0 && raw[end - 1] == '\n') {
            end--;
            if (end > 0 && raw[end - 1] == '\r') {
                end--;
            }
        }
        java.nio.CharBuffer chars = java.nio.charset.StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(raw, 0, end));
        char[] password = new char[chars.remaining()];
        chars.get(password);
        java.util.Arrays.fill(raw, (byte) 0);
        try {
            return Keys.parsePrivateKey(read(file), password, file.toString());
        } finally {
            java.util.Arrays.fill(password, '\0');
            if (chars.hasArray()) {
                java.util.Arrays.fill(chars.array(), '\0');
            }
        }
    }

    private static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MAX);
        }
    }
}
