package dev.containersec.cli.image;

import dev.containersec.api.FileEntry;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Writes a file listing as its entries arrive, holding none of them. Write failures surface as
 * {@link java.io.UncheckedIOException} from {@link #accept(Object)}.
 */
interface FileListRenderer extends Consumer<FileEntry> {

    /**
     * Completes the output (closes the JSON array, flushes).
     *
     * @throws IOException on write failure
     */
    void finish() throws IOException;
}
