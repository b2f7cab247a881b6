package dev.containersec.cli;

import dev.containersec.api.InvalidInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * The exit codes of the {@code containersec} command; part of the command-line contract
 * (see DESIGN.md, "The command line").
 */
public final class ExitCode {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** A gate failed: findings at or above {@code --fail-on}, a policy denied. */
    public static final int GATE_FAILED = 1;
    /** The command line was wrong: unknown option, missing or malformed argument, bad image syntax. */
    public static final int USAGE = 2;
    /** The input was bad: unreadable or hostile image, digest mismatch, missing tag or platform. */
    public static final int BAD_INPUT = 3;
    /** Anything else: a bug or an environment failure. */
    public static final int INTERNAL = 4;

    private ExitCode() {
    }

    /**
     * Maps a failure to its exit code.
     *
     * @param failure what a command threw
     * @return {@link #USAGE}, {@link #BAD_INPUT} or {@link #INTERNAL}
     */
    public static int of(Throwable failure) {
        if (failure instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException) {
                return BAD_INPUT;
            }
            // A path that does not exist or cannot be read is bad input, whichever layer noticed it.
            if (t instanceof NoSuchFileException || t instanceof AccessDeniedException) {
                return BAD_INPUT;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return INTERNAL;
    }
}
