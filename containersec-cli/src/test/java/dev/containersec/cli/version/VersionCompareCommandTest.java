package dev.containersec.cli.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.cli.Cli;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionCompareCommandTest {

    @ParameterizedTest(name = "{0}: {1} {3} {2}")
    @CsvSource(delimiter = '|', value = {
        "Maven      | 1.0-alpha-1  | 1.0          | <",
        "maven      | 2.14.1       | 2.15.0       | <",
        "PyPI       | 1.0.post1    | 1.0          | >",
        "npm        | 1.0.0-rc.1   | 1.0.0        | <",
        "Debian:12  | 1.0~rc1-1    | 1.0-1        | <",
        "deb        | 1:0.9        | 2.0          | >",
        "AlmaLinux  | 1.0^git1     | 1.0          | >",
        "Alpine     | 1.2.3-r1     | 1.2.3_rc1-r0 | >",
        "Go         | v1.2.3       | 1.2.3        | =",
    })
    void compare_printsTheEcosystemsOrder(String ecosystem, String a, String b, String expected) {
        Cli.Result r = Cli.run("version", "compare", "--ecosystem", ecosystem, a, b);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().strip()).isEqualTo(expected);
    }

    @Test
    void compare_stdin_answersEachPairOnItsOwnLine() {
        Cli.Result r = withStdin("1.0 2.0\n\n2.0 2.0\n3.0 2.0\n", "version", "compare", "-e", "Maven", "--stdin");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().lines()).containsExactly("<", "=", ">");
    }

    @Test
    void compare_stdinLineWithoutAPair_isBadInputNamingTheLine() {
        Cli.Result r = withStdin("1.0.0 2.0.0\n1.0.0\n", "version", "compare", "-e", "npm", "--stdin");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("stdin line 2");
    }

    @Test
    void compare_invalidVersion_isBadInput() {
        assertThat(Cli.run("version", "compare", "-e", "npm", "not.a.version", "1.0.0").exitCode()).isEqualTo(3);
    }

    @Test
    void compare_unknownEcosystem_isUsageError() {
        Cli.Result r = Cli.run("version", "compare", "-e", "Fortran", "1", "2");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Fortran");
    }

    private static Cli.Result withStdin(String input, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return Cli.run(args);
        } finally {
            System.setIn(saved);
        }
    }
}
