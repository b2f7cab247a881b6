package dev.containersec.image;

import dev.containersec.api.FileEntry;
import dev.containersec.api.FileType;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The oracle: a rootfs that {@code umoci unpack} wrote, read with java.nio without following links,
 * and the same comparison applied to containersec's listing.
 */
final class UnpackedRootfs {
    /** One path as compared: size only for regular files, target only for symlinks. */
    record Node(FileType type, int mode, long uid, long gid, long size, String target) {
        @Override
        public String toString() {
            return type.reportName() + " " + String.format("%04o", mode) + " " + uid + ":" + gid
                    + (type == FileType.REGULAR ? " size=" + size : "") + (target != null ? " -> " + target : "");
        }
    }

    private final Path rootfs;

    UnpackedRootfs(Path rootfs) {
        this.rootfs = rootfs;
    }

    Path rootfs() {
        return rootfs;
    }

    /** Every path below the root, as umoci put it on disk. Hard links are regular files with nlink > 1. */
    Map<String, Node> listing() throws IOException {
        Map<String, Node> out = new TreeMap<>();
        Files.walkFileTree(rootfs, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(rootfs)) {
                    out.put(imagePath(dir), node(dir));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                out.put(imagePath(file), node(file));
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    private String imagePath(Path p) {
        StringBuilder sb = new StringBuilder();
        for (Path c : rootfs.relativize(p)) {
            sb.append('/').append(c);
        }
        return sb.toString();
    }

    private static Node node(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        FileType type;
        String target = null;
        if (Files.isSymbolicLink(p)) {
            type = FileType.SYMLINK;
            target = Files.readSymbolicLink(p).toString();
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            type = FileType.DIRECTORY;
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            type = FileType.REGULAR;
        } else {
            int fmt = mode & 0170000;
            type = fmt == 0020000 ? FileType.CHAR_DEVICE : fmt == 0060000 ? FileType.BLOCK_DEVICE : FileType.FIFO;
        }
        long size = type == FileType.REGULAR ? (Long) a.get("size") : 0;
        return new Node(type, mode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"), size, target);
    }

    /** containersec's listing in the same shape: hard links count as regular files of their target's size. */
    static Map<String, Node> fromEntries(List<FileEntry> entries) {
        Map<String, Node> out = new TreeMap<>();
        for (FileEntry e : entries) {
            FileType type = e.type() == FileType.HARDLINK ? FileType.REGULAR : e.type();
            Node n = new Node(type, e.mode(), e.uid(), e.gid(), type == FileType.REGULAR ? e.size() : 0,
                    e.type() == FileType.SYMLINK ? e.linkTarget().orElse("") : null);
            if (out.put(e.path(), n) != null) {
                out.put(e.path() + " (listed twice)", n);
            }
        }
        return out;
    }

    /**
     * Compares two listings and describes the differences, at most {@code max} of them.
     *
     * @param metadata whether modes and ownership are compared (not for rootless unpacks)
     * @param typeOnly paths compared by type only (implicit directories, whose metadata no layer stores)
     */
    static List<String> differences(Map<String, Node> expected, Map<String, Node> actual, boolean metadata,
                                    Set<String> typeOnly, int max) {
        List<String> diffs = new ArrayList<>();
        Set<String> all = new TreeSet<>(expected.keySet());
        all.addAll(actual.keySet());
        for (String path : all) {
            Node e = expected.get(path);
            Node a = actual.get(path);
            String d = null;
            if (a == null) {
                d = "missing from containersec: " + path + " (umoci: " + e + ")";
            } else if (e == null) {
                d = "only in containersec: " + path + " (" + a + ")";
            } else if (e.type() != a.type()) {
                d = path + ": type umoci " + e.type() + " vs containersec " + a.type();
            } else if (typeOnly.contains(path)) {
                continue;
            } else if (e.size() != a.size() || !java.util.Objects.equals(e.target(), a.target())
                    || metadata && (e.mode() != a.mode() || e.uid() != a.uid() || e.gid() != a.gid())) {
                d = path + ":\n      umoci         " + e + "\n      containersec  " + a;
            }
            if (d != null) {
                diffs.add(d);
                if (diffs.size() >= max) {
                    diffs.add("... (further differences not shown)");
                    break;
                }
            }
        }
        return diffs;
    }

    /**
     * Resolves an image path inside the rootfs the way the kernel would inside a chroot: every
     * symlink, absolute or relative, stays below the rootfs; {@code ..} at the root stays there.
     *
     * @return the image path of the file finally named, or empty when it does not exist or loops
     */
    Optional<String> resolve(String imagePath) throws IOException {
        List<String> pending = new ArrayList<>(List.of(imagePath.substring(1).split("/")));
        List<String> current = new ArrayList<>();
        int hops = 0;
        while (!pending.isEmpty()) {
            String c = pending.remove(0);
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!current.isEmpty()) {
                    current.remove(current.size() - 1);
                }
                continue;
            }
            current.add(c);
            Path p = rootfs.resolve(String.join("/", current));
            if (Files.isSymbolicLink(p)) {
                if (++hops > 40) {
                    return Optional.empty();
                }
                String target = Files.readSymbolicLink(p).toString();
                current.remove(current.size() - 1);
                if (target.startsWith("/")) {
                    current.clear();
                }
                List<String> next = new ArrayList<>(List.of(target.split("/")));
                next.addAll(pending);
                pending = next;
            } else if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
        }
        return Optional.of("/" + String.join("/", current));
    }

    /** Returns the bytes at an image path that {@link #resolve} produced. */
    byte[] read(String resolvedImagePath) throws IOException {
        return Files.readAllBytes(rootfs.resolve(resolvedImagePath.substring(1)));
    }

    /** Tells whether an image path (already resolved) is a regular file on disk. */
    boolean isRegular(String resolvedImagePath) {
        return Files.isRegularFile(rootfs.resolve(resolvedImagePath.substring(1)), LinkOption.NOFOLLOW_LINKS);
    }
}
