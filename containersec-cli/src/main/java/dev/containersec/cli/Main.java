package dev.containersec.cli;

import dev.containersec.api.ContainerSecException;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The entry point of the {@code containersec} command. It wires picocli, maps every outcome to an exit
 * code (see {@link ExitCode}) and is the only place that calls {@link System#exit(int)}.
 *
 * <p>stdout carries the result only (a table or JSON); errors, warnings and progress go to stderr.
 * An error is one line, {@code containersec: <what went wrong>}; {@code --debug} adds the stack trace.
 */
public final class Main {

    /**
     * Set to {@code true} or {@code false} (by the {@code ./containersec} launcher, which can test
     * {@code [ -t 2 ]}) to say whether stderr is a terminal. Without it, the JVM's console is asked.
     */
    public static final String STDERR_TERMINAL_PROPERTY = "containersec.stderr.terminal";

    private Main() {
    }

    /**
     * Runs the command line and exits with its exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new BufferedWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16));
        PrintWriter err = new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        int code = execute(args, out, err, stderrIsTerminal());
        System.exit(code);
    }

    /**
     * Runs the command line in-process, as {@link #main(String[])} does but without exiting.
     *
     * @param args the arguments
     * @param out where results go
     * @param err where errors, warnings and progress go
     * @param stderrIsTerminal whether {@code err} is an interactive terminal
     * @return the exit code
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, boolean stderrIsTerminal) {
        ContainersecCommand root = new ContainersecCommand(stderrIsTerminal);
        CommandLine commandLine = commandLine(root, out, err);
        int code;
        try {
            code = commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
        return code;
    }

    /**
     * Builds the configured picocli command line for a root command.
     *
     * @param root the root command object
     * @param out where results go
     * @param err where errors go
     * @param extraSubcommands further subcommands for the root (tests use this)
     * @return the command line, ready to execute
     */
    static CommandLine commandLine(ContainersecCommand root, PrintWriter out, PrintWriter err,
                                   Object... extraSubcommands) {
        CommandLine commandLine = new CommandLine(root);
        for (Object extra : extraSubcommands) {
            commandLine.addSubcommand(extra);
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setOverwrittenOptionsAllowed(false);
        commandLine.setExecutionStrategy(parseResult -> {
            if (root.debug()) {
                // Only effective before the first logger is created, which is the case here.
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setParameterExceptionHandler((ParameterException e, String[] args) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            e.getCommandLine().getErr().println(command + ": " + Text.printable(oneLine(e.getMessage()))
                    + " (see '" + command + " --help')");
            if (root.debug()) {
                e.printStackTrace(e.getCommandLine().getErr());
            }
            return ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            int code = ExitCode.of(e);
            cl.getErr().println("containersec: " + Text.printable(describe(e, code, root.debug())));
            if (root.debug()) {
                e.printStackTrace(cl.getErr());
            }
            return code;
        });
        return commandLine;
    }

    private static String describe(Exception e, int code, boolean debug) {
        if (e instanceof ParameterException || e instanceof ContainerSecException) {
            return oneLine(e.getMessage());
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSuchFileException) {
                return "no such file or directory: " + oneLine(t.getMessage());
            }
            if (t instanceof AccessDeniedException) {
                return "permission denied: " + oneLine(t.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String what = code == ExitCode.INTERNAL ? "internal error: " : "";
        return what + oneLine(e.toString()) + (debug ? "" : " (run with --debug for the stack trace)");
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static boolean stderrIsTerminal() {
        String told = System.getProperty(STDERR_TERMINAL_PROPERTY);
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        return System.console() != null;
    }
}
