package dev.containersec.cli.image;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.containersec.api.FileEntry;
import dev.containersec.cli.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes {@code image ls --format json}: an array with one object per line, streamed. The array is
 * opened with the first entry, so a walk that fails before listing leaves stdout empty.
 */
final class FileListJsonRenderer implements FileListRenderer {
    private final Writer out;
    private final JsonGenerator g;
    private boolean started;

    FileListJsonRenderer(Writer out) throws IOException {
        this.out = out;
        this.g = Json.generator(out, false);
        // Entries are written as root-level values; the separators between them are ours.
        g.setRootValueSeparator(null);
    }

    @Override
    public void accept(FileEntry e) {
        try {
            g.writeRaw(started ? ",\n" : "[\n");
            started = true;
            g.writeStartObject();
            g.writeStringField("path", e.path());
            g.writeStringField("type", e.type().reportName());
            g.writeNumberField("size", e.size());
            g.writeStringField("mode", e.octalMode());
            g.writeNumberField("uid", e.uid());
            g.writeNumberField("gid", e.gid());
            g.writeStringField("layer", e.layerDigest().toString());
            g.writeNumberField("layerIndex", e.layerIndex());
            if (e.linkTarget().isPresent()) {
                g.writeStringField("linkTarget", e.linkTarget().get());
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void finish() throws IOException {
        g.writeRaw(started ? "\n]\n" : "[]\n");
        g.close();
        out.flush();
    }
}
