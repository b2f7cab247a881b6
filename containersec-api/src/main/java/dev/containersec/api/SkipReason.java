package dev.containersec.api;

/**
 * Why an entry of untrusted input was skipped instead of being taken into the result. Each skip is
 * reported in the result it happened in; none is silent.
 */
public enum SkipReason {
    /** The entry's path leaves the root after normalisation ({@code ../} components). */
    PATH_ESCAPES_ROOT,
    /** A hard link's target leaves the root. */
    LINK_ESCAPES_ROOT,
    /** A hard link names a path that no layer at or below it holds. */
    LINK_TARGET_MISSING,
    /** A symlink chain is longer than {@link ScanLimits#maxSymlinkHops()} or loops. */
    SYMLINK_LOOP,
    /** The same path appears more than once in one layer; the last occurrence wins. */
    DUPLICATE_ENTRY,
    /** A whiteout names nothing valid, e.g. {@code .wh.}, {@code .wh..} or the root. */
    INVALID_WHITEOUT,
    /** AUFS metadata ({@code .wh..wh.*} other than the opaque marker), which is not part of the filesystem. */
    AUFS_METADATA,
    /** A tar entry type the merged view does not represent (GNU sparse, volume headers, ...). */
    UNSUPPORTED_ENTRY_TYPE,
    /** A path longer than {@link ScanLimits#maxPathBytes()} or deeper than {@link ScanLimits#maxPathDepth()}. */
    PATH_TOO_LONG,
    /** An entry whose ancestor in the same layer is not a directory. */
    PARENT_NOT_DIRECTORY,
    /** A package file (manifest, lock file, metadata) that is not in the format its name promises. */
    MALFORMED_PACKAGE_FILE,
    /** A nested archive deeper than {@link ScanLimits#maxNestedArchiveDepth()} or over the nested byte budget. */
    NESTED_ARCHIVE_LIMIT
}
