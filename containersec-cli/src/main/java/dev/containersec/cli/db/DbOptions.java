package dev.containersec.cli.db;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --db DIR} option shared by {@code db} and {@code scan}, with its default. */
public final class DbOptions {

    @Option(names = "--db", paramLabel = "DIR",
            description = "The vulnerability database directory (default: $XDG_CACHE_HOME/containersec/db, "
                    + "else ~/.cache/containersec/db).")
    Path dir;

    /**
     * Returns the directory: the option, else the XDG cache default.
     *
     * @return the database directory
     */
    public Path dir() {
        return dir != null ? dir : defaultDir(System.getenv(), System.getProperty("user.home"));
    }

    /**
     * Computes the default directory.
     *
     * @param env the environment
     * @param home the user's home directory
     * @return {@code $XDG_CACHE_HOME/containersec/db} when that variable is an absolute path, else
     *     {@code ~/.cache/containersec/db}
     */
    static Path defaultDir(Map<String, String> env, String home) {
        String xdg = env.get("XDG_CACHE_HOME");
        // The XDG spec says relative values are invalid and must be ignored.
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "containersec", "db");
        }
        return Path.of(home, ".cache", "containersec", "db");
    }
}
