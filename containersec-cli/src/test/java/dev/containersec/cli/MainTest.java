package dev.containersec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.InvalidInputException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

class MainTest {

    @Test
    void version_printsProjectVersion_exit0() {
        Cli.Result r = Cli.run("--version");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("containersec ").doesNotContain("${").contains("Java ");
        assertThat(r.out().lines().findFirst().orElseThrow()).matches("containersec \\d+\\.\\d+\\.\\d+.*");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void help_onRoot_listsCommandsAndExitCodes() {
        Cli.Result r = Cli.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: containersec", "image", "--debug", "--progress", "Exit codes:",
                "3", "bad input");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void help_onEveryCommand_exit0() {
        for (String[] args : new String[][] {
            {"image", "--help"}, {"image", "inspect", "--help"}, {"image", "ls", "--help"}, {"help", "image"}}) {
            Cli.Result r = Cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
            assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: containersec");
        }
    }

    @Test
    void help_ofInspectAndLs_documentTheirJsonFields() {
        assertThat(Cli.run("image", "inspect", "--help").out())
                .contains("manifestDigest", "configDigest", "availablePlatforms", "layers[]", "exposedPorts");
        assertThat(Cli.run("image", "ls", "--help").out())
                .contains("path", "type", "mode", "layerIndex", "linkTarget", "uid", "gid");
    }

    @Test
    void unknownOption_isUsageError_oneLineOnStderr() {
        Cli.Result r = Cli.run("image", "inspect", "--frobnicate", "x");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("--frobnicate").contains("containersec image inspect --help");
    }

    @Test
    void unknownCommand_isUsageError() {
        Cli.Result r = Cli.run("frobnicate");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.errLines()).hasSize(1);
    }

    @Test
    void missingImageArgument_isUsageError() {
        Cli.Result r = Cli.run("image", "ls");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.errLines()).singleElement().asString().contains("IMAGE");
    }

    @Test
    void missingSubcommand_isUsageError() {
        assertThat(Cli.run("image").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(Cli.run().exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void badImageSyntax_isUsageError_namingTheProblem() {
        Cli.Result r = Cli.run("image", "inspect", "oci:");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.errLines()).singleElement().asString().contains("missing path after 'oci:'");

        Cli.Result bad = Cli.run("image", "inspect", "oci-archive:x.tar@sha256:zz");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.errLines()).singleElement().asString().contains("bad digest");
    }

    @Test
    void badPlatformOrFormat_isUsageError() {
        assertThat(Cli.run("image", "inspect", "--platform", "linux", "x").exitCode()).isEqualTo(ExitCode.USAGE);
        Cli.Result r = Cli.run("image", "ls", "--format", "xml", "x");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("table", "json");
    }

    @Test
    void formatValues_areCaseInsensitive() {
        // Parsing succeeds (the missing image is then bad input, not a usage error).
        assertThat(Cli.run("image", "ls", "--format", "JSON", "/nonexistent/image.tar").exitCode())
                .isNotEqualTo(ExitCode.USAGE);
    }

    @Test
    void missingFile_isBadInput_oneLine() {
        Cli.Result r = Cli.run("image", "inspect", "oci-archive:/nonexistent/image.tar").requireImageReader();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).singleElement().asString().startsWith("containersec: ").contains("/nonexistent/image.tar");
    }

    @Test
    void missingBarePath_isBadInput() {
        Cli.Result r = Cli.run("image", "ls", "/nonexistent/dir").requireImageReader();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.errLines()).hasSize(1);
    }

    @Test
    void invalidInput_isExit3_withoutStackTrace_unlessDebug() {
        Cli.Result r = Cli.runWith(new Failing(new InvalidInputException("layer 1", "truncated gzip stream")), "fail");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.errLines()).containsExactly("containersec: layer 1: truncated gzip stream");

        Cli.Result debug = Cli.runWith(new Failing(new InvalidInputException("layer 1", "truncated")), "fail", "--debug");
        assertThat(debug.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(debug.err()).contains("containersec: layer 1: truncated", "at dev.containersec.cli.MainTest");
    }

    @Test
    void debug_beforeTheSubcommand_worksToo() {
        Cli.Result debug = Cli.runWith(new Failing(new IllegalStateException("boom")), "--debug", "fail");
        assertThat(debug.exitCode()).isEqualTo(ExitCode.INTERNAL);
        assertThat(debug.err()).contains("java.lang.IllegalStateException: boom", "\tat ");
    }

    @Test
    void unexpectedException_isExit4_oneLineWithHint() {
        Cli.Result r = Cli.runWith(new Failing(new IllegalStateException("boom\nsecond line")), "fail");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INTERNAL);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("containersec: internal error: java.lang.IllegalStateException: boom second line")
                .contains("--debug");
    }

    @Test
    void controlCharactersInMessages_areEscaped() {
        Cli.Result r = Cli.runWith(new Failing(new InvalidInputException("layer 0", "bad path \u001b[31mred")), "fail");
        assertThat(r.err()).doesNotContain("\u001b").contains("\\x1b[31mred");
    }

    /** A command that throws what it is given. */
    @Command(name = "fail")
    static final class Failing implements Callable<Integer> {
        private final RuntimeException failure;

        Failing(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() {
            throw failure;
        }
    }
}
