package dev.containersec.image.internal;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.OptionalLong;

/** An OCI image layout directory. Files are opened without following a symlink at the leaf. */
final class LayoutFiles implements FileTree {
    private final Path root;

    LayoutFiles(Path root) {
        this.root = root;
    }

    @Override
    public OptionalLong size(String path) {
        try {
            BasicFileAttributes a = Files.readAttributes(resolve(path), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? OptionalLong.of(a.size()) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public InputStream open(String path) {
        Path p = resolve(path);
        if (size(path).isEmpty()) {
            throw new NotFoundException(description(), "file", path, List.of());
        }
        try {
            FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            return new ChannelStream(ch);
        } catch (IOException e) {
            throw new InvalidInputException(description(), "cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    private Path resolve(String path) {
        if (path.startsWith("/") || path.contains("\\") || ("/" + path + "/").contains("/../") || path.isEmpty()) {
            throw new InvalidInputException(description(), "refusing path outside the layout: '" + path + "'");
        }
        return root.resolve(path);
    }

    @Override
    public String description() {
        return root.toString();
    }

    @Override
    public void close() {
        // Every stream owns its own channel.
    }

    /** A whole-file stream with an exact {@link #available()}, as {@link RegionInputStream} has. */
    private static final class ChannelStream extends InputStream {
        private final FileChannel channel;
        private final RegionInputStream region;

        ChannelStream(FileChannel channel) throws IOException {
            this.channel = channel;
            this.region = new RegionInputStream(channel, 0, channel.size());
        }

        @Override
        public int read() throws IOException {
            return region.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return region.read(b, off, len);
        }

        @Override
        public long skip(long n) {
            return region.skip(n);
        }

        @Override
        public int available() {
            return region.available();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

}
