package dev.containersec.api;

/**
 * The type of an entry in an image's merged filesystem, as recorded by the layer's tar header.
 */
public enum FileType {
    /** A regular file with content. */
    REGULAR,
    /** A directory. */
    DIRECTORY,
    /** A symbolic link; its target is in {@link FileEntry#linkTarget()} exactly as stored. */
    SYMLINK,
    /** A hard link to another path of the image; the target path is in {@link FileEntry#linkTarget()}. */
    HARDLINK,
    /** A character device node. */
    CHAR_DEVICE,
    /** A block device node. */
    BLOCK_DEVICE,
    /** A named pipe. */
    FIFO;

    /**
     * Returns the lower-case name used in reports, e.g. {@code regular}, {@code symlink}.
     *
     * @return the report name
     */
    public String reportName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
