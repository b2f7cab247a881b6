package dev.containersec.sbom.internal.db;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Hands out the OSV documents held by a path: a {@code .json} file, a {@code .zip} archive (OSV's
 * per-ecosystem {@code all.zip}), or a directory of either (walked without following symbolic links).
 *
 * <p>Archives are read as a stream, one entry at a time, nothing extracted: an entry's name is only a
 * label, never a path to write to. Entries whose names are absolute, contain {@code ..}, backslashes or
 * control characters, or do not end in {@code .json}, are ignored and reported. Each document is read into
 * memory up to {@link ScanLimits#maxDocumentBytes()}, the number of entries is bounded by
 * {@link ScanLimits#maxEntriesPerLayer()} and the bytes decompressed from one archive by
 * {@link ScanLimits#maxNestedBytes()}, so a zip bomb ends in a {@link LimitExceededException}.
 */
public final class AdvisorySources {

    /** Receives documents and ignored entries. */
    public interface Sink {
        /**
         * One document.
         *
         * @param where file or {@code archive!entry}
         * @param json its text
         */
        void document(String where, String json);

        /**
         * An entry that was not read.
         *
         * @param where file or {@code archive!entry}
         * @param why the reason
         */
        void ignored(String where, String why);
    }

    private final ScanLimits limits;

    /**
     * Creates a reader.
     *
     * @param limits the bounds
     */
    public AdvisorySources(ScanLimits limits) {
        this.limits = limits;
    }

    /**
     * Reads every document under a path.
     *
     * @param path a file or directory
     * @param sink the receiver
     * @throws InvalidInputException when the path is neither a JSON file, a zip nor a directory, or a zip is corrupt
     * @throws UncheckedIOException when reading fails
     */
    public void read(Path path, Sink sink) {
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                List<Path> files = new ArrayList<>();
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                            .filter(p -> isJson(p) || isZip(p))
                            .sorted()
                            .forEach(files::add);
                }
                for (Path f : files) {
                    readFile(f, sink);
                }
            } else if (Files.isRegularFile(path)) {
                if (!isJson(path) && !isZip(path)) {
                    throw new InvalidInputException(path.toString(),
                            "not an OSV source: expected a .json file, a .zip archive or a directory");
                }
                readFile(path, sink);
            } else if (!Files.exists(path)) {
                throw new java.nio.file.NoSuchFileException(path.toString());
            } else {
                throw new InvalidInputException(path.toString(), "not a regular file or directory");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads every document of one zip archive, naming them {@code label!entry} instead of by the file's path
     * (a downloaded archive lives in a temporary file whose name means nothing).
     *
     * @param zip the archive
     * @param label what to call it in the documents' {@code where}
     * @param sink the receiver
     * @throws InvalidInputException when the archive is corrupt
     * @throws LimitExceededException when it exceeds the entry or byte bounds
     * @throws UncheckedIOException when reading fails
     */
    public void readZip(Path zip, String label, Sink sink) {
        try {
            zipEntries(zip, label, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readFile(Path file, Sink sink) throws IOException {
        if (isZip(file)) {
            readZip(file, sink);
            return;
        }
        long size = Files.size(file);
        if (size > limits.maxDocumentBytes()) {
            throw new LimitExceededException(file.toString(), ScanLimits.Limit.DOCUMENT_BYTES,
                    limits.maxDocumentBytes(), size);
        }
        try (InputStream in = Files.newInputStream(file)) {
            deliver(file.toString(), bounded(in, file.toString()), sink);
        }
    }

    private void readZip(Path zip, Sink sink) throws IOException {
        zipEntries(zip, zip.toString(), sink);
    }

    private void zipEntries(Path zip, String label, Sink sink) throws IOException {
        long entries = 0;
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (++entries > limits.maxEntriesPerLayer()) {
                    throw new LimitExceededException(label, ScanLimits.Limit.ENTRIES_PER_LAYER,
                            limits.maxEntriesPerLayer(), entries);
                }
                String name = entry.getName();
                String where = label + "!" + printable(name);
                if (entry.isDirectory()) {
                    continue;
                }
                String unsafe = unsafeName(name);
                if (unsafe != null) {
                    sink.ignored(where, unsafe);
                    continue;
                }
                byte[] bytes = bounded(in, where);
                total += bytes.length;
                if (total > limits.maxNestedBytes()) {
                    throw new LimitExceededException(label, ScanLimits.Limit.NESTED_BYTES,
                            limits.maxNestedBytes(), total);
                }
                deliver(where, bytes, sink);
            }
            if (entries == 0) {
                throw new InvalidInputException(label, "not a zip archive, or one without entries");
            }
        } catch (java.io.EOFException e) {
            throw new InvalidInputException(label, "truncated zip archive", e);
        } catch (ZipException e) {
            throw new InvalidInputException(label, "not a valid zip archive: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // ZipInputStream's way of reporting an entry name that is not valid UTF-8.
            throw new InvalidInputException(label, "zip entry name is not valid UTF-8", e);
        }
    }

    /** Returns why an entry name is refused, or null when it is a plain relative name of a JSON document. */
    static String unsafeName(String name) {
        if (name.isEmpty() || name.length() > 1024) {
            return "entry name empty or too long";
        }
        if (name.startsWith("/") || name.contains("\\") || (name.length() > 1 && name.charAt(1) == ':'
                && Character.isLetter(name.charAt(0)))) {
            return "absolute entry name";
        }
        for (String part : name.split("/", -1)) {
            if (part.equals("..")) {
                return "entry name with '..'";
            }
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return "control character in entry name";
            }
        }
        if (!name.toLowerCase(Locale.ROOT).endsWith(".json")) {
            return "not a .json entry";
        }
        return null;
    }

    private byte[] bounded(InputStream in, String where) throws IOException {
        long max = limits.maxDocumentBytes();
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, max + 1));
        if (bytes.length > max) {
            throw new LimitExceededException(where, ScanLimits.Limit.DOCUMENT_BYTES, max, bytes.length);
        }
        return bytes;
    }

    private static void deliver(String where, byte[] bytes, Sink sink) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            sink.ignored(where, "not UTF-8");
            return;
        }
        sink.document(where, text);
    }

    private static boolean isJson(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    private static boolean isZip(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }
}
