package dev.containersec.image.internal;

import java.io.Closeable;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * The files of an image store: an OCI layout directory or an archive of one (or a docker-archive).
 * Paths are relative, with {@code /} separators, e.g. {@code blobs/sha256/ab12...}.
 */
interface FileTree extends Closeable {

    /** Returns the size of a regular file, following links inside the store, or empty if absent. */
    OptionalLong size(String path);

    /** Opens a regular file, following links inside the store; the caller verifies the content. */
    InputStream open(String path);

    /** Returns a description for messages, e.g. the archive's file name. */
    String description();

    @Override
    void close();
}
