package dev.containersec.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's embedding example is the core of {@link InspectImage}, so it compiles and runs. */
class ReadmeExampleTest {

    @Test
    void readmeJavaBlock_isTheCoreOfInspectImage() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), UTF_8);
        String block = readme.split("```java\n", 2)[1].split("```", 2)[0];
        String source = Files.readString(
                Path.of("src/main/java/dev/containersec/examples/InspectImage.java"), UTF_8);
        String core = source.split("// --- the README's embedding example starts here\n", 2)[1]
                .split("\\s*// --- and ends here", 2)[0];
        assertThat(block.strip()).isEqualTo(core.stripIndent().strip());
    }
}
