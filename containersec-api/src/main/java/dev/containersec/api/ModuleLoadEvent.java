package dev.containersec.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A process loaded a kernel module: from a file ({@code finit_module}, when {@link #path()} is present)
 * or from memory ({@code init_module}).
 *
 * @param timestamp when the call returned
 * @param process the loading process
 * @param moduleName the module's name, or {@code ""} when the source could not tell
 * @param path the file the module was loaded from, for {@code finit_module}
 */
public record ModuleLoadEvent(Instant timestamp, ProcessContext process, String moduleName, Optional<String> path)
        implements RuntimeEvent {

    /** Checks for nulls. */
    public ModuleLoadEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(moduleName, "moduleName");
        Objects.requireNonNull(path, "path");
    }

    /**
     * Returns {@code finit_module} when the module came from a file, {@code init_module} otherwise.
     *
     * @return the system call name
     */
    @Override
    public String eventType() {
        return path.isPresent() ? "finit_module" : "init_module";
    }
}
