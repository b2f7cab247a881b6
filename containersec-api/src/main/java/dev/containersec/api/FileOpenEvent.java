package dev.containersec.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A process opened a file ({@code open}, {@code openat}, {@code openat2} or {@code creat}).
 *
 * <p>{@code flags} holds the Linux open flags as the process passed them (x86-64 / arm64 values, the
 * {@code O_*} constants of this class). {@link #flagNames()} renders them as Falco renders
 * {@code evt.arg.flags}, e.g. {@code O_WRONLY|O_CREAT|O_TRUNC}.
 *
 * @param timestamp when the open returned
 * @param process the process that opened the file
 * @param path the absolute path that was opened, resolved against the working directory or the
 *     {@code dirfd} by the event source
 * @param flags the open flags
 * @param mode the permission bits requested when creating ({@code 0} otherwise), at most {@code 07777}
 */
public record FileOpenEvent(Instant timestamp, ProcessContext process, String path, int flags, int mode)
        implements RuntimeEvent {

    /** Open for reading only (the access mode 0). */
    public static final int O_RDONLY = 0;
    /** Open for writing only. */
    public static final int O_WRONLY = 01;
    /** Open for reading and writing. */
    public static final int O_RDWR = 02;
    /** Create the file if it does not exist. */
    public static final int O_CREAT = 0100;
    /** With {@link #O_CREAT}, fail if the file exists. */
    public static final int O_EXCL = 0200;
    /** Do not make a terminal the controlling terminal. */
    public static final int O_NOCTTY = 0400;
    /** Truncate the file to length 0. */
    public static final int O_TRUNC = 01000;
    /** Append on each write. */
    public static final int O_APPEND = 02000;
    /** Non-blocking mode. */
    public static final int O_NONBLOCK = 04000;
    /** Synchronised data integrity writes. */
    public static final int O_DSYNC = 010000;
    /** Direct I/O, bypassing the page cache. */
    public static final int O_DIRECT = 040000;
    /** Large file support (implicit on 64-bit). */
    public static final int O_LARGEFILE = 0100000;
    /** Fail unless the path is a directory. */
    public static final int O_DIRECTORY = 0200000;
    /** Fail if the last path component is a symlink. */
    public static final int O_NOFOLLOW = 0400000;
    /** Do not update the access time. */
    public static final int O_NOATIME = 01000000;
    /** Close on exec. */
    public static final int O_CLOEXEC = 02000000;
    /** Synchronised file integrity writes (includes {@link #O_DSYNC}). */
    public static final int O_SYNC = 04010000;
    /** Obtain a path-only descriptor. */
    public static final int O_PATH = 010000000;
    /** Create an unnamed temporary file (includes {@link #O_DIRECTORY}). */
    public static final int O_TMPFILE = 020200000;

    private static final int[] FLAG_BITS = {O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC, O_APPEND, O_NONBLOCK, O_SYNC, O_DSYNC,
        O_DIRECT, O_LARGEFILE, O_TMPFILE, O_DIRECTORY, O_NOFOLLOW, O_NOATIME, O_CLOEXEC, O_PATH};
    private static final String[] FLAG_NAMES = {"O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND", "O_NONBLOCK",
        "O_SYNC", "O_DSYNC", "O_DIRECT", "O_LARGEFILE", "O_TMPFILE", "O_DIRECTORY", "O_NOFOLLOW", "O_NOATIME",
        "O_CLOEXEC", "O_PATH"};

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the path is not absolute or the mode has bits beyond 07777
     */
    public FileOpenEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must be absolute: '" + path + "'");
        }
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("mode has bits beyond 07777: " + Integer.toOctalString(mode));
        }
    }

    /**
     * Returns {@code openat}, the name Falco gives the open system call used by modern C libraries.
     *
     * @return {@code openat}
     */
    @Override
    public String eventType() {
        return "openat";
    }

    /**
     * Tells whether the file was opened for writing ({@link #O_WRONLY} or {@link #O_RDWR}), as Falco's
     * {@code evt.is_open_write}.
     *
     * @return true if writes are possible through the descriptor
     */
    public boolean isWrite() {
        int access = flags & 03;
        return access == O_WRONLY || access == O_RDWR;
    }

    /**
     * Tells whether the file was opened for reading ({@link #O_RDONLY} or {@link #O_RDWR}), as Falco's
     * {@code evt.is_open_read}.
     *
     * @return true if reads are possible through the descriptor
     */
    public boolean isRead() {
        int access = flags & 03;
        return access == O_RDONLY || access == O_RDWR;
    }

    /**
     * Tells whether every bit of a flag (one of the {@code O_*} constants) is set.
     *
     * @param flag the flag, e.g. {@link #O_TRUNC}; {@link #O_RDONLY}, {@link #O_WRONLY} and
     *     {@link #O_RDWR} compare the access mode
     * @return true if the flag is set
     */
    public boolean hasFlag(int flag) {
        if (flag == O_RDONLY || flag == O_WRONLY || flag == O_RDWR) {
            return (flags & 03) == flag;
        }
        return (flags & flag) == flag;
    }

    /**
     * Returns the flag names, access mode first, in Falco's rendering.
     *
     * @return the names, e.g. {@code [O_WRONLY, O_CREAT, O_TRUNC]}
     */
    public List<String> flagNames() {
        List<String> names = new ArrayList<>();
        int access = flags & 03;
        names.add(access == O_WRONLY ? "O_WRONLY" : access == O_RDWR ? "O_RDWR" : "O_RDONLY");
        int seen = 0;
        for (int i = 0; i < FLAG_BITS.length; i++) {
            int bit = FLAG_BITS[i];
            if ((flags & bit) == bit && (seen & bit) != bit) {
                names.add(FLAG_NAMES[i]);
                seen |= bit;
            }
        }
        return List.copyOf(names);
    }
}
