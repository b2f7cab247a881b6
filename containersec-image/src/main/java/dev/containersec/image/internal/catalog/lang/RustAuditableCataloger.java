package dev.containersec.image.internal.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.CatalogContext;
import dev.containersec.api.Cataloger;
import dev.containersec.api.FileEntry;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.ScanLimits;
import dev.containersec.api.SkippedEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Rust executables built with <a href="https://github.com/rust-secure-code/cargo-auditable">cargo-auditable</a>:
 * the {@code .dep-v0} linker section holds zlib-compressed JSON,
 * {@code {"packages":[{"name","version","source","kind","root"}]}}; each entry becomes
 * {@code pkg:cargo/name@version} with metadata {@code source} and {@code kind} ({@code runtime} unless
 * marked {@code build}) and {@code root=true} for the binary's own crate.
 *
 * <p>Reading: ELF files only (magic checked first). Section headers sit at the end of the file, after
 * the section they describe, so instead of reading backwards the stream is scanned once for a zlib
 * header whose first inflated bytes are {@code {"packages":}; only that stream is inflated, at most
 * {@link ScanLimits#maxDocumentBytes()}. Bytes read are bounded by the file's size; memory by a 256 KiB
 * window. Globs: the same binary directories as {@link GoBinaryCataloger}.
 */
public final class RustAuditableCataloger implements Cataloger {
    /** The cataloger id. */
    public static final String ID = "rust-cargo-auditable";
    private static final byte[] PREFIX = "{\"packages\":".getBytes(StandardCharsets.US_ASCII);
    private static final int WINDOW = 256 * 1024;
    private static final int OVERLAP = 512;

    /** Creates the cataloger. */
    public RustAuditableCataloger() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> globs() {
        return GoBinaryCataloger.BINARY_GLOBS;
    }

    @Override
    public Session newSession(ScanLimits limits) {
        Objects.requireNonNull(limits, "limits");
        LangSupport.BoundedJson json = new LangSupport.BoundedJson(limits);
        List<Package> packages = new ArrayList<>();
        return new Session() {
            @Override
            public void accept(FileEntry file, InputStream content) throws IOException {
                Optional<byte[]> doc = find(content, limits.maxDocumentBytes(), file.path());
                if (doc.isPresent()) {
                    json.read(new ByteArrayInputStream(doc.get()), file.path() + " (.dep-v0)")
                            .ifPresent(root -> packages.addAll(packages(root, LangSupport.location(file))));
                }
            }

            @Override
            public List<SkippedEntry> skipped() {
                return json.skipped();
            }

            @Override
            public List<Package> finish(CatalogContext context) {
                return List.copyOf(packages);
            }
        };
    }

    /** Finds and inflates the audit data of an ELF binary, or empty when there is none. */
    static Optional<byte[]> find(InputStream content, long maxBytes, String subject) throws IOException {
        Optional<ElfInput> opened = ElfInput.open(content);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        ElfInput elf = opened.get();
        byte[] buf = new byte[WINDOW + OVERLAP];
        byte[] probe = new byte[PREFIX.length];
        int kept = 0;
        Inflater inflater = new Inflater();
        try {
            while (true) {
                int n = elf.read(buf, kept, buf.length - kept);
                if (n <= 0) {
                    return Optional.empty();
                }
                int filled = kept + n;
                int limit = filled - 2;
                for (int i = 0; i < limit; i++) {
                    if (buf[i] != 0x78 || ((0x78 << 8) | (buf[i + 1] & 0xff)) % 31 != 0 || (buf[i + 1] & 0x20) != 0) {
                        continue;
                    }
                    if (i + OVERLAP > filled && filled == buf.length) {
                        break; // look again once the window has moved on
                    }
                    inflater.reset();
                    inflater.setInput(buf, i, filled - i);
                    int got;
                    try {
                        got = inflater.inflate(probe);
                    } catch (DataFormatException e) {
                        continue;
                    }
                    if (got == PREFIX.length && java.util.Arrays.equals(probe, PREFIX)) {
                        return Optional.of(inflateAll(elf, buf, i, filled, inflater, maxBytes, subject));
                    }
                }
                kept = Math.min(OVERLAP, filled);
                System.arraycopy(buf, filled - kept, buf, 0, kept);
            }
        } finally {
            inflater.end();
        }
    }

    private static byte[] inflateAll(ElfInput elf, byte[] buf, int start, int filled, Inflater inflater, long maxBytes,
                                     String subject) throws IOException {
        inflater.reset();
        inflater.setInput(buf, start, filled - start);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[16 * 1024];
        try {
            while (!inflater.finished()) {
                int got = inflater.inflate(chunk);
                out.write(chunk, 0, got);
                if (out.size() > maxBytes) {
                    throw new LimitExceededException(subject + " (.dep-v0)", ScanLimits.Limit.DOCUMENT_BYTES, maxBytes,
                            out.size());
                }
                if (got == 0 && inflater.needsInput()) {
                    int n = elf.read(buf, 0, WINDOW);
                    if (n <= 0) {
                        break;
                    }
                    inflater.setInput(buf, 0, n);
                } else if (got == 0 && inflater.needsDictionary()) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            // a damaged stream: keep what was inflated; the JSON parser then decides
        }
        return out.toByteArray();
    }

    static List<Package> packages(JsonNode root, PackageLocation location) {
        List<Package> out = new ArrayList<>();
        JsonNode list = root.get("packages");
        if (list == null || !list.isArray()) {
            return out;
        }
        for (JsonNode p : list) {
            Optional<String> name = LangSupport.text(p, "name");
            Optional<String> version = LangSupport.text(p, "version");
            if (name.isEmpty() || version.isEmpty()) {
                continue;
            }
            Map<String, String> md = new LinkedHashMap<>();
            md.put("evidence", "cargo-auditable");
            LangSupport.text(p, "source").ifPresent(s -> md.put("source", s));
            md.put("kind", LangSupport.text(p, "kind").orElse("runtime"));
            if (p.path("root").asBoolean(false)) {
                md.put("root", "true");
            }
            LangSupport.pkg(ID, "cargo", null, name.get(), version.get(), List.of(), location, md).ifPresent(out::add);
        }
        return out;
    }
}
