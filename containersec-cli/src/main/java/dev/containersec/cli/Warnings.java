package dev.containersec.cli;

import dev.containersec.api.SkippedEntry;
import dev.containersec.image.WalkResult;
import java.io.PrintWriter;

/** Prints warnings to stderr, one line each, prefixed {@code containersec: warning:}. */
public final class Warnings {
    private Warnings() {
    }

    /**
     * Reports the entries a walk skipped: their count, then each listed one with where and why.
     *
     * @param result the walk's result
     * @param err stderr
     */
    public static void skipped(WalkResult result, PrintWriter err) {
        long total = result.skippedTotal();
        if (total == 0) {
            return;
        }
        err.println("containersec: warning: " + total + (total == 1 ? " entry" : " entries")
                + " of the image skipped");
        for (SkippedEntry s : result.skipped()) {
            err.println("containersec: warning: skipped " + Text.printable(s.path()) + " in " + Text.printable(s.where())
                    + ": " + s.reason() + " (" + Text.printable(s.detail()) + ")");
        }
        if (result.skippedNotListed() > 0) {
            err.println("containersec: warning: ... and " + result.skippedNotListed() + " more skipped entries not listed");
        }
    }
}
