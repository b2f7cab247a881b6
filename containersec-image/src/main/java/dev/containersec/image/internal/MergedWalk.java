package dev.containersec.image.internal;

import dev.containersec.api.ContainerSecException;
import dev.containersec.api.FileEntry;
import dev.containersec.api.FileType;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import dev.containersec.api.SkipReason;
import dev.containersec.api.SkippedEntry;
import dev.containersec.image.FileContentHandler;
import dev.containersec.image.FileWalk;
import dev.containersec.image.WalkResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One walk over an image's layers: applies them top layer first into a {@link PathTrie}, hands
 * matching regular files to the content handler as they stream past, then resolves matches that are
 * links and reads just the layers holding their targets once more. Not thread-safe; one per walk.
 */
final class MergedWalk {
    private final List<LayerBlob> layers;
    private final FileTree files;
    private final ScanLimits limits;
    private final FileWalk walk;
    private final GlobSet globs;
    private final Optional<FileContentHandler> handler;
    private final PathTrie trie = new PathTrie();
    private final OsReleaseDetector os = new OsReleaseDetector();
    private final LayerInput.Budget budget;
    private final List<SkippedEntry> skipped = new ArrayList<>();
    private final Set<String> deliveredExact = new HashSet<>();
    private final List<int[]> linkMatches = new ArrayList<>();
    private long skippedNotListed;
    private long entries;
    private long delivered;

    MergedWalk(List<LayerBlob> layers, FileTree files, ScanLimits limits, FileWalk walk) {
        this.layers = layers;
        this.files = files;
        this.limits = limits;
        this.walk = walk;
        this.globs = new GlobSet(walk.globs());
        this.handler = walk.contentHandler();
        this.budget = new LayerInput.Budget(limits, walk.progress());
    }

    WalkResult run() {
        long start = System.nanoTime();
        if (layers.size() > Short.MAX_VALUE) {
            throw new LimitExceededException("image", ScanLimits.Limit.LAYERS, Short.MAX_VALUE, layers.size());
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            firstPass(layers.get(i));
        }
        if (handler.isPresent()) {
            secondPass(resolveLinks());
        }
        walk.listing().ifPresent(this::emitListing);
        WalkResult result = new WalkResult(os.detect(), layers.size(), entries, trie.visibleCount(),
                budget.compressedBytes, budget.imageBytes, delivered, skipped, skippedNotListed,
                Duration.ofNanos(System.nanoTime() - start));
        walk.completion().ifPresent(c -> c.accept(result));
        return result;
    }

    // ---- pass 1: every layer, top first ----------------------------------------------------------

    private void firstPass(LayerBlob layer) {
        String where = layer.describe();
        long layerEntries = 0;
        try (LayerInput in = LayerInput.open(files, layer, budget)) {
            try {
                TarReader tar = new TarReader(in.tar(), false, limits, where);
                for (TarEntry e = tar.next(); e != null; e = tar.next()) {
                    layerEntries++;
                    entries++;
                    if (layerEntries > limits.maxEntriesPerLayer()) {
                        throw new LimitExceededException(where, ScanLimits.Limit.ENTRIES_PER_LAYER,
                                limits.maxEntriesPerLayer(), layerEntries);
                    }
                    if (entries > limits.maxEntriesPerImage()) {
                        throw new LimitExceededException(where, ScanLimits.Limit.ENTRIES_PER_IMAGE,
                                limits.maxEntriesPerImage(), entries);
                    }
                    if ((entries & 4095) == 0) {
                        budget.checkTime(where);
                    }
                    apply(layer, e, tar);
                }
            } catch (InvalidInputException failure) {
                in.preferDigestMismatch(failure);
                throw failure;
            }
            in.verifyToEnd();
            budget.compressedBytes += layer.descriptor().size() > 0 ? layer.descriptor().size() : 0;
            budget.progress.progress(where, Math.max(0, layer.descriptor().size()), layer.descriptor().size());
        }
    }

    private void apply(LayerBlob layer, TarEntry e, TarReader tar) {
        List<String> comps = PathNames.components(e.name());
        if (comps == null) {
            skip(layer, e.name(), SkipReason.PATH_ESCAPES_ROOT, "'..' leaves the root");
            return;
        }
        if (comps.isEmpty()) {
            return;
        }
        if (comps.size() > limits.maxPathDepth() || e.name().length() > limits.maxPathBytes()
                || e.linkName().length() > limits.maxPathBytes()) {
            skip(layer, e.name(), SkipReason.PATH_TOO_LONG, "longer or deeper than ScanLimits allow");
            return;
        }
        String base = comps.get(comps.size() - 1);
        if (base.startsWith(".wh.")) {
            applyWhiteout(layer, e, comps, base);
            return;
        }
        FileType type = typeOf(e);
        if (type == null) {
            skip(layer, e.name(), SkipReason.UNSUPPORTED_ENTRY_TYPE,
                    e.sparse() ? "GNU sparse file" : "tar type '" + PathNames.printable(String.valueOf(e.typeFlag())) + "'");
            return;
        }
        String link = null;
        if (type == FileType.SYMLINK) {
            link = e.linkName();
        } else if (type == FileType.HARDLINK) {
            List<String> target = PathNames.components(e.linkName());
            if (target == null || target.isEmpty()) {
                skip(layer, e.name(), SkipReason.LINK_ESCAPES_ROOT, "hard link to '" + PathNames.printable(e.linkName()) + "'");
                return;
            }
            link = PathNames.absolute(target);
        }
        if (e.uid() > 0xFFFFFFFFL || e.gid() > 0xFFFFFFFFL) {
            throw new InvalidInputException(where(layer, e), "uid or gid beyond 32 bits");
        }
        PathTrie.Outcome outcome = trie.add(comps, layer.index(), type, e.mode(), e.uid(), e.gid(), e.size(), link);
        switch (outcome) {
            case HIDDEN:
                return;
            case CONFLICT:
                skip(layer, e.name(), SkipReason.DUPLICATE_ENTRY, "a directory of the same layer has this path; kept the directory");
                return;
            case PARENT_NOT_DIRECTORY:
                skip(layer, e.name(), SkipReason.PARENT_NOT_DIRECTORY, "an ancestor is not a directory in this layer");
                return;
            case DUPLICATE:
                skip(layer, e.name(), SkipReason.DUPLICATE_ENTRY, "the path repeats in this layer; the last occurrence wins");
                break;
            default:
                break;
        }
        String path = PathNames.absolute(comps);
        if (handler.isEmpty() && !OsReleaseDetector.wants(path)) {
            return;
        }
        if (type == FileType.REGULAR) {
            boolean user = handler.isPresent() && globs.matches(path);
            boolean release = OsReleaseDetector.wants(path);
            if (user || release) {
                deliverFirstPass(layer, path, e, tar, user, release);
            }
        } else if ((type == FileType.SYMLINK || type == FileType.HARDLINK) && handler.isPresent() && globs.matches(path)) {
            linkMatches.add(new int[] {trie.lastNode});
        }
    }

    private void applyWhiteout(LayerBlob layer, TarEntry e, List<String> comps, String base) {
        List<String> dir = comps.subList(0, comps.size() - 1);
        if (base.equals(".wh..wh..opq")) {
            trie.opaque(dir, layer.index());
            return;
        }
        if (base.startsWith(".wh..wh.")) {
            skip(layer, e.name(), SkipReason.AUFS_METADATA, "AUFS metadata is not part of the filesystem");
            return;
        }
        String target = base.substring(4);
        if (target.isEmpty() || target.equals(".") || target.equals("..")) {
            skip(layer, e.name(), SkipReason.INVALID_WHITEOUT, "whiteout names no file");
            return;
        }
        List<String> hidden = new ArrayList<>(dir);
        hidden.add(target);
        trie.whiteout(hidden, layer.index());
    }

    private static FileType typeOf(TarEntry e) {
        if (e.sparse()) {
            return null;
        }
        switch (e.typeFlag()) {
            case '0':
            case '\0':
            case '7':
                return FileType.REGULAR;
            case '1':
                return FileType.HARDLINK;
            case '2':
                return FileType.SYMLINK;
            case '3':
                return FileType.CHAR_DEVICE;
            case '4':
                return FileType.BLOCK_DEVICE;
            case '5':
                return FileType.DIRECTORY;
            case '6':
                return FileType.FIFO;
            default:
                return null;
        }
    }

    private void deliverFirstPass(LayerBlob layer, String path, TarEntry e, TarReader tar, boolean user, boolean release) {
        FileEntry entry = new FileEntry(path, FileType.REGULAR, e.mode(), e.uid(), e.gid(), e.size(), Optional.empty(),
                layer.index(), layer.descriptor().digest());
        InputStream content = tar.content();
        if (release) {
            byte[] head;
            try {
                head = content.readNBytes(OsReleaseDetector.MAX_BYTES);
            } catch (IOException ex) {
                throw new InvalidInputException(where(layer, e), "cannot read: " + ex.getMessage(), ex);
            }
            os.put(path, head);
            content = new SequenceInputStream(new ByteArrayInputStream(head), content);
        }
        if (user) {
            if (globs.exactPaths().contains(path)) {
                deliveredExact.add(path);
            }
            callHandler(entry, content, where(layer, e));
        }
    }

    private void callHandler(FileEntry entry, InputStream content, String where) {
        delivered++;
        try {
            handler.orElseThrow().accept(entry, content);
        } catch (IOException ex) {
            if (ex instanceof TarReader.ContentReadException) {
                throw new InvalidInputException(where, ex.getMessage(), ex);
            }
            throw new ContainerSecException("content handler failed on " + entry.path() + ": " + ex.getMessage(), ex);
        }
    }

    // ---- links: resolved in the trie, read in a second, partial pass -----------------------------

    /** A file to read again: the physical path in a layer, delivered as the path that matched. */
    private record Request(int layer, String physical, String requested) {
    }

    private List<Request> resolveLinks() {
        Map<String, Request> requests = new LinkedHashMap<>();
        // A path is resolved (and a failure reported) once, even when it is both a matching link and an exact glob.
        Set<String> attempted = new HashSet<>();
        for (int[] match : linkMatches) {
            int node = match[0];
            String requested = trie.path(node);
            if (attempted.add(requested)) {
                resolveNode(node, requested).ifPresent(r -> requests.putIfAbsent(requested, r));
            }
        }
        for (String exact : globs.exactPaths()) {
            if (deliveredExact.contains(exact) || attempted.contains(exact)) {
                continue;
            }
            List<String> comps = PathNames.components(exact);
            if (comps == null || comps.isEmpty()) {
                continue;
            }
            int node = lookupFollowing(0, comps, new int[] {0}, true, exact);
            if (node > 0 && !trie.path(node).equals(exact)) {
                resolveNode(node, exact).ifPresent(r -> requests.putIfAbsent(exact, r));
            } else if (node > 0 && (trie.type(node) == FileType.SYMLINK || trie.type(node) == FileType.HARDLINK)) {
                resolveNode(node, exact).ifPresent(r -> requests.putIfAbsent(exact, r));
            }
        }
        return new ArrayList<>(requests.values());
    }

    /** Follows a node that is a link (or a regular file reached through links) to the bytes it means. */
    private Optional<Request> resolveNode(int node, String requested) {
        int[] hops = {0};
        int current = node;
        int linkLayer = Integer.MAX_VALUE;
        while (current > 0) {
            FileType t = trie.type(current);
            if (t == FileType.REGULAR) {
                int layer = trie.layer(current);
                if (layer > linkLayer) {
                    layer = linkLayer;
                }
                return Optional.of(new Request(layer, trie.path(current), requested));
            }
            if (++hops[0] > limits.maxSymlinkHops()) {
                skipResolved(requested, SkipReason.SYMLINK_LOOP, "more than " + limits.maxSymlinkHops() + " links");
                return Optional.empty();
            }
            String target = trie.linkTarget(current);
            if (t == FileType.HARDLINK) {
                linkLayer = Math.min(linkLayer, trie.layer(current));
                current = lookupFollowing(0, PathNames.components(target.substring(1)), hops, false, requested);
            } else if (t == FileType.SYMLINK) {
                int dir = trie.parent(current);
                List<String> comps = symlinkComponents(target);
                current = lookupFollowing(target.startsWith("/") ? 0 : dir, comps, hops, true, requested);
            } else {
                return Optional.empty();
            }
        }
        if (current == 0 || current == -1) {
            skipResolved(requested, SkipReason.LINK_TARGET_MISSING, "the link's target is not in the merged view");
        }
        return Optional.empty();
    }

    /** Splits a symlink target without applying '..' (the walk applies it against real directories). */
    private static List<String> symlinkComponents(String target) {
        List<String> out = new ArrayList<>();
        for (String c : target.split("/")) {
            if (!c.isEmpty() && !c.equals(".")) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Looks a path up from a directory node as the kernel would inside a chroot: '..' at the root
     * stays at the root, symlinks in directories are followed, the last component only when asked.
     *
     * @return the node, -1 when absent, -2 when the hop limit was hit (already reported)
     */
    private int lookupFollowing(int start, List<String> comps, int[] hops, boolean followLast, String requested) {
        if (comps == null) {
            return -1;
        }
        int node = start;
        for (int i = 0; i < comps.size(); i++) {
            String c = comps.get(i);
            if (c.equals("..")) {
                node = node == 0 ? 0 : trie.parent(node);
                continue;
            }
            if (c.equals(".")) {
                continue;
            }
            int child = trie.child(node, c);
            if (child < 0 || !trie.isVisible(child)) {
                return -1;
            }
            boolean last = i == comps.size() - 1;
            if (trie.type(child) == FileType.SYMLINK && (!last || followLast)) {
                if (++hops[0] > limits.maxSymlinkHops()) {
                    skipResolved(requested, SkipReason.SYMLINK_LOOP, "more than " + limits.maxSymlinkHops() + " links");
                    return -2;
                }
                String target = trie.linkTarget(child);
                int resolved = lookupFollowing(target.startsWith("/") ? 0 : node, symlinkComponents(target), hops, true,
                        requested);
                if (resolved < 0) {
                    return resolved;
                }
                child = resolved;
            }
            node = child;
        }
        return node;
    }

    private void secondPass(List<Request> requests) {
        List<Request> pending = requests;
        while (!pending.isEmpty()) {
            Map<Integer, Map<String, Request>> byLayer = new HashMap<>();
            List<Request> later = new ArrayList<>();
            for (Request r : pending) {
                Map<String, Request> wanted = byLayer.computeIfAbsent(r.layer(), k -> new HashMap<>());
                if (wanted.putIfAbsent(r.physical(), r) != null) {
                    later.add(r);
                }
            }
            for (Map.Entry<Integer, Map<String, Request>> e : byLayer.entrySet()) {
                readAgain(layers.get(e.getKey()), e.getValue());
            }
            pending = later;
        }
    }

    private void readAgain(LayerBlob layer, Map<String, Request> wanted) {
        Map<String, Request> left = new HashMap<>(wanted);
        try (LayerInput in = LayerInput.open(files, layer, new LayerInput.Budget(limits, walk.progress()))) {
            TarReader tar = new TarReader(in.tar(), false, limits, layer.describe());
            for (TarEntry e = tar.next(); e != null && !left.isEmpty(); e = tar.next()) {
                List<String> comps = PathNames.components(e.name());
                if (comps == null || comps.isEmpty() || !e.isRegular()) {
                    continue;
                }
                Request r = left.remove(PathNames.absolute(comps));
                if (r != null) {
                    FileEntry entry = new FileEntry(r.requested(), FileType.REGULAR, e.mode(), e.uid(), e.gid(), e.size(),
                            Optional.of(r.physical()), layer.index(), layer.descriptor().digest());
                    callHandler(entry, tar.content(), where(layer, e));
                }
            }
            in.verifyToEnd();
        }
        for (Request r : left.values()) {
            skipResolved(r.requested(), SkipReason.LINK_TARGET_MISSING, "target " + r.physical() + " not found in "
                    + layer.describe());
        }
    }

    // ---- listing and bookkeeping -----------------------------------------------------------------

    private void emitListing(Consumer<FileEntry> consumer) {
        trie.visitSorted((node, path) -> {
            FileType type = trie.type(node);
            long size = trie.size(node);
            String link = trie.linkTarget(node);
            if (type == FileType.HARDLINK) {
                List<String> comps = PathNames.components(link.substring(1));
                int target = lookupFollowing(0, comps, new int[] {0}, false, path);
                size = target > 0 && trie.type(target) == FileType.REGULAR ? trie.size(target) : 0;
            }
            int layer = trie.layer(node);
            consumer.accept(new FileEntry(path, type, trie.mode(node), trie.uid(node), trie.gid(node), size,
                    Optional.ofNullable(link), layer, layers.get(layer).descriptor().digest()));
        });
    }

    private void skip(LayerBlob layer, String path, SkipReason reason, String detail) {
        record(new SkippedEntry(layer.describe(), PathNames.printable(path), reason, detail));
    }

    private void skipResolved(String path, SkipReason reason, String detail) {
        record(new SkippedEntry(GlobSet.MERGED_VIEW, PathNames.printable(path), reason, detail));
    }

    private void record(SkippedEntry s) {
        if (skipped.size() < limits.maxSkipsListed()) {
            skipped.add(s);
        } else {
            skippedNotListed++;
        }
    }

    private static String where(LayerBlob layer, TarEntry e) {
        return layer.describe() + " entry " + PathNames.printable(e.name());
    }
}
