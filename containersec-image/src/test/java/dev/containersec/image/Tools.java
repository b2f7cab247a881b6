package dev.containersec.image;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** The external tools real-image tests use (umoci, skopeo, rpm, npm...): found on the PATH, or the test is skipped. */
public final class Tools {
    private Tools() {
    }

    /**
     * Tells whether an executable of that name is on the PATH.
     *
     * @param tool the executable's name
     * @return true when found
     */
    public static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Skips the calling test unless every tool is installed (CI installs them all, so nothing is skipped there).
     *
     * @param tools the executables needed
     */
    public static void assumeTools(String... tools) {
        for (String t : tools) {
            assumeTrue(onPath(t), t + " is not installed");
        }
    }
}
