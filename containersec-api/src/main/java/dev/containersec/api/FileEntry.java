package dev.containersec.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One path of an image's merged filesystem (all layers applied, whiteouts honoured), with the layer
 * that provided it.
 *
 * @param path the absolute, normalised path, e.g. {@code /etc/os-release}; never {@code /} itself
 * @param type the entry type
 * @param mode the permission bits including setuid, setgid and sticky ({@code 07777} at most)
 * @param uid the owning user id
 * @param gid the owning group id
 * @param size the content size in bytes (for a hard link, the size of the file it links to when known)
 * @param linkTarget for a symlink its target as stored; for a hard link the absolute path it links to;
 *     for a regular file reached through links (see the image module's content walk) the real path
 * @param layerIndex the index of the providing layer, 0 for the bottom layer
 * @param layerDigest the digest of the providing layer as the manifest names it
 */
public record FileEntry(String path, FileType type, int mode, long uid, long gid, long size,
                        Optional<String> linkTarget, int layerIndex, Digest layerDigest) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the path is not absolute or a number is out of range
     */
    public FileEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(linkTarget, "linkTarget");
        Objects.requireNonNull(layerDigest, "layerDigest");
        if (!path.startsWith("/") || path.length() < 2) {
            throw new IllegalArgumentException("entry path must be absolute and not the root: '" + path + "'");
        }
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("mode has bits beyond 07777: " + Integer.toOctalString(mode));
        }
        if (size < 0 || uid < 0 || gid < 0 || layerIndex < 0) {
            throw new IllegalArgumentException("size, uid, gid and layerIndex must be >= 0");
        }
    }

    /**
     * Returns the mode as four octal digits, e.g. {@code 0755} or {@code 4755}.
     *
     * @return the octal mode
     */
    public String octalMode() {
        String octal = Integer.toOctalString(mode);
        return "0000".substring(Math.min(4, octal.length())) + octal;
    }

    /**
     * Tells whether the setuid or setgid bit is set on a regular file.
     *
     * @return true for setuid or setgid regular files
     */
    public boolean isSetuidOrSetgid() {
        return type == FileType.REGULAR && (mode & 06000) != 0;
    }
}
