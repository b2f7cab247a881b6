package dev.containersec.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Expands command-line inputs into manifest files: a file is taken as it is, a directory stands for
 * every {@code .yaml}, {@code .yml} and {@code .json} file below it, sorted, so that a platform team can
 * point a command at a folder of manifests. Symlinked directories are not followed.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /**
     * Expands the inputs.
     *
     * @param inputs files and directories as given
     * @return the files, in argument order, each directory's files sorted
     * @throws UncheckedIOException wrapping {@link NoSuchFileException} for an input that does not exist
     */
    public static List<Path> manifests(List<Path> inputs) {
        List<Path> out = new ArrayList<>();
        for (Path in : inputs) {
            if (!Files.exists(in)) {
                throw new UncheckedIOException(new NoSuchFileException(in.toString()));
            }
            if (!Files.isDirectory(in)) {
                out.add(in);
                continue;
            }
            try (Stream<Path> s = Files.walk(in)) {
                s.filter(Files::isRegularFile).filter(InputFiles::isManifest).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static boolean isManifest(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }
}
