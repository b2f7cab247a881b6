package dev.containersec.image;

import dev.containersec.api.FileEntry;
import java.io.IOException;
import java.io.InputStream;

/**
 * Receives the content of files a walk asked for.
 *
 * <p>The stream is valid only during the call and reads exactly the file's bytes (it must not be
 * closed by the handler, but closing it is harmless). The handler may stop reading early.
 *
 * <p>The entry's {@link FileEntry#path()} is the path that matched; when it was reached through a
 * symlink or hard link, {@link FileEntry#linkTarget()} names the path whose bytes are delivered and the
 * other fields describe that file. A path stored twice in one layer is delivered once per occurrence
 * (the last one is the one the merged view lists), so that nothing an attacker stored is missed.
 */
@FunctionalInterface
public interface FileContentHandler {

    /**
     * Handles one file's content.
     *
     * @param entry the file
     * @param content its bytes, bounded to the file's size
     * @throws IOException to abort the walk; it is rethrown wrapped in an unchecked exception
     */
    void accept(FileEntry entry, InputStream content) throws IOException;
}
