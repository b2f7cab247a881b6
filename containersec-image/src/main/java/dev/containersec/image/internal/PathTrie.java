package dev.containersec.image.internal;

import dev.containersec.api.FileType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The merged view's memory: one node per path seen, in parallel primitive arrays (about 60 bytes
 * plus the name's bytes per path), so that memory grows with the number of paths and nothing else.
 *
 * <p>Layers are applied top layer first. A node remembers the highest layer that claimed it and,
 * for the merged listing, the metadata of the entry that is visible. The rules are those of the
 * OCI layer specification (whiteouts hide lower layers only; an opaque directory hides its lower
 * contents; a non-directory in an upper layer hides a lower directory's whole subtree).
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">OCI layer changesets</a>
 */
final class PathTrie {
    static final byte IMPLICIT_DIR = 1;
    static final byte ENTRY = 2;
    static final byte WHITEOUT = 3;

    /** Outcomes of {@link #add}. */
    enum Outcome {
        /** The entry is in the merged view. */
        VISIBLE,
        /** An upper layer hides the entry. */
        HIDDEN,
        /** The entry repeats a path of its own layer and replaces it (the last occurrence wins). */
        DUPLICATE,
        /** The entry repeats a path of its own layer that is already a directory with contents; dropped. */
        CONFLICT,
        /** An ancestor of the entry is a non-directory of the same layer; dropped. */
        PARENT_NOT_DIRECTORY
    }

    private static final FileType[] TYPES = FileType.values();

    private int size = 1;
    private int[] parent = new int[1024];
    private int[] nameOff = new int[1024];
    private int[] nameLen = new int[1024];
    private int[] hash = new int[1024];
    private byte[] state = new byte[1024];
    private short[] topLayer = new short[1024];
    private short[] metaLayer = new short[1024];
    private short[] opaqueLayer = new short[1024];
    private byte[] type = new byte[1024];
    private short[] mode = new short[1024];
    private int[] uid = new int[1024];
    private int[] gid = new int[1024];
    private long[] fileSize = new long[1024];
    private int[] link = new int[1024];
    private final List<String> links = new ArrayList<>();
    private byte[] arena = new byte[16 * 1024];
    private int arenaLen;
    private int[] table = new int[2048];
    private int visible;

    /** The node {@link #add} last touched. */
    int lastNode;

    PathTrie() {
        state[0] = IMPLICIT_DIR;
        type[0] = (byte) FileType.DIRECTORY.ordinal();
        topLayer[0] = Short.MAX_VALUE;
        opaqueLayer[0] = -1;
        link[0] = -1;
    }

    int visibleCount() {
        return visible;
    }

    // ---- applying entries ----------------------------------------------------------------------

    /**
     * Applies a filesystem entry of layer {@code layer}.
     *
     * @return whether it is visible in the merged view; {@link #lastNode} is its node when visible
     */
    Outcome add(List<String> comps, int layer, FileType ft, int entryMode, long entryUid, long entryGid,
                long entrySize, String linkTarget) {
        int dir = ancestors(comps, layer);
        if (dir < 0) {
            return dir == -2 ? Outcome.PARENT_NOT_DIRECTORY : Outcome.HIDDEN;
        }
        if (opaqueLayer[dir] > layer) {
            return Outcome.HIDDEN;
        }
        byte[] name = bytes(comps.get(comps.size() - 1));
        int n = lookup(dir, name);
        boolean isDir = ft == FileType.DIRECTORY;
        if (n < 0) {
            n = insert(dir, name);
            setEntry(n, layer, ft, entryMode, entryUid, entryGid, entrySize, linkTarget);
            topLayer[n] = (short) layer;
            visible++;
            lastNode = n;
            return Outcome.VISIBLE;
        }
        lastNode = n;
        if (topLayer[n] > layer) {
            if (state[n] == IMPLICIT_DIR && isDir) {
                setEntry(n, layer, ft, entryMode, entryUid, entryGid, entrySize, linkTarget);
                return Outcome.VISIBLE;
            }
            if (!isDir && state[n] != WHITEOUT && type[n] == FileType.DIRECTORY.ordinal()) {
                // Hidden itself, this non-directory still replaced the lower layers' directory and its contents.
                opaqueLayer[n] = (short) Math.max(opaqueLayer[n], layer);
            }
            return Outcome.HIDDEN;
        }
        switch (state[n]) {
            case WHITEOUT:
                setEntry(n, layer, ft, entryMode, entryUid, entryGid, entrySize, linkTarget);
                if (isDir) {
                    opaqueLayer[n] = (short) layer;
                }
                visible++;
                return Outcome.VISIBLE;
            case IMPLICIT_DIR:
                if (!isDir) {
                    return Outcome.CONFLICT;
                }
                setEntry(n, layer, ft, entryMode, entryUid, entryGid, entrySize, linkTarget);
                return Outcome.VISIBLE;
            default:
                boolean wasDir = type[n] == FileType.DIRECTORY.ordinal();
                setEntry(n, layer, ft, entryMode, entryUid, entryGid, entrySize, linkTarget);
                return wasDir && isDir ? Outcome.VISIBLE : Outcome.DUPLICATE;
        }
    }

    /** Applies a whiteout {@code .wh.NAME} of layer {@code layer}: hides NAME in lower layers. */
    void whiteout(List<String> comps, int layer) {
        int dir = ancestors(comps, layer);
        if (dir < 0 || opaqueLayer[dir] > layer) {
            return;
        }
        byte[] name = bytes(comps.get(comps.size() - 1));
        int n = lookup(dir, name);
        if (n < 0) {
            n = insert(dir, name);
            state[n] = WHITEOUT;
            topLayer[n] = (short) layer;
            metaLayer[n] = (short) layer;
            opaqueLayer[n] = -1;
            link[n] = -1;
            return;
        }
        // The directory stays (it is of this layer or an upper one), but the lower layers' contents are gone.
        if (type[n] == FileType.DIRECTORY.ordinal() && state[n] != WHITEOUT) {
            opaqueLayer[n] = (short) Math.max(opaqueLayer[n], layer);
        }
    }

    /** Applies an opaque marker of layer {@code layer} in the directory {@code comps}. */
    void opaque(List<String> dirComps, int layer) {
        if (dirComps.isEmpty()) {
            opaqueLayer[0] = (short) Math.max(opaqueLayer[0], layer);
            return;
        }
        List<String> withLeaf = new ArrayList<>(dirComps);
        withLeaf.add(".");
        int dir = ancestors(withLeaf, layer);
        if (dir >= 0 && (state[dir] == IMPLICIT_DIR || type[dir] == FileType.DIRECTORY.ordinal())) {
            opaqueLayer[dir] = (short) Math.max(opaqueLayer[dir], layer);
        }
    }

    /**
     * Walks (creating as needed) the directories above the last component.
     *
     * @return the parent directory's node, -1 when hidden by an upper layer, -2 when an ancestor is a
     *     non-directory of the same layer
     */
    private int ancestors(List<String> comps, int layer) {
        int node = 0;
        for (int i = 0; i < comps.size() - 1; i++) {
            if (opaqueLayer[node] > layer) {
                return -1;
            }
            byte[] name = bytes(comps.get(i));
            int child = lookup(node, name);
            if (child < 0) {
                child = insert(node, name);
                state[child] = IMPLICIT_DIR;
                type[child] = (byte) FileType.DIRECTORY.ordinal();
                mode[child] = 0755;
                topLayer[child] = (short) layer;
                metaLayer[child] = (short) layer;
                opaqueLayer[child] = -1;
                link[child] = -1;
                visible++;
            } else if (state[child] == WHITEOUT) {
                if (topLayer[child] > layer) {
                    return -1;
                }
                state[child] = IMPLICIT_DIR;
                type[child] = (byte) FileType.DIRECTORY.ordinal();
                mode[child] = 0755;
                opaqueLayer[child] = (short) layer;
                visible++;
            } else if (state[child] == ENTRY && type[child] != FileType.DIRECTORY.ordinal()) {
                return topLayer[child] > layer ? -1 : -2;
            }
            node = child;
        }
        return node;
    }

    private void setEntry(int n, int layer, FileType ft, int entryMode, long entryUid, long entryGid, long entrySize,
                          String linkTarget) {
        state[n] = ENTRY;
        metaLayer[n] = (short) layer;
        type[n] = (byte) ft.ordinal();
        mode[n] = (short) (entryMode & 07777);
        uid[n] = (int) entryUid;
        gid[n] = (int) entryGid;
        fileSize[n] = entrySize;
        if (linkTarget == null) {
            link[n] = -1;
        } else {
            link[n] = links.size();
            links.add(linkTarget);
        }
    }

    // ---- reading nodes -------------------------------------------------------------------------

    boolean isVisible(int n) {
        return state[n] == ENTRY || state[n] == IMPLICIT_DIR;
    }

    FileType type(int n) {
        return TYPES[type[n]];
    }

    int mode(int n) {
        return mode[n] & 07777;
    }

    long uid(int n) {
        return Integer.toUnsignedLong(uid[n]);
    }

    long gid(int n) {
        return Integer.toUnsignedLong(gid[n]);
    }

    long size(int n) {
        return fileSize[n];
    }

    int layer(int n) {
        return metaLayer[n];
    }

    String linkTarget(int n) {
        return link[n] < 0 ? null : links.get(link[n]);
    }

    int parent(int n) {
        return parent[n];
    }

    String name(int n) {
        return new String(arena, nameOff[n], nameLen[n], StandardCharsets.UTF_8);
    }

    String path(int n) {
        if (n == 0) {
            return "/";
        }
        List<String> parts = new ArrayList<>();
        for (int p = n; p != 0; p = parent[p]) {
            parts.add(name(p));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = parts.size() - 1; i >= 0; i--) {
            sb.append('/').append(parts.get(i));
        }
        return sb.toString();
    }

    /** Finds the child of {@code dir} named {@code name}, or -1. */
    int child(int dir, String name) {
        return lookup(dir, bytes(name));
    }

    // ---- sorted traversal ----------------------------------------------------------------------

    /** Receives nodes in sorted pre-order with their absolute paths. */
    interface Visitor {
        void visit(int node, String path);
    }

    /** Visits every visible node, sorted by path component by component. */
    void visitSorted(Visitor visitor) {
        int[] childStart = new int[size + 1];
        for (int n = 1; n < size; n++) {
            childStart[parent[n] + 1]++;
        }
        for (int i = 1; i <= size; i++) {
            childStart[i] += childStart[i - 1];
        }
        int[] children = new int[Math.max(0, size - 1)];
        int[] fill = Arrays.copyOf(childStart, size);
        for (int n = 1; n < size; n++) {
            children[fill[parent[n]]++] = n;
        }
        for (int p = 0; p < size; p++) {
            sortByName(children, childStart[p], childStart[p + 1]);
        }
        // The root's children are pushed at once, so the stack starts large enough for all of them.
        int[] stack = new int[Math.max(64, childStart[1] - childStart[0] + 1)];
        int[] depthStack = new int[stack.length];
        int[] lengthAtDepth = new int[64];
        int top = 0;
        StringBuilder sb = new StringBuilder(256);
        for (int i = childStart[1] - 1; i >= childStart[0]; i--) {
            stack[top] = children[i];
            depthStack[top++] = 1;
        }
        while (top > 0) {
            int n = stack[--top];
            int depth = depthStack[top];
            if (!isVisible(n)) {
                continue;
            }
            if (depth >= lengthAtDepth.length) {
                lengthAtDepth = Arrays.copyOf(lengthAtDepth, depth * 2);
            }
            sb.setLength(depth == 1 ? 0 : lengthAtDepth[depth - 1]);
            sb.append('/').append(new String(arena, nameOff[n], nameLen[n], StandardCharsets.UTF_8));
            lengthAtDepth[depth] = sb.length();
            visitor.visit(n, sb.toString());
            int from = childStart[n];
            int to = childStart[n + 1];
            if (top + (to - from) >= stack.length) {
                int cap = Math.max(stack.length * 2, top + (to - from) + 1);
                stack = Arrays.copyOf(stack, cap);
                depthStack = Arrays.copyOf(depthStack, cap);
            }
            for (int i = to - 1; i >= from; i--) {
                stack[top] = children[i];
                depthStack[top++] = depth + 1;
            }
        }
    }

    private void sortByName(int[] a, int from, int to) {
        if (to - from < 2) {
            return;
        }
        if (to - from < 24) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && compareNames(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int pivot = a[(from + to) >>> 1];
        int lt = from;
        int gt = to - 1;
        int i = from;
        while (i <= gt) {
            int c = compareNames(a[i], pivot);
            if (c < 0) {
                swap(a, lt++, i++);
            } else if (c > 0) {
                swap(a, i, gt--);
            } else {
                i++;
            }
        }
        sortByName(a, from, lt);
        sortByName(a, gt + 1, to);
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    private int compareNames(int x, int y) {
        return Arrays.compareUnsigned(arena, nameOff[x], nameOff[x] + nameLen[x], arena, nameOff[y], nameOff[y] + nameLen[y]);
    }

    // ---- the hash table ------------------------------------------------------------------------

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int hashOf(int dir, byte[] name) {
        int h = dir * 0x9E3779B1;
        for (byte b : name) {
            h = (h ^ b) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private int lookup(int dir, byte[] name) {
        int h = hashOf(dir, name);
        int mask = table.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int slot = table[i];
            if (slot == 0) {
                return -1;
            }
            int n = slot - 1;
            if (hash[n] == h && parent[n] == dir && nameLen[n] == name.length
                    && Arrays.equals(arena, nameOff[n], nameOff[n] + nameLen[n], name, 0, name.length)) {
                return n;
            }
        }
    }

    private int insert(int dir, byte[] name) {
        if (size == parent.length) {
            grow();
        }
        if (arenaLen + name.length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLen + name.length));
        }
        int n = size++;
        System.arraycopy(name, 0, arena, arenaLen, name.length);
        nameOff[n] = arenaLen;
        nameLen[n] = name.length;
        arenaLen += name.length;
        parent[n] = dir;
        hash[n] = hashOf(dir, name);
        if (size * 2 > table.length) {
            rehash(table.length * 2);
        } else {
            place(n);
        }
        return n;
    }

    private void place(int n) {
        int mask = table.length - 1;
        int i = hash[n] & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = n + 1;
    }

    private void rehash(int capacity) {
        table = new int[capacity];
        for (int n = 1; n < size; n++) {
            place(n);
        }
    }

    private void grow() {
        int cap = parent.length * 2;
        parent = Arrays.copyOf(parent, cap);
        nameOff = Arrays.copyOf(nameOff, cap);
        nameLen = Arrays.copyOf(nameLen, cap);
        hash = Arrays.copyOf(hash, cap);
        state = Arrays.copyOf(state, cap);
        topLayer = Arrays.copyOf(topLayer, cap);
        metaLayer = Arrays.copyOf(metaLayer, cap);
        opaqueLayer = Arrays.copyOf(opaqueLayer, cap);
        type = Arrays.copyOf(type, cap);
        mode = Arrays.copyOf(mode, cap);
        uid = Arrays.copyOf(uid, cap);
        gid = Arrays.copyOf(gid, cap);
        fileSize = Arrays.copyOf(fileSize, cap);
        link = Arrays.copyOf(link, cap);
    }
}
