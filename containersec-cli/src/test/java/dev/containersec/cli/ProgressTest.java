package dev.containersec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static ContainersecCommand root(boolean terminal, String... args) {
        ContainersecCommand root = new ContainersecCommand(terminal);
        new picocli.CommandLine(root).parseArgs(args);
        return root;
    }

    @Test
    void notATerminal_withoutFlag_drawsNothing() {
        StringWriter err = new StringWriter();
        Progress p = Progress.forCommand(root(false), new PrintWriter(err, true));
        p.progress("layer 1/1 sha256:ab", 10, 100);
        p.finish();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void flag_withoutTerminal_printsLines() {
        StringWriter err = new StringWriter();
        Progress p = Progress.forCommand(root(false, "--progress"), new PrintWriter(err, true));
        p.progress("layer 1/2 sha256:ab", 10, 100);
        p.progress("layer 2/2 sha256:cd", 5, 50);
        p.finish();
        assertThat(err.toString()).doesNotContain("\r").contains("layer 1/2 sha256:ab  10 B / 100 B (10%)",
                "layer 2/2");
    }

    @Test
    void terminal_redrawsInPlace_andErasesWhenDone() {
        StringWriter err = new StringWriter();
        Progress p = Progress.forCommand(root(true), new PrintWriter(err, true));
        p.progress("layer 1/1 sha256:ab", 100, 100);
        p.finish();
        assertThat(err.toString()).startsWith("\rlayer 1/1").endsWith("\r").doesNotContain("\n");
    }
}
