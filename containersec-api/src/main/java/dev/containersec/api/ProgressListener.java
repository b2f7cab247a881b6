package dev.containersec.api;

/**
 * Receives progress of long-running work, such as walking the layers of a large image. Calls come
 * from the thread doing the work and must return quickly; implementations decide how (and whether) to
 * show progress. Library code never prints: the CLI renders these calls on stderr.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores every call. */
    ProgressListener NONE = (task, done, total) -> { };

    /**
     * Reports progress.
     *
     * @param task what is being done, e.g. {@code "layer 2/5 sha256:ab12..."}
     * @param done units done so far (bytes for layers)
     * @param total units in all, or {@code -1} when unknown
     */
    void progress(String task, long done, long total);
}
