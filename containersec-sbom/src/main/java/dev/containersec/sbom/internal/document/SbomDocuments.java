package dev.containersec.sbom.internal.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.containersec.api.Digest;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Purl;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** What the CycloneDX and SPDX readers and writers share: ordering, ids, property names, output. */
public final class SbomDocuments {

    /** The namespace of every property or annotation key containersec writes. */
    public static final String NS = "containersec:";
    /** Image manifest digest. */
    public static final String IMAGE_MANIFEST_DIGEST = NS + "image:manifestDigest";
    /** Image configuration digest. */
    public static final String IMAGE_CONFIG_DIGEST = NS + "image:configDigest";
    /** Image platform, {@code os/arch[/variant]}. */
    public static final String IMAGE_PLATFORM = NS + "image:platform";
    /** Prefix of the layer digests, followed by the layer index. */
    public static final String IMAGE_LAYER = NS + "image:layer:";
    /** Prefix of the os-release facts, followed by the field name. */
    public static final String OS = NS + "os:";
    /** The cataloger that found a package. */
    public static final String FOUND_BY = NS + "package:foundBy";
    /** The package type, written only when it differs from the purl type. */
    public static final String PACKAGE_TYPE = NS + "package:type";
    /** Prefix of package metadata entries, followed by the key. */
    public static final String METADATA = NS + "metadata:";
    /** Prefix of package locations: {@code containersec:location:N:path|layerIndex|layerDigest}. */
    public static final String LOCATION = NS + "location:";

    /** Stable package order: type, name, version, purl, locations, foundBy. */
    public static final Comparator<Package> PACKAGE_ORDER = Comparator.comparing(Package::type)
            .thenComparing(Package::name)
            .thenComparing(Package::version)
            .thenComparing(p -> p.purl().toString())
            .thenComparing(p -> p.locations().isEmpty() ? "" : p.locations().get(0).path())
            .thenComparing(Package::foundBy)
            .thenComparing(p -> String.join("\u0000", p.licenses()));

    private static final UUID NAMESPACE = UUID.fromString("6f2c9f4e-3a51-4d8e-9b7a-c0ffee5b0b01");
    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private SbomDocuments() {
    }

    /**
     * Sorts packages into the stable order.
     *
     * @param packages the packages
     * @return a sorted copy
     */
    public static List<Package> sorted(List<Package> packages) {
        List<Package> out = new ArrayList<>(packages);
        out.sort(PACKAGE_ORDER);
        return out;
    }

    /**
     * Returns the shared Jackson mapper (thread-safe once configured).
     *
     * @return the mapper
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Serialises a document the same way on every platform: two-space indent, {@code \n} line ends,
     * UTF-8, a final newline.
     *
     * @param document the tree
     * @return the bytes
     */
    public static byte[] toBytes(JsonNode document) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        ObjectWriter writer = MAPPER.writer(printer);
        try {
            return (writer.writeValueAsString(document) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an SBOM tree", e);
        }
    }

    /**
     * Derives a name-based (version 5, RFC 9562) UUID from content, so that equal content gets equal ids.
     *
     * @param content the content
     * @return the UUID
     */
    public static UUID nameUuid(byte[] content) {
        MessageDigest sha1 = messageDigest("SHA-1");
        ByteBuffer ns = ByteBuffer.allocate(16);
        ns.putLong(NAMESPACE.getMostSignificantBits()).putLong(NAMESPACE.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] h = sha1.digest(content);
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }

    /**
     * Returns the first hex characters of the SHA-256 of a string.
     *
     * @param s the string
     * @param hexChars how many hex characters
     * @return the prefix
     */
    public static String shortHash(String s, int hexChars) {
        return HexFormat.of().formatHex(messageDigest("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                .substring(0, hexChars);
    }

    private static MessageDigest messageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every JRE", e);
        }
    }

    /**
     * The key/value facts containersec records for one package, in a fixed order: type (when it differs
     * from the purl's), foundBy, metadata, then locations.
     *
     * @param p the package
     * @return the entries
     */
    public static List<String[]> packageProperties(Package p) {
        List<String[]> out = new ArrayList<>();
        if (!p.type().equals(p.purl().type())) {
            out.add(new String[] {PACKAGE_TYPE, p.type()});
        }
        out.add(new String[] {FOUND_BY, p.foundBy()});
        p.metadata().forEach((k, v) -> out.add(new String[] {METADATA + k, v}));
        int i = 0;
        for (PackageLocation l : p.locations()) {
            out.add(new String[] {LOCATION + i + ":path", l.path()});
            out.add(new String[] {LOCATION + i + ":layerIndex", Integer.toString(l.layerIndex())});
            int index = i;
            l.layerDigest().ifPresent(d -> out.add(new String[] {LOCATION + index + ":layerDigest", d.toString()}));
            i++;
        }
        return out;
    }

    /** The facts read back from containersec's own properties or annotations. */
    public static final class OwnFacts {
        /** The package type, when recorded. */
        public Optional<String> type = Optional.empty();
        /** The cataloger, when recorded. */
        public Optional<String> foundBy = Optional.empty();
        /** The metadata entries. */
        public final TreeMap<String, String> metadata = new TreeMap<>();
        private final TreeMap<Integer, String[]> locations = new TreeMap<>();
        /** Whether any containersec fact was seen. */
        public boolean any;

        /**
         * Takes one key/value pair if it is one of containersec's.
         *
         * @param key the key
         * @param value the value
         * @param where the path of the pair, for errors
         * @param fields the error factory
         * @return true when the key was containersec's
         */
        public boolean accept(String key, String value, String where, Fields fields) {
            if (!key.startsWith(NS)) {
                return false;
            }
            any = true;
            if (key.equals(PACKAGE_TYPE)) {
                type = Optional.of(value);
            } else if (key.equals(FOUND_BY)) {
                foundBy = Optional.of(value);
            } else if (key.startsWith(METADATA)) {
                metadata.put(key.substring(METADATA.length()), value);
            } else if (key.startsWith(LOCATION)) {
                String rest = key.substring(LOCATION.length());
                int colon = rest.indexOf(':');
                int index;
                try {
                    index = colon <= 0 ? -1 : Integer.parseInt(rest.substring(0, colon));
                } catch (NumberFormatException e) {
                    index = -1;
                }
                if (index < 0 || index > 1_000_000) {
                    throw fields.error(where, "malformed location key '" + key + "'");
                }
                String[] l = locations.computeIfAbsent(index, k -> new String[3]);
                switch (rest.substring(colon + 1)) {
                    case "path": l[0] = value; break;
                    case "layerIndex": l[1] = value; break;
                    case "layerDigest": l[2] = value; break;
                    default: throw fields.error(where, "unknown location key '" + key + "'");
                }
            }
            return true;
        }

        /**
         * Returns the recorded locations, in index order.
         *
         * @param where the path of the properties, for errors
         * @param fields the error factory
         * @return the locations
         */
        public List<PackageLocation> locations(String where, Fields fields) {
            List<PackageLocation> out = new ArrayList<>();
            for (var e : locations.entrySet()) {
                String[] l = e.getValue();
                String at = where + " (" + LOCATION + e.getKey() + ")";
                if (l[0] == null) {
                    throw fields.error(at, "location without a path");
                }
                int layerIndex;
                try {
                    layerIndex = l[1] == null ? -1 : Integer.parseInt(l[1]);
                    Optional<Digest> digest = l[2] == null ? Optional.empty() : Optional.of(Digest.parse(l[2]));
                    out.add(new PackageLocation(l[0], layerIndex, digest));
                } catch (IllegalArgumentException e2) {
                    throw fields.error(at, "invalid location: " + e2.getMessage(), e2);
                }
            }
            return out;
        }
    }

    /**
     * Parses a purl from a document.
     *
     * @param text the purl
     * @param where its path
     * @param fields the error factory
     * @return the purl
     */
    public static Purl purl(String text, String where, Fields fields) {
        try {
            return Purl.parse(text);
        } catch (IllegalArgumentException e) {
            throw fields.error(where, "invalid purl: " + e.getMessage(), e);
        }
    }

    /**
     * Makes a purl for a package that a document names without one: {@code pkg:generic/NAME@VERSION}.
     *
     * @param name the name
     * @param version the version, possibly empty
     * @param where its path
     * @param fields the error factory
     * @return the purl
     */
    public static Purl genericPurl(String name, String version, String where, Fields fields) {
        if (name.isEmpty()) {
            throw fields.error(where, "a package without a purl needs a non-empty name");
        }
        return Purl.of("generic", null, name, version.isEmpty() ? null : version);
    }

    /**
     * Finds the index of a layer digest among an image's layers.
     *
     * @param layers the layers, bottom first
     * @param digest the digest
     * @return the index, or -1
     */
    public static int layerIndex(List<Digest> layers, Optional<Digest> digest) {
        return digest.map(layers::indexOf).orElse(-1);
    }

    /**
     * Parses a digest leniently (for other tools' documents).
     *
     * @param text the text
     * @return the digest, or empty when it is not one
     */
    public static Optional<Digest> lenientDigest(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        int at = t.lastIndexOf('@');
        if (at >= 0) {
            t = t.substring(at + 1);
        }
        try {
            return Optional.of(Digest.parse(t));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
