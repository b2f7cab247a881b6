package dev.containersec.cli;

import dev.containersec.api.ProgressListener;
import java.io.PrintWriter;

/**
 * Draws progress on stderr (never stdout). On a terminal one line is redrawn in place at most ten
 * times a second and erased when done; elsewhere (a CI log with {@code --progress}) a line is
 * printed when a task starts and at most once every two seconds after that.
 *
 * <p>Thread-safe: walks may report from any thread.
 */
public final class Progress implements ProgressListener {
    private static final long TERMINAL_INTERVAL_NANOS = 100_000_000L;
    private static final long LOG_INTERVAL_NANOS = 2_000_000_000L;
    private static final int WIDTH = 78;

    private final PrintWriter err;
    private final boolean terminal;
    private String lastTask = "";
    private long lastDrawn;
    private boolean lineOpen;

    private Progress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * Returns the progress listener a command should use.
     *
     * @param root the root command, which knows whether progress is wanted and whether stderr is a terminal
     * @param err stderr
     * @return a drawing listener, or one that ignores everything
     */
    public static Progress forCommand(ContainersecCommand root, PrintWriter err) {
        return new Progress(root.showProgress() ? err : null, root.stderrIsTerminal());
    }

    @Override
    public synchronized void progress(String task, long done, long total) {
        if (err == null) {
            return;
        }
        long now = System.nanoTime();
        boolean newTask = !task.equals(lastTask);
        long interval = terminal ? TERMINAL_INTERVAL_NANOS : LOG_INTERVAL_NANOS;
        if (!newTask && now - lastDrawn < interval && done != total) {
            return;
        }
        lastTask = task;
        lastDrawn = now;
        String line = Text.printable(task) + "  " + Text.bytes(done)
                + (total > 0 ? " / " + Text.bytes(total) + " (" + Math.min(100, done * 100 / total) + "%)" : "");
        if (terminal) {
            if (line.length() > WIDTH) {
                line = line.substring(0, WIDTH);
            }
            err.print("\r" + line + " ".repeat(WIDTH - line.length()));
            err.flush();
            lineOpen = true;
        } else if (newTask || done != total) {
            err.println(line);
        }
    }

    /** Erases the progress line on a terminal. Safe to call more than once. */
    public synchronized void finish() {
        if (err != null && lineOpen) {
            err.print("\r" + " ".repeat(WIDTH) + "\r");
            err.flush();
            lineOpen = false;
        }
    }
}
