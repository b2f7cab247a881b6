package dev.containersec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.ContainerSecException;
import dev.containersec.api.Digest;
import dev.containersec.api.DigestMismatchException;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.NotFoundException;
import dev.containersec.api.ScanLimits;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExitCodeTest {

    @Test
    void invalidInputAndSubclasses_areBadInput() {
        Digest d = Digest.sha256(new byte[0]);
        assertThat(ExitCode.of(new InvalidInputException("x", "y"))).isEqualTo(3);
        assertThat(ExitCode.of(new DigestMismatchException("layer 0", d, "sha256:00"))).isEqualTo(3);
        assertThat(ExitCode.of(new NotFoundException("oci:x", "tag", "v2", List.of("v1")))).isEqualTo(3);
        assertThat(ExitCode.of(new LimitExceededException("layer 0", ScanLimits.Limit.LAYER_BYTES, 1, 2))).isEqualTo(3);
    }

    @Test
    void invalidInputAsCause_isBadInput() {
        assertThat(ExitCode.of(new RuntimeException(new InvalidInputException("x", "y")))).isEqualTo(3);
    }

    @Test
    void missingFile_isBadInput() {
        assertThat(ExitCode.of(new UncheckedIOException(new NoSuchFileException("/x")))).isEqualTo(3);
    }

    @Test
    void parameterException_isUsage() {
        CommandLine cl = new CommandLine(new ContainersecCommand(false));
        assertThat(ExitCode.of(new CommandLine.ParameterException(cl, "bad"))).isEqualTo(2);
    }

    @Test
    void anythingElse_isInternal() {
        assertThat(ExitCode.of(new IllegalStateException())).isEqualTo(4);
        assertThat(ExitCode.of(new ContainerSecException("generic"))).isEqualTo(4);
        assertThat(ExitCode.of(new UnsupportedOperationException())).isEqualTo(4);
    }
}
