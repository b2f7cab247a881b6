package dev.containersec.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import picocli.CommandLine;

/** Runs the command line in-process with captured stdout and stderr. */
public final class Cli {
    private Cli() {
    }

    /** What one run produced. */
    public record Result(int exitCode, String out, String err) {

        /** @return stderr split into lines, without empty ones */
        public List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        /**
         * Aborts the calling test while the image reader still throws UnsupportedOperationException
         * (it is being implemented in containersec-image); a no-op once it works.
         *
         * @return this result
         */
        public Result requireImageReader() {
            Assumptions.assumeFalse(exitCode == ExitCode.INTERNAL && err.contains("UnsupportedOperationException"),
                    "containersec-image's reader is not implemented yet");
            return this;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /**
     * Runs {@code containersec ARGS...} with stderr not a terminal.
     *
     * @param args the arguments
     * @return the result
     */
    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err), false);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Runs the command line with an extra subcommand added to the root, to exercise error handling.
     *
     * @param extra the subcommand object
     * @param args the arguments
     * @return the result
     */
    static Result runWith(Object extra, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err);
        CommandLine cl = Main.commandLine(new ContainersecCommand(false), o, e, extra);
        int code = cl.execute(args);
        o.flush();
        e.flush();
        return new Result(code, out.toString(), err.toString());
    }
}
