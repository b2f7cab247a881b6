package dev.containersec.image.catalog.lang;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/** Builds archive layouts (Spring Boot, WAR, EAR) around real jars, the way their tools lay them out. */
final class Jars {
    private Jars() {
    }

    static byte[] real(String fileName) {
        try {
            return Files.readAllBytes(LangTests.TEST_JARS.resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, byte[]> entries(Object... nameThenBytes) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            m.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
        }
        return m;
    }

    /**
     * Writes an archive. Nested archives are STORED with sizes and CRC in the local header, as Spring
     * Boot's repackager writes BOOT-INF/lib; everything else is DEFLATED.
     */
    static byte[] archive(Map<String, String> manifest, Map<String, byte[]> entries) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Manifest mf = new Manifest();
            mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
            try (JarOutputStream out = manifest.isEmpty() ? new JarOutputStream(bytes) : new JarOutputStream(bytes, mf)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    ZipEntry z = new ZipEntry(e.getKey());
                    if (e.getKey().endsWith(".jar") || e.getKey().endsWith(".war")) {
                        CRC32 crc = new CRC32();
                        crc.update(e.getValue());
                        z.setMethod(ZipEntry.STORED);
                        z.setSize(e.getValue().length);
                        z.setCompressedSize(e.getValue().length);
                        z.setCrc(crc.getValue());
                    }
                    out.putNextEntry(z);
                    out.write(e.getValue());
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha1(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-1 Maven Central publishes beside the jar, when the local repository holds it. */
    static String centralSha1(String groupPath, String artifact, String version, byte[] fallback) throws IOException {
        Path p = Path.of(System.getProperty("user.home"), ".m2/repository", groupPath, artifact, version,
                artifact + "-" + version + ".jar.sha1");
        if (Files.isRegularFile(p)) {
            return Files.readString(p).strip().split("\\s+")[0];
        }
        return sha1(fallback);
    }
}
