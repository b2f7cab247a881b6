package dev.containersec.image.internal.catalog.lang;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.containersec.api.CatalogContext;
import dev.containersec.api.Cataloger;
import dev.containersec.api.FileEntry;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Purl;
import dev.containersec.api.ScanLimits;
import dev.containersec.api.SkipReason;
import dev.containersec.api.SkippedEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Helpers shared by the language catalogers: bounded reads of untrusted documents, bounded JSON
 * parsing (size and nesting from {@link ScanLimits}; duplicate keys rejected), and package creation.
 */
final class LangSupport {
    /** Longest name, version or licence string taken from a document; longer values are not identities. */
    static final int MAX_FIELD_CHARS = 1_024;

    private LangSupport() {
    }

    /** Turns one JSON document, read from a matched file, into packages. */
    @FunctionalInterface
    interface JsonPackages {
        /**
         * Adds the packages a document declares.
         *
         * @param doc the parsed document
         * @param file the file it came from
         * @param out where the packages go
         */
        void add(JsonNode doc, FileEntry file, List<Package> out);
    }

    /**
     * A session that reads each matched file as one bounded JSON document; files that are not JSON
     * are listed in {@code skipped()}.
     */
    static Cataloger.Session jsonSession(ScanLimits limits, JsonPackages parser) {
        Objects.requireNonNull(limits, "limits");
        BoundedJson json = new BoundedJson(limits);
        List<Package> packages = new ArrayList<>();
        return new Cataloger.Session() {
            @Override
            public void accept(FileEntry file, InputStream content) throws IOException {
                json.read(content, file.path()).ifPresent(doc -> parser.add(doc, file, packages));
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

    /** A JSON reader bounded by the given limits; cheap enough to create once per session. */
    static final class BoundedJson {
        private final ObjectMapper mapper;
        private final ScanLimits limits;

        private final List<SkippedEntry> skipped = new ArrayList<>();

        BoundedJson(ScanLimits limits) {
            this.limits = limits;
            this.mapper = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
            mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxJsonDepth())
                    .maxStringLength((int) Math.min(Integer.MAX_VALUE, limits.maxDocumentBytes()))
                    .maxNumberLength(100)
                    .build());
        }

        /** Returns the documents that were not JSON, for {@code Session.skipped()}. */
        List<SkippedEntry> skipped() {
            return List.copyOf(skipped);
        }

        private static String firstLine(String message) {
            String m = String.valueOf(message);
            int nl = m.indexOf('\n');
            m = nl < 0 ? m : m.substring(0, nl);
            return m.length() > 160 ? m.substring(0, 160) + "..." : m;
        }

        /**
         * Reads and parses one document.
         *
         * @return the document, or empty when it is not JSON (the file is then skipped and listed in
         *     {@link #skipped()}: one odd file must not end the catalog of a whole image)
         * @throws LimitExceededException if it is larger or deeper than the limits allow
         */
        Optional<JsonNode> read(InputStream in, String subject) throws IOException {
            byte[] data = readBounded(in, limits.maxDocumentBytes(), subject);
            try {
                JsonNode node = mapper.readTree(data);
                return node == null || !(node.isObject() || node.isArray()) ? Optional.empty() : Optional.of(node);
            } catch (StreamConstraintsException e) {
                if (String.valueOf(e.getMessage()).contains("nesting depth")) {
                    throw new LimitExceededException(subject, ScanLimits.Limit.JSON_DEPTH, limits.maxJsonDepth(),
                            limits.maxJsonDepth() + 1L);
                }
                throw new InvalidInputException(subject, "JSON exceeds parser limits", e);
            } catch (JsonProcessingException e) {
                skipped.add(new SkippedEntry("cataloger", subject, SkipReason.MALFORMED_PACKAGE_FILE,
                        "not JSON: " + firstLine(e.getOriginalMessage())));
                return Optional.empty();
            }
        }
    }

    /**
     * Reads a whole small document, failing with {@link LimitExceededException} beyond {@code max} bytes.
     */
    static byte[] readBounded(InputStream in, long max, String subject) throws IOException {
        byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (data.length > max) {
            throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, max, data.length);
        }
        return data;
    }

    /** Returns a textual field, trimmed, when present, non-empty and of sane length. */
    static Optional<String> text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            return Optional.empty();
        }
        return clean(v.asText());
    }

    /** Trims a value; empty, over-long or control-character-bearing values are dropped. */
    static Optional<String> clean(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String t = s.strip();
        if (t.isEmpty() || t.length() > MAX_FIELD_CHARS) {
            return Optional.empty();
        }
        for (int i = 0; i < t.length(); i++) {
            if (Character.isISOControl(t.charAt(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(t);
    }

    /**
     * Builds a package, or empty when the purl cannot be formed from the (untrusted) parts.
     */
    static Optional<Package> pkg(String foundBy, String type, String namespace, String name, String version,
                                 List<String> licenses, PackageLocation location, Map<String, String> metadata) {
        Purl purl;
        try {
            purl = Purl.of(type, namespace, name, version.isEmpty() ? null : version);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String display = namespace == null || type.equals("maven") ? name : namespace + "/" + name;
        if (type.equals("npm") && namespace != null) {
            display = namespace + "/" + name;
        }
        return Optional.of(new Package(display, version, type, purl, licenses, List.of(location), foundBy,
                new TreeMap<>(metadata), List.of()));
    }

    static PackageLocation location(FileEntry entry) {
        return PackageLocation.of(entry);
    }

    static PackageLocation location(FileEntry entry, String path) {
        return new PackageLocation(path, entry.layerIndex(), Optional.of(entry.layerDigest()));
    }
}
