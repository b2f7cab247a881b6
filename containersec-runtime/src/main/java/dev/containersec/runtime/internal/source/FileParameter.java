package dev.containersec.runtime.internal.source;

import dev.containersec.api.ContainerSecException;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.NotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Opens the {@code path} parameter of the file sources: a file, or {@code -} for standard input. */
public final class FileParameter {

    /** An opened input and its size ({@code -1} for standard input). */
    public record Input(String name, InputStream stream, long size) {
    }

    private FileParameter() {
    }

    /** Fails on a parameter not in {@code known}. */
    public static void checkKnown(String source, Map<String, String> parameters, Set<String> known) {
        for (String key : parameters.keySet()) {
            if (!known.contains(key)) {
                throw new InvalidInputException(source + " source parameters", "unknown parameter '" + key
                        + "'; expected one of " + known);
            }
        }
    }

    /** Opens {@code parameters.path}. */
    public static Input open(String source, Map<String, String> parameters) {
        String path = parameters.get("path");
        if (path == null || path.isEmpty()) {
            throw new InvalidInputException(source + " source parameters", "parameter 'path' is required (a file,"
                    + " or - for standard input)");
        }
        if (path.equals("-")) {
            // standard input belongs to the application: closing the stream must not close it
            return new Input("stdin", new FilterInputStream(System.in) {
                @Override
                public void close() {
                }
            }, -1);
        }
        Path file = Path.of(path);
        try {
            return new Input(path, Files.newInputStream(file), Files.size(file));
        } catch (NoSuchFileException e) {
            throw new NotFoundException(source + " source", "file", path, List.of());
        } catch (IOException e) {
            throw new ContainerSecException("cannot open " + path + ": " + e.getMessage(), e);
        }
    }
}
