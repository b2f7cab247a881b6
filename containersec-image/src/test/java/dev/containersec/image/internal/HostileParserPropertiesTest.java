package dev.containersec.image.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containersec.api.Descriptor;
import dev.containersec.api.Digest;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.TestTar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * Generated hostile input for the parsers: only {@link InvalidInputException} (or its subclasses)
 * may escape, nothing loops, and path normalisation never yields a component that walks.
 */
class HostileParserPropertiesTest {
    private static final ScanLimits LIMITS = ScanLimits.builder().maxTarHeaderBytes(64 * 1024).build();

    // ---- (a) TarReader ---------------------------------------------------------------------------

    /** Reads every entry and its content; returns normally or throws InvalidInputException only. */
    private static void drain(byte[] data, boolean seekable) {
        TarReader tar = new TarReader(new ByteArrayInputStream(data), seekable, LIMITS, "generated");
        int guard = data.length / TestTar.BLOCK + 2;
        byte[] buf = new byte[4096];
        try {
            for (TarEntry e = tar.next(); e != null; e = tar.next()) {
                assertThat(--guard).as("entries cannot outnumber blocks").isGreaterThanOrEqualTo(0);
                assertThat(e.size()).isNotNegative();
                InputStream in = tar.content();
                long read = 0;
                try {
                    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                        read += n;
                        assertThat(read).isLessThanOrEqualTo(data.length);
                    }
                } catch (IOException truncated) {
                    assertThat(truncated).isInstanceOf(TarReader.ContentReadException.class);
                    return;
                }
            }
        } catch (InvalidInputException expected) {
            // the only failure allowed
        }
    }

    @Property(tries = 300)
    void tarReader_overArbitraryBytes_onlyReturnsEntriesOrThrowsInvalidInput(
            @ForAll @Size(max = 3000) byte[] bytes, @ForAll boolean seekable) {
        drain(bytes, seekable);
    }

    @Provide
    Arbitrary<byte[]> validArchives() {
        return Arbitraries.integers().between(0, 7).list().ofMaxSize(6).map(kinds -> TestTar.build(t -> {
            int i = 0;
            for (int k : kinds) {
                String name = "dir/entry" + i++;
                switch (k) {
                    case 0 -> t.file(name, "content " + name);
                    case 1 -> t.dir(name);
                    case 2 -> t.symlink(name, "../target");
                    case 3 -> t.hardlink(name, "dir/entry0");
                    case 4 -> t.file("long/" + "n".repeat(150) + i, "long name");
                    case 5 -> t.pax(Map.of("path", "pax/" + i, "size", "3")).entry(TestTar.Header.of("x", '0', 3))
                            .raw("abc".getBytes(StandardCharsets.US_ASCII)).pad(3);
                    case 6 -> t.entry(TestTar.Header.of(name, '0', 4).base256Size()).raw(new byte[4]).pad(4);
                    default -> t.file(name, new byte[700]);
                }
            }
            t.end();
        }));
    }

    @Property(tries = 400)
    void tarReader_overMutatedArchives_onlyReturnsEntriesOrThrowsInvalidInput(
            @ForAll("validArchives") byte[] archive, @ForAll @Size(min = 1, max = 6) List<@net.jqwik.api.constraints.IntRange(
                    min = 0, max = Integer.MAX_VALUE) Integer> positions, @ForAll byte value, @ForAll boolean fixChecksums,
            @ForAll boolean seekable) {
        byte[] data = archive.clone();
        for (int p : positions) {
            data[p % data.length] = (byte) (value + p);
        }
        if (fixChecksums) {
            // Let mutations of header fields get past the checksum, to reach the field parsers.
            for (int off = 0; off + TestTar.BLOCK <= data.length; off += TestTar.BLOCK) {
                if (data[off + 257] == 'u' && data[off + 258] == 's' && data[off + 259] == 't') {
                    byte[] h = java.util.Arrays.copyOfRange(data, off, off + TestTar.BLOCK);
                    TestTar.writeChecksum(h);
                    System.arraycopy(h, 0, data, off, TestTar.BLOCK);
                }
            }
        }
        drain(data, seekable);
        drain(java.util.Arrays.copyOf(data, data.length / 2), seekable);
    }

    // ---- (b) PathNames ---------------------------------------------------------------------------

    @Property(tries = 1000)
    void pathNames_components_neverWalk_andAreNullExactlyWhenThePathEscapes(
            @ForAll @StringLength(max = 24) @net.jqwik.api.constraints.CharRange(from = '.', to = '/') String dots,
            @ForAll("paths") String raw) {
        for (String path : List.of(dots, raw)) {
            List<String> comps = PathNames.components(path);
            Deque<String> reference = new ArrayDeque<>();
            boolean escapes = false;
            for (String c : path.split("/", -1)) {
                if (c.isEmpty() || c.equals(".")) {
                    continue;
                }
                if (c.equals("..")) {
                    if (reference.isEmpty()) {
                        escapes = true;
                        break;
                    }
                    reference.removeLast();
                } else {
                    reference.addLast(c);
                }
            }
            if (escapes) {
                assertThat(comps).as(path).isNull();
            } else {
                assertThat(comps).as(path).isNotNull().containsExactlyElementsOf(reference)
                        .doesNotContain("..", ".", "").allSatisfy(c -> assertThat(c).doesNotContain("/"));
                assertThat(PathNames.components(PathNames.absolute(comps))).isEqualTo(comps);
            }
        }
    }

    @Provide
    Arbitrary<String> paths() {
        return net.jqwik.api.Combinators.combine(Arbitraries.of("a", "b", ".", "..", "", "...", ".wh.a", "a..", "..a")
                .list().ofMaxSize(8), Arbitraries.of("", "/")).as((l, root) -> root + String.join("/", l));
    }

    // ---- (e) index, manifest and config documents ------------------------------------------------

    @Provide
    Arbitrary<JsonNode> jsonValues() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80).map(f::textNode),
                Arbitraries.of("sha256:" + "a".repeat(64), "sha256:../../etc", "linux", "amd64", "",
                        "application/vnd.oci.image.layer.v1.tar+gzip", "application/vnd.oci.image.config.v1+json",
                        "application/vnd.oci.image.manifest.v1+json", "2001-02-03T04:05:06Z", "x/y").map(f::textNode),
                Arbitraries.longs().map(f::numberNode),
                Arbitraries.doubles().map(f::numberNode),
                Arbitraries.just(f.numberNode(new BigInteger("123456789012345678901234567890"))),
                Arbitraries.of(true, false).map(f::booleanNode),
                Arbitraries.just(f.nullNode()));
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(3).map(l -> {
                    ArrayNode a = f.arrayNode();
                    l.forEach(a::add);
                    return (JsonNode) a;
                }),
                Arbitraries.maps(Arbitraries.of("os", "architecture", "digest", "size", "mediaType", "platform",
                        "annotations", "diff_ids", "Env", "Healthcheck", "Test", "Interval", "config", "x"), inner)
                        .ofMaxSize(4).map(m -> {
                            ObjectNode o = f.objectNode();
                            m.forEach(o::set);
                            return (JsonNode) o;
                        })), 0, 3);
    }

    private static final List<String> FIELDS = List.of("schemaVersion", "mediaType", "manifests", "config", "layers",
            "annotations", "rootfs", "history", "os", "architecture", "variant", "created");

    private static ObjectNode valid() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode desc = f.objectNode().put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("digest", Digest.sha256(new byte[0]).toString()).put("size", 0);
        ObjectNode doc = f.objectNode().put("schemaVersion", 2).put("mediaType", Descriptor.OCI_MANIFEST)
                .put("os", "linux").put("architecture", "amd64");
        doc.set("config", desc);
        ObjectNode layer = desc.deepCopy().put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip");
        doc.set("layers", f.arrayNode().add(layer));
        doc.set("manifests", f.arrayNode().add(desc.deepCopy().put("mediaType", Descriptor.OCI_MANIFEST)));
        ObjectNode rootfs = f.objectNode().put("type", "layers");
        rootfs.set("diff_ids", f.arrayNode().add(Digest.sha256(new byte[0]).toString()));
        doc.set("rootfs", rootfs);
        return doc;
    }

    @Property(tries = 300)
    void ociDocuments_withRandomValuesInFields_failOnlyWithInvalidInput(
            @ForAll @Size(max = 4) List<@net.jqwik.api.constraints.IntRange(min = 0, max = 11) Integer> fields,
            @ForAll @Size(min = 4, max = 4) List<@net.jqwik.api.From("jsonValues") JsonNode> values,
            @ForAll("jsonValues") JsonNode nested) {
        ObjectNode doc = valid();
        for (int i = 0; i < fields.size(); i++) {
            doc.set(FIELDS.get(fields.get(i)), values.get(i));
        }
        if (doc.get("config") instanceof ObjectNode config) {
            config.set("annotations", nested);
        }
        Descriptor from = Descriptor.of(Descriptor.OCI_MANIFEST, Digest.sha256(new byte[0]), 10);
        allowOnlyInvalidInput(() -> OciDocuments.indexManifests(doc, "index"));
        allowOnlyInvalidInput(() -> OciDocuments.manifest(doc, from, "manifest", ScanLimits.defaults()));
        allowOnlyInvalidInput(() -> OciDocuments.config(doc, "config"));
        allowOnlyInvalidInput(() -> OciDocuments.descriptor(nested, "descriptor"));
        byte[] text = doc.toString().getBytes(StandardCharsets.UTF_8);
        Json json = new Json(ScanLimits.defaults());
        allowOnlyInvalidInput(() -> json.parse(text, "doc"));
        allowOnlyInvalidInput(() -> json.parse(java.util.Arrays.copyOf(text, text.length / 2), "doc"));
    }

    @Property(tries = 300)
    void json_parseOverArbitraryText_failsOnlyWithInvalidInput(@ForAll @StringLength(max = 200) String text,
                                                               @ForAll @Size(max = 200) byte[] bytes) {
        Json json = new Json(ScanLimits.builder().maxJsonDepth(8).build());
        allowOnlyInvalidInput(() -> json.parse(text.getBytes(StandardCharsets.UTF_8), "doc"));
        allowOnlyInvalidInput(() -> json.parse(bytes, "doc"));
    }

    private static void allowOnlyInvalidInput(Runnable r) {
        try {
            r.run();
        } catch (InvalidInputException expected) {
            // typed: fine
        }
    }
}
