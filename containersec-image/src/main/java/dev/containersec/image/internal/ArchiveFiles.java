package dev.containersec.image.internal;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.NotFoundException;
import dev.containersec.api.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An uncompressed tar archive read in place: one pass over the headers builds an index of entry name
 * to byte range, then files are read with positional reads. Links inside the archive (docker save
 * writes symlinks for repeated layers) are followed within the archive, never outside it.
 */
final class ArchiveFiles implements FileTree {
    private static final int MAX_ARCHIVE_ENTRIES = 1_000_000;

    private final Path file;
    private final FileChannel channel;
    private final Map<String, long[]> regular = new HashMap<>();
    private final Map<String, String> symlinks = new HashMap<>();
    private final Map<String, String> hardlinks = new HashMap<>();
    private final int maxHops;

    private ArchiveFiles(Path file, FileChannel channel, int maxHops) {
        this.file = file;
        this.channel = channel;
        this.maxHops = maxHops;
    }

    /**
     * Indexes an archive.
     *
     * @throws InvalidInputException if the file is compressed, not a tar, or malformed
     */
    static ArchiveFiles open(Path file, ScanLimits limits) {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot open: " + e.getMessage(), e);
        }
        try {
            ArchiveFiles a = new ArchiveFiles(file, ch, limits.maxSymlinkHops());
            a.index(limits);
            return a;
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private void index(ScanLimits limits) {
        try {
            ByteBuffer magic = ByteBuffer.allocate(4);
            channel.read(magic, 0);
            byte[] m = magic.array();
            if ((m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) {
                throw new InvalidInputException(description(), "the archive is gzip-compressed; decompress it first (gunzip)");
            }
            if ((m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f && (m[3] & 0xff) == 0xfd) {
                throw new InvalidInputException(description(), "the archive is zstd-compressed; decompress it first (zstd -d)");
            }
            TarReader tar = new TarReader(new RegionInputStream(channel, 0, channel.size()), true, limits, description());
            int count = 0;
            for (TarEntry e = tar.next(); e != null; e = tar.next()) {
                if (++count > MAX_ARCHIVE_ENTRIES) {
                    throw new LimitExceededException(description(), ScanLimits.Limit.ENTRIES_PER_LAYER,
                            MAX_ARCHIVE_ENTRIES, count);
                }
                List<String> parts = PathNames.components(e.name());
                if (parts == null || parts.isEmpty()) {
                    continue;
                }
                String name = PathNames.relative(parts);
                regular.remove(name);
                symlinks.remove(name);
                hardlinks.remove(name);
                if (e.isRegular()) {
                    regular.put(name, new long[] {tar.contentOffset(), e.size()});
                } else if (e.isSymlink()) {
                    symlinks.put(name, e.linkName());
                } else if (e.isHardLink()) {
                    hardlinks.put(name, e.linkName());
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(description(), "cannot read: " + e.getMessage(), e);
        }
    }

    /** Tells whether the archive holds a file or link by that name. */
    boolean contains(String path) {
        return locate(path) != null;
    }

    @Override
    public OptionalLong size(String path) {
        long[] r = locate(path);
        return r == null ? OptionalLong.empty() : OptionalLong.of(r[1]);
    }

    @Override
    public InputStream open(String path) {
        long[] r = locate(path);
        if (r == null) {
            throw new NotFoundException(description(), "file", path, List.of());
        }
        return new RegionInputStream(channel, r[0], r[1]);
    }

    private long[] locate(String path) {
        List<String> parts = PathNames.components(path);
        if (parts == null) {
            return null;
        }
        String name = PathNames.relative(parts);
        for (int hop = 0; hop <= maxHops; hop++) {
            long[] r = regular.get(name);
            if (r != null) {
                return r;
            }
            String hard = hardlinks.get(name);
            String sym = symlinks.get(name);
            if (hard != null) {
                parts = PathNames.components(hard);
            } else if (sym != null) {
                String base = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
                parts = PathNames.components(sym.startsWith("/") ? sym : base + sym);
            } else {
                return null;
            }
            if (parts == null) {
                return null;
            }
            name = PathNames.relative(parts);
        }
        return null;
    }

    @Override
    public String description() {
        return file.toString();
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Nothing was written; a failed close loses nothing.
        }
    }
}
