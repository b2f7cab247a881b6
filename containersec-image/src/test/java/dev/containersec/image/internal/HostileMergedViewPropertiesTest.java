package dev.containersec.image.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.Descriptor;
import dev.containersec.api.Digest;
import dev.containersec.api.FileEntry;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.FileWalk;
import dev.containersec.image.TestImages;
import dev.containersec.image.TestTar;
import dev.containersec.image.WalkResult;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Model check of the merged view: random small layer stacks (files, directories, symlinks, whiteouts
 * and opaque markers over a three-letter alphabet) are merged by containersec and by an obviously
 * correct reference that applies the layers bottom-up to a sorted map as the OCI layer specification
 * describes; the listings (path, type, providing layer) must be equal.
 */
class HostileMergedViewPropertiesTest {

    enum Kind { FILE, DIR, SYMLINK, WHITEOUT, OPAQUE }

    record Op(String path, Kind kind) {
    }

    record Layer(List<Op> ops, boolean whiteoutsLast) {
    }

    // ---- generators ----------------------------------------------------------------------------

    @Provide
    Arbitrary<List<Layer>> stacks() {
        Arbitrary<String> path = Arbitraries.of("a", "b", "c").list().ofMinSize(1).ofMaxSize(3)
                .map(parts -> "/" + String.join("/", parts));
        Arbitrary<Kind> kind = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.FILE)), net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.DIR)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.SYMLINK)), net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.WHITEOUT)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.OPAQUE)));
        Arbitrary<Op> op = Combinators.combine(Arbitraries.oneOf(path, path, path, Arbitraries.just("")), kind)
                .as(Op::new).filter(o -> !o.path().isEmpty() || o.kind() == Kind.OPAQUE);
        Arbitrary<Layer> layer = Combinators.combine(op.list().ofMaxSize(7), Arbitraries.of(true, false)).as(Layer::new);
        return layer.list().ofMinSize(1).ofMaxSize(4);
    }

    // ---- the property --------------------------------------------------------------------------

    @Property(tries = 400)
    void listing_equalsTheReferenceMerge(@ForAll("stacks") List<Layer> stack) {
        List<Map<String, Kind>> entries = new ArrayList<>();
        List<List<String>> whiteouts = new ArrayList<>();
        List<List<String>> opaques = new ArrayList<>();
        Map<String, byte[]> blobs = new HashMap<>();
        List<LayerBlob> layers = new ArrayList<>();
        for (int i = 0; i < stack.size(); i++) {
            Map<String, Kind> e = new TreeMap<>();
            List<String> wh = new ArrayList<>();
            List<String> opq = new ArrayList<>();
            normalise(stack.get(i), e, wh, opq);
            entries.add(e);
            whiteouts.add(wh);
            opaques.add(opq);
            byte[] tar = tar(e, wh, opq, stack.get(i).whiteoutsLast());
            Digest d = Digest.sha256(tar);
            blobs.put("blobs/sha256/" + d.hex(), tar);
            layers.add(new LayerBlob(i, Descriptor.of(TestImages.TAR_LAYER, d, tar.length), "blobs/sha256/" + d.hex(), false));
        }

        List<String> actual = new ArrayList<>();
        WalkResult r = new MergedWalk(layers, new MemoryTree(blobs), ScanLimits.defaults(),
                FileWalk.builder().listing(f -> actual.add(describe(f))).build()).run();

        List<String> expected = reference(entries, whiteouts, opaques);
        assertThat(actual).as("listing of %s", stack).containsExactlyElementsOf(expected);
        assertThat(r.visibleEntries()).isEqualTo(expected.size());
        assertThat(r.skipped()).isEmpty();
    }

    private static String describe(FileEntry f) {
        return f.path() + " " + f.type() + " " + f.layerIndex();
    }

    /** Turns random ops into a well-formed layer: unique paths, every ancestor an explicit directory. */
    private static void normalise(Layer layer, Map<String, Kind> entries, List<String> wh, List<String> opq) {
        for (Op op : layer.ops()) {
            String p = op.path();
            switch (op.kind()) {
                case WHITEOUT:
                    if (ensureDirs(entries, parent(p)) && !wh.contains(p)) {
                        wh.add(p);
                    }
                    break;
                case OPAQUE:
                    if (ensureDirs(entries, p) && !opq.contains(p)) {
                        if (!p.isEmpty()) {
                            entries.put(p, Kind.DIR);
                        }
                        opq.add(p);
                    }
                    break;
                default:
                    if (entries.containsKey(p) || !ensureDirs(entries, parent(p))) {
                        break;
                    }
                    boolean hasChildren = entries.keySet().stream().anyMatch(k -> k.startsWith(p + "/"));
                    if (op.kind() != Kind.DIR && hasChildren) {
                        break;
                    }
                    entries.put(p, op.kind());
            }
        }
    }

    /** Makes {@code dir} and its ancestors directories of the layer, unless one is already a non-directory. */
    private static boolean ensureDirs(Map<String, Kind> entries, String dir) {
        List<String> chain = new ArrayList<>();
        for (String d = dir; !d.isEmpty(); d = parent(d)) {
            Kind k = entries.get(d);
            if (k != null && k != Kind.DIR) {
                return false;
            }
            chain.add(d);
        }
        chain.forEach(d -> entries.put(d, Kind.DIR));
        return true;
    }

    private static String parent(String p) {
        return p.substring(0, p.lastIndexOf('/'));
    }

    private static String name(String p) {
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static byte[] tar(Map<String, Kind> entries, List<String> wh, List<String> opq, boolean whiteoutsLast) {
        TreeMap<String, Kind> regular = new TreeMap<>();
        TreeMap<String, Kind> markers = new TreeMap<>();
        entries.forEach((p, k) -> regular.put(p.substring(1), k));
        wh.forEach(p -> (whiteoutsLast ? markers : regular).put((parent(p) + "/.wh." + name(p)).substring(1), Kind.WHITEOUT));
        opq.forEach(p -> (whiteoutsLast ? markers : regular).put((p + "/.wh..wh..opq").substring(1), Kind.OPAQUE));
        return TestTar.build(t -> {
            Map<String, Kind> all = new java.util.LinkedHashMap<>(regular);
            all.putAll(markers);
            all.forEach((p, k) -> {
                switch (k) {
                    case DIR:
                        t.dir(p + "/");
                        break;
                    case SYMLINK:
                        t.symlink(p, "target-of-" + name(p));
                        break;
                    default:
                        t.file(p, k == Kind.FILE ? "content of " + p : "");
                }
            });
            t.end();
        });
    }

    /** The reference: layers bottom-up onto a sorted map, exactly as the OCI layer specification words it. */
    private static List<String> reference(List<Map<String, Kind>> entries, List<List<String>> whiteouts,
                                          List<List<String>> opaques) {
        record E(Kind kind, int layer) {
        }
        TreeMap<String, E> state = new TreeMap<>();
        for (int layer = 0; layer < entries.size(); layer++) {
            // Whiteouts and opaque markers apply to the lower layers only, so they go first.
            for (String p : whiteouts.get(layer)) {
                state.keySet().removeIf(k -> k.equals(p) || k.startsWith(p + "/"));
            }
            for (String d : opaques.get(layer)) {
                state.keySet().removeIf(k -> k.startsWith(d + "/"));
            }
            for (Map.Entry<String, Kind> e : entries.get(layer).entrySet()) {
                String p = e.getKey();
                E existing = state.get(p);
                if (!(e.getValue() == Kind.DIR && existing != null && existing.kind() == Kind.DIR)) {
                    // A non-directory (or a directory over a non-directory) replaces the lower path and its subtree.
                    state.keySet().removeIf(k -> k.equals(p) || k.startsWith(p + "/"));
                }
                state.put(p, new E(e.getValue(), layer));
            }
        }
        return state.entrySet().stream()
                .map(e -> e.getKey() + " " + typeName(e.getValue().kind()) + " " + e.getValue().layer())
                .collect(Collectors.toList());
    }

    private static String typeName(Kind k) {
        switch (k) {
            case DIR:
                return "DIRECTORY";
            case SYMLINK:
                return "SYMLINK";
            default:
                return "REGULAR";
        }
    }

    /** Blobs held in memory. */
    static final class MemoryTree implements FileTree {
        private final Map<String, byte[]> files;

        MemoryTree(Map<String, byte[]> files) {
            this.files = files;
        }

        @Override
        public OptionalLong size(String path) {
            byte[] b = files.get(path);
            return b == null ? OptionalLong.empty() : OptionalLong.of(b.length);
        }

        @Override
        public InputStream open(String path) {
            return new ByteArrayInputStream(files.get(path));
        }

        @Override
        public String description() {
            return "memory";
        }

        @Override
        public void close() {
        }
    }
}
